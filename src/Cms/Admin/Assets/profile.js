// The profile forms ("Mon profil", one per user on the Users page): the bio's length as it is typed, and the photo chosen
// in the media library's dialog (media-picker.js) instead of typing its path; one dialog for all. Run once every
// deferred script has (media-picker.js comes from the layout, after this page's own script).
document.addEventListener('DOMContentLoaded', () => {
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

  const boxes = document.querySelectorAll('[data-profile-photo]');
  if (!window.MediaPicker || boxes.length === 0) return;

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
    choose.addEventListener('click', () => MediaPicker.open(show));
    clear.addEventListener('click', () => { show(null); choose.focus(); });
  });
});
