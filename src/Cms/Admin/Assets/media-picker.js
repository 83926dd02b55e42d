// The image dialog shared by the editor (admin.js) and the profile forms (profile.js): the latest uploads, a search or
// a folder, loaded as HTML from /admin/media/picker. MediaPicker.open(choose) opens it; choose gets the chosen image's
// data attributes (path, thumb, alt, ...).
window.MediaPicker = (() => {
  const picker = document.getElementById('media-picker');
  if (!picker) return null;
  const body = picker.querySelector('[data-picker-body]');
  let onChoose = null;

  async function show(choose, query) {
    if (choose) onChoose = choose;
    let html;
    try {
      const response = await fetch('/admin/media/picker?' + (query || ''), { credentials: 'same-origin' });
      html = response.ok ? await response.text() : '<p>La médiathèque ne répond pas.</p>';
    } catch {
      html = '<p>La médiathèque ne répond pas.</p>';
    }
    // A folder or a search asked for from the dialog: if an image was chosen (or the dialog closed) meanwhile, the
    // answer comes too late and must not open the dialog again.
    if (!choose && !picker.open) return;
    body.innerHTML = html;
    if (!picker.open) picker.showModal();
    const first = body.querySelector('button.pick') || body.querySelector('input');
    if (first && !body.contains(document.activeElement)) first.focus();
  }

  picker.addEventListener('click', e => {
    const folder = e.target.closest('[data-folder]');
    const choice = e.target.closest('button.pick');
    if (folder) show(null, 'folder=' + encodeURIComponent(folder.dataset.folder));
    else if (e.target.closest('[data-latest]')) show(null, '');
    else if (choice) { picker.close(); onChoose(choice.dataset); }
    else if (e.target.closest('[data-close-picker]')) picker.close();
  });
  picker.addEventListener('submit', e => {
    if (!e.target.matches('[data-picker-search]')) return;
    e.preventDefault();
    show(null, 'q=' + encodeURIComponent(e.target.elements.namedItem('q').value));
  });

  return { open: choose => show(choose, '') };
})();
