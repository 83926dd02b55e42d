// Progressive behaviour for the admin pages: every form still works without it.
(() => {
  document.addEventListener('click', e => {
    const button = e.target.closest('button[data-confirm]');
    if (button && !confirm(button.dataset.confirm)) e.preventDefault();
    const copy = e.target.closest('button[data-copy-button]');
    if (copy) {
      const input = document.getElementById(copy.dataset.copyButton);
      input.select();
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(() => { copy.textContent = 'Copié'; });
    }
  });

  const form = document.getElementById('article-form');
  if (!form) return;
  const dirty = form.elements.namedItem('dirty');
  const basedOn = form.elements.namedItem('basedOn');
  const status = form.querySelector('.autosave');
  const editor = document.getElementById('body-editor');
  const bodyHtml = document.getElementById('body-html');
  const title = form.querySelector('[data-slug-source]');
  const slug = form.querySelector('[data-slug]');
  let pending = null;
  let leaving = false;

  const markDirty = () => { dirty.value = '1'; };
  form.querySelector('fieldset').addEventListener('input', markDirty);
  form.querySelector('fieldset').addEventListener('change', markDirty);

  // The slug follows the title until someone edits it by hand.
  if (title && slug) {
    const slugify = text => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
    let follows = slug.value === '' || slug.value === slugify(title.value);
    slug.addEventListener('input', () => { follows = slug.value === ''; });
    title.addEventListener('input', () => { if (follows) slug.value = slugify(title.value); });
  }

  // The image dialog: one folder of the media library at a time, loaded as HTML from /admin/media/picker.
  const picker = document.getElementById('media-picker');
  let onChoose = null;
  async function openPicker(choose, folder) {
    onChoose = choose;
    const body = picker.querySelector('[data-picker-body]');
    try {
      const response = await fetch('/admin/media/picker?folder=' + encodeURIComponent(folder || ''));
      body.innerHTML = response.ok ? await response.text() : '<p>La médiathèque ne répond pas.</p>';
    } catch {
      body.innerHTML = '<p>La médiathèque ne répond pas.</p>';
    }
    if (!picker.open) picker.showModal();
  }
  if (picker) {
    picker.addEventListener('click', e => {
      const folder = e.target.closest('[data-folder]');
      const choice = e.target.closest('button.pick');
      if (folder) openPicker(onChoose, folder.dataset.folder);
      else if (choice) { picker.close(); onChoose(choice.dataset); }
      else if (e.target.closest('[data-close-picker]')) picker.close();
    });
    form.querySelectorAll('[data-pick-media]').forEach(button => button.addEventListener('click', () => {
      const input = document.getElementById(button.dataset.pickMedia);
      const alt = document.getElementById(button.dataset.pickMedia + '-alt');
      const preview = button.closest('[data-media-field]').querySelector('.media-preview');
      openPicker(chosen => {
        input.value = chosen.path;
        if (alt) alt.value = chosen.alt || '';
        preview.src = chosen.thumb;
        preview.hidden = false;
        markDirty();
      });
    }));
  }

  if (editor && bodyHtml) {
    const sync = () => { bodyHtml.value = editor.innerHTML; };
    const insertImage = form.querySelector('[data-insert-image]');
    if (insertImage && picker) insertImage.addEventListener('click', () => {
      const selection = window.getSelection();
      const range = selection.rangeCount && editor.contains(selection.anchorNode) ? selection.getRangeAt(0).cloneRange() : null;
      openPicker(chosen => {
        const figure = document.createElement('figure');
        const image = document.createElement('img');
        image.src = chosen.src;
        image.alt = chosen.alt || '';
        figure.appendChild(image);
        const caption = [chosen.caption, chosen.credit].filter(Boolean).join(' — ');
        if (caption) {
          const figcaption = document.createElement('figcaption');
          figcaption.textContent = caption;
          figure.appendChild(figcaption);
        }
        if (range) { range.collapse(false); range.insertNode(figure); } else editor.appendChild(figure);
        sync();
        markDirty();
      });
    });
    editor.addEventListener('input', () => { sync(); markDirty(); });
    document.execCommand('defaultParagraphSeparator', false, 'p');
    form.querySelectorAll('[data-command]').forEach(button => button.addEventListener('click', () => {
      editor.focus();
      const command = button.dataset.command;
      let value = button.dataset.value || null;
      if (command === 'createLink') {
        value = prompt('Adresse du lien (https://…)');
        if (!value) return;
      }
      document.execCommand(command, false, value);
      sync();
      markDirty();
    }));
  }

  const reject = form.querySelector('button[data-needs]');
  if (reject) reject.addEventListener('click', e => {
    const field = document.getElementById(reject.dataset.needs);
    if (field && field.value.trim() === '') {
      e.preventDefault();
      status.textContent = 'Écrivez un commentaire pour l’auteur avant de rejeter.';
      field.focus();
    }
  });

  // The autosave keeps the form's state as this user's one rolling autosave of the item (never a version), and
  // names the fields a save would still refuse, marking them.
  const autosaveUrl = () => form.dataset.autosave;
  function markIncomplete(fields) {
    form.querySelectorAll('[aria-invalid="true"]').forEach(input => {
      input.removeAttribute('aria-invalid');
      input.classList.remove('incomplete');
    });
    (fields || []).forEach(field => {
      const input = document.getElementById(field.id);
      if (!input) return;
      input.setAttribute('aria-invalid', 'true');
      input.classList.add('incomplete');
    });
  }
  async function autosave() {
    if (!autosaveUrl() || dirty.value !== '1' || pending || leaving) return pending;
    dirty.value = '0';
    const data = new FormData(form);
    data.delete('act');
    pending = fetch(autosaveUrl(), { method: 'POST', body: data, headers: { 'Accept': 'application/json' } })
      .then(r => r.ok ? r.json() : { saved: false, message: 'Enregistrement automatique impossible.' })
      .then(result => {
        if (!result.saved) dirty.value = '1';
        status.textContent = result.message;
        markIncomplete(result.fields);
        return result;
      })
      .catch(() => { dirty.value = '1'; status.textContent = 'Hors ligne : le brouillon sera enregistré plus tard.'; })
      .finally(() => { pending = null; });
    return pending;
  }
  setInterval(autosave, 4000);
  form.cmsAutosave = () => { dirty.value = '1'; return autosave(); };

  // A click while an autosave is on its way waits for it, so the form is based on the version it produced.
  form.addEventListener('submit', e => {
    if (pending) {
      e.preventDefault();
      const submitter = e.submitter;
      pending.then(() => form.requestSubmit(submitter));
      return;
    }
    leaving = true;
  });

  document.addEventListener('keydown', e => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      const save = form.querySelector('button[value="save"]');
      if (save) { e.preventDefault(); save.click(); }
    }
  });

  window.addEventListener('beforeunload', e => {
    if (!leaving && (dirty.value === '1' || pending)) { e.preventDefault(); e.returnValue = ''; }
  });
})();
