// The profile forms ("Mon profil", one per user on the Users page): the bio's length as it is typed, and the photo chosen
// in the media library's dialog (the editor's /admin/media/picker fragment) instead of typing its path; one dialog for all.
(() => {
  // The bio's length as it is typed: the limit is said before the server refuses (which keeps the text anyway).
  document.querySelectorAll('.profile-form [data-counter-for]').forEach(counter => {
    const input = document.getElementById(counter.dataset.counterFor);
    const max = Number(input.dataset.count);
    const show = () => {
      const n = input.value.trim().length; // as the server counts: UTF-16 units, trimmed
      counter.textContent = `${n} / ${max} caractères` + (n > max ? ' : trop long' : '');
      counter.classList.toggle('over', n > max);
    };
    input.addEventListener('input', show);
    show();
  });

  const picker = document.getElementById('media-picker');
  const boxes = document.querySelectorAll('[data-profile-photo]');
  if (!picker || boxes.length === 0) return;
  const body = picker.querySelector('[data-picker-body]');
  let onChoose = null;

  async function open(query, fresh) {
    let html;
    try {
      const response = await fetch('/admin/media/picker?' + (query || ''), { credentials: 'same-origin' });
      html = response.ok ? await response.text() : '<p>La médiathèque ne répond pas.</p>';
    } catch {
      html = '<p>La médiathèque ne répond pas.</p>';
    }
    // A folder's answer arriving after the dialog was closed must not open it again.
    if (!fresh && !picker.open) return;
    body.innerHTML = html;
    if (!picker.open) picker.showModal();
    const first = body.querySelector('button.pick') || body.querySelector('input');
    if (first) first.focus();
  }

  picker.addEventListener('click', e => {
    const folder = e.target.closest('[data-folder]');
    const choice = e.target.closest('button.pick');
    if (folder) open('folder=' + encodeURIComponent(folder.dataset.folder), false);
    else if (e.target.closest('[data-latest]')) open('', false);
    else if (choice) { picker.close(); onChoose(choice.dataset); }
    else if (e.target.closest('[data-close-picker]')) picker.close();
  });
  picker.addEventListener('submit', e => {
    if (!e.target.matches('[data-picker-search]')) return;
    e.preventDefault();
    open('q=' + encodeURIComponent(e.target.elements.namedItem('q').value), false);
  });

  boxes.forEach(box => {
    const input = box.querySelector('[data-photo-path]');
    const preview = box.querySelector('.media-preview');
    const choose = box.querySelector('[data-pick-photo]');
    const clear = box.querySelector('[data-clear-photo]');
    const show = chosen => {
      input.value = chosen ? chosen.path : '';
      preview.src = chosen ? chosen.thumb : '';
      preview.hidden = !chosen;
      clear.hidden = !chosen;
    };
    choose.hidden = false;
    clear.hidden = input.value === '';
    choose.addEventListener('click', () => { onChoose = show; open('', true); });
    clear.addEventListener('click', () => { show(null); choose.focus(); });
  });
})();
