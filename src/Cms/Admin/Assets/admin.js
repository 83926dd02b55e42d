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

  // The preview's width: the site at a desktop's 1280 px or a phone's 390 px (classes, never inline styles).
  document.querySelectorAll('[data-preview-width]').forEach(button => button.addEventListener('click', () => {
    const frame = document.getElementById('preview-frame');
    frame.classList.toggle('preview-phone', button.dataset.previewWidth === 'phone');
    frame.classList.toggle('preview-desktop', button.dataset.previewWidth !== 'phone');
    document.querySelectorAll('[data-preview-width]').forEach(b => b.setAttribute('aria-pressed', b === button ? 'true' : 'false'));
  }));

  // A toolbar is one Tab stop (the WAI-ARIA toolbar pattern): the arrow keys, Début and Fin move between its buttons,
  // so that a writer tabbing from the standfirst reaches the body after one stop instead of ten.
  document.querySelectorAll('[role="toolbar"]').forEach(bar => {
    const buttons = [...bar.querySelectorAll('button')];
    buttons.forEach((b, i) => { b.tabIndex = i === 0 ? 0 : -1; });
    bar.addEventListener('keydown', e => {
      const i = buttons.indexOf(document.activeElement);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
      if (i < 0 || next === undefined) return;
      e.preventDefault();
      const to = (next + buttons.length) % buttons.length;
      buttons[i].tabIndex = -1;
      buttons[to].tabIndex = 0;
      buttons[to].focus();
    });
  });

  const form = document.getElementById('article-form');
  if (!form) return;
  const dirty = form.elements.namedItem('dirty');
  const status = form.querySelector('.autosave');
  const editor = document.getElementById('body-editor');
  const bodyHtml = document.getElementById('body-html');
  const title = form.querySelector('[data-slug-source]');
  const slug = form.querySelector('[data-slug]');
  const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
  let pending = null;
  let leaving = false;

  // What the writer types makes the form dirty; the actions panel (a reviewer's comment, a date) does not. Two flags:
  // the form's "dirty" says the screen differs from the version it was loaded from, so that a transition saves it first
  // (an autosave is not a version: it must not clear it); "unsent" says the autosave has not kept the latest typing yet.
  let unsent = dirty.value === '1';
  const markDirty = () => { dirty.value = '1'; unsent = true; };
  const isContent = target => !target.closest('.actions');
  form.addEventListener('input', e => { if (isContent(e.target)) markDirty(); });
  form.addEventListener('change', e => { if (isContent(e.target)) markDirty(); });

  const post = (url, data) => fetch(url, { method: 'POST', body: data, headers: { 'Accept': 'application/json', 'RequestVerificationToken': token } });

  // The slug follows the title until someone edits it by hand.
  if (title && slug) {
    const slugify = text => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
    let follows = slug.value === '' || slug.value === slugify(title.value);
    slug.addEventListener('input', () => { follows = slug.value === ''; });
    title.addEventListener('input', () => { if (follows) slug.value = slugify(title.value); });
  }

  // Character counts (title, standfirst, SEO): the recommended length is a hint, never a refusal.
  form.querySelectorAll('[data-counter-for]').forEach(counter => {
    const input = document.getElementById(counter.dataset.counterFor);
    const max = Number(input.dataset.count || 0);
    const show = () => {
      const n = [...input.value].length;
      counter.textContent = max ? `${n} / ${max} caractères` + (n > max ? ' : plus long que recommandé' : '') : `${n} caractères`;
      counter.classList.toggle('over', max > 0 && n > max);
    };
    input.addEventListener('input', show);
    show();
  });

  // Word count and reading time of the body, as the writer types (about 230 words a minute).
  const wordCount = document.querySelector('[data-wordcount]');
  const countWords = () => {
    if (!wordCount || !editor) return;
    const words = (editor.innerText.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []).length;
    const minutes = Math.max(1, Math.round(words / 230));
    wordCount.textContent = `${words.toLocaleString('fr-FR')} mot${words > 1 ? 's' : ''} · ${minutes} min de lecture`;
  };

  // Uploads go through the admin's own handler (the API refuses the admin's cookie by design).
  async function upload(file, texts) {
    const data = new FormData();
    data.append('file', file, file.name || 'image');
    Object.entries(texts || {}).forEach(([k, v]) => data.append(k, v));
    const response = await post('/admin/media/picker?handler=Upload', data);
    const result = await response.json().catch(() => ({ message: 'Téléversement impossible.' }));
    if (!response.ok) throw new Error(result.message || 'Téléversement impossible.');
    return result;
  }
  const imageOf = transfer => [...(transfer?.files || [])].find(f => f.type.startsWith('image/'));

  // A media field (the lead image, the sharing image): a thumbnail to choose from the library, or to drop a file on.
  form.querySelectorAll('[data-media-field]').forEach(box => {
    const choose = box.querySelector('[data-pick-media]');
    const id = choose.dataset.pickMedia;
    const input = document.getElementById(id);
    const alt = document.getElementById(id + '-alt');
    const preview = box.querySelector('.media-preview');
    const clear = box.querySelector('[data-clear-media]');
    const drop = box.querySelector('[data-drop-upload]');
    const file = box.querySelector('[data-upload-for]');
    const set = chosen => {
      input.value = chosen ? chosen.path : '';
      if (alt) alt.value = chosen ? chosen.alt || '' : '';
      preview.src = chosen ? chosen.thumb : '';
      preview.hidden = !chosen;
      if (clear) clear.hidden = !chosen;
      markDirty();
      if (chosen && alt && !alt.value) alt.focus();
    };
    choose.addEventListener('click', () => MediaPicker.open(set));
    if (clear) clear.addEventListener('click', () => { set(null); choose.focus(); });
    const send = async f => {
      status.textContent = 'Téléversement de l’image…';
      try {
        set(await upload(f, {}));
        status.textContent = 'Image téléversée.';
      } catch (error) { status.textContent = error.message; }
    };
    if (file) file.addEventListener('change', () => { if (file.files[0]) send(file.files[0]); file.value = ''; });
    drop.addEventListener('dragover', e => { if ([...e.dataTransfer.types].includes('Files')) { e.preventDefault(); drop.classList.add('dropping'); } });
    drop.addEventListener('dragleave', () => drop.classList.remove('dropping'));
    drop.addEventListener('drop', e => {
      const f = imageOf(e.dataTransfer);
      drop.classList.remove('dropping');
      if (!f) return;
      e.preventDefault();
      send(f);
    });
  });

  // Tags: a type-ahead over the taxonomy's terms with chips (WAI-ARIA combobox); Entrée chooses, or creates the tag for those who may.
  form.querySelectorAll('[data-combobox]').forEach(box => {
    const input = box.querySelector('[role="combobox"]');
    const list = box.querySelector('[role="listbox"]');
    const chips = box.querySelector('.chips');
    const said = box.querySelector('.combobox-status');
    const terms = JSON.parse(box.dataset.terms || '[]');
    const chosen = () => [...chips.querySelectorAll('input[type="hidden"]')].map(i => i.value);
    let active = -1;
    const norm = t => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const addChip = term => {
      if (chosen().includes(term.id)) return;
      const li = document.createElement('li');
      li.className = 'chip';
      const name = document.createElement('span');
      name.textContent = term.name;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'chip-remove';
      remove.dataset.remove = '';
      remove.setAttribute('aria-label', 'Retirer ' + term.name);
      remove.textContent = '×';
      const hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = box.dataset.key;
      hidden.value = term.id;
      li.append(name, remove, hidden);
      chips.appendChild(li);
      said.textContent = `« ${term.name} » ajouté.`;
      markDirty();
    };
    const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
    const options = () => [...list.querySelectorAll('[role="option"]')];
    const highlight = index => {
      const all = options();
      all.forEach((o, i) => o.setAttribute('aria-selected', i === index ? 'true' : 'false'));
      active = index;
      if (all[index]) input.setAttribute('aria-activedescendant', all[index].id);
    };
    const render = () => {
      const text = input.value.trim();
      list.replaceChildren();
      if (!text) { close(); return; }
      const matches = terms.filter(t => norm(t.name).includes(norm(text)) && !chosen().includes(t.id)).slice(0, 8);
      matches.forEach((t, i) => {
        const li = document.createElement('li');
        li.id = `${input.id}-option-${i}`;
        li.setAttribute('role', 'option');
        li.textContent = t.name;
        li.dataset.id = t.id;
        list.appendChild(li);
      });
      if (box.dataset.create && !terms.some(t => norm(t.name) === norm(text))) {
        const li = document.createElement('li');
        li.id = `${input.id}-option-new`;
        li.setAttribute('role', 'option');
        li.dataset.create = text;
        li.textContent = `Créer le mot-clé « ${text} »`;
        list.appendChild(li);
      }
      list.hidden = options().length === 0;
      input.setAttribute('aria-expanded', list.hidden ? 'false' : 'true');
      highlight(options().length ? 0 : -1);
    };
    const pick = async option => {
      if (!option) return;
      if (option.dataset.create !== undefined) {
        const data = new FormData();
        data.append('name', option.dataset.create);
        const response = await post(box.dataset.create, data);
        const result = await response.json().catch(() => ({}));
        if (response.ok) { terms.push(result); addChip(result); }
        else if (response.status === 409 && result.id) addChip(terms.find(t => t.id === result.id) || { id: result.id, name: option.dataset.create });
        else { said.textContent = result.message || 'Mot-clé non créé.'; return; }
      } else addChip({ id: option.dataset.id, name: option.textContent });
      input.value = '';
      close();
      input.focus();
    };
    input.addEventListener('input', render);
    input.addEventListener('keydown', e => {
      const all = options();
      if (e.key === 'ArrowDown' && all.length) { e.preventDefault(); if (list.hidden) render(); else highlight((active + 1) % all.length); }
      else if (e.key === 'ArrowUp' && all.length) { e.preventDefault(); highlight((active - 1 + all.length) % all.length); }
      else if (e.key === 'Enter') { if (!list.hidden && all[active]) { e.preventDefault(); pick(all[active]); } else if (input.value.trim()) e.preventDefault(); }
      else if (e.key === 'Escape') { close(); }
      else if (e.key === 'Backspace' && input.value === '' && chips.lastElementChild) { chips.lastElementChild.remove(); markDirty(); }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
    list.addEventListener('mousedown', e => e.preventDefault());
    list.addEventListener('click', e => pick(e.target.closest('[role="option"]')));
    chips.addEventListener('click', e => {
      const remove = e.target.closest('[data-remove]');
      if (!remove) return;
      said.textContent = `« ${remove.closest('.chip').querySelector('span').textContent} » retiré.`;
      remove.closest('.chip').remove();
      markDirty();
      input.focus();
    });
  });

  // The caption asked for when an image goes into the body: alternative text (required) and caption.
  const captionDialog = document.getElementById('caption-dialog');
  const askCaption = image => new Promise(resolve => {
    const fields = captionDialog.querySelector('form').elements;
    fields.namedItem('alt').value = image.alt || '';
    fields.namedItem('caption').value = [image.caption, image.credit].filter(Boolean).join(' — ');
    captionDialog.querySelector('.caption-preview').src = image.thumb || image.src;
    captionDialog.addEventListener('close', () => resolve(captionDialog.returnValue === 'ok'
      ? { alt: fields.namedItem('alt').value.trim(), caption: fields.namedItem('caption').value.trim() } : null), { once: true });
    captionDialog.returnValue = '';
    captionDialog.showModal();
  });

  if (editor && bodyHtml) {
    const sync = () => { bodyHtml.value = editor.innerHTML; countWords(); };
    const figureOf = (src, alt, caption) => {
      const figure = document.createElement('figure');
      const image = document.createElement('img');
      image.src = src;
      image.alt = alt || '';
      figure.appendChild(image);
      if (caption) {
        const figcaption = document.createElement('figcaption');
        figcaption.textContent = caption;
        figure.appendChild(figcaption);
      }
      return figure;
    };
    const caretRange = () => {
      const selection = window.getSelection();
      return selection.rangeCount && editor.contains(selection.anchorNode) ? selection.getRangeAt(0).cloneRange() : null;
    };
    const insert = (node, range) => {
      // A figure goes between blocks, never inside a paragraph.
      let block = range ? range.startContainer : null;
      while (block && block.parentNode !== editor) block = block.parentNode;
      if (block) block.after(node); else editor.appendChild(node);
      sync();
      markDirty();
    };
    const insertImage = form.querySelector('[data-insert-image]');
    if (insertImage) insertImage.addEventListener('click', () => {
      const range = caretRange();
      // The image dialog (media-picker.js).
      MediaPicker.open(async chosen => {
        const texts = await askCaption(chosen);
        if (texts) insert(figureOf(chosen.src, texts.alt, texts.caption), range);
      });
    });
    // An image pasted or dropped into the body is uploaded, then inserted with the texts asked for.
    const uploadInto = async (file, range) => {
      // The texts are asked for first, over a local preview, so that the upload stores them with the image.
      const local = URL.createObjectURL(file);
      const texts = await askCaption({ thumb: local });
      URL.revokeObjectURL(local);
      if (!texts) return;
      status.textContent = 'Téléversement de l’image…';
      try {
        const stored = await upload(file, texts);
        insert(figureOf(stored.src, texts.alt, texts.caption), range);
        status.textContent = 'Image insérée.';
      } catch (error) { status.textContent = error.message; }
    };
    editor.addEventListener('dragover', e => { if ([...e.dataTransfer.types].includes('Files')) e.preventDefault(); });
    editor.addEventListener('drop', e => {
      const file = imageOf(e.dataTransfer);
      if (!file) return;
      e.preventDefault();
      let range = null;
      if (document.caretRangeFromPoint) range = document.caretRangeFromPoint(e.clientX, e.clientY);
      uploadInto(file, range && editor.contains(range.startContainer) ? range : caretRange());
    });
    editor.addEventListener('paste', e => {
      const file = imageOf(e.clipboardData);
      if (!file) return;
      e.preventDefault();
      uploadInto(file, caretRange());
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
    countWords();
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
    if (!autosaveUrl() || !unsent || pending || leaving) return pending;
    unsent = false;
    const data = new FormData(form);
    data.delete('act');
    pending = fetch(autosaveUrl(), { method: 'POST', body: data, headers: { 'Accept': 'application/json' } })
      .then(r => r.ok ? r.json() : { saved: false, message: 'Enregistrement automatique impossible.' })
      .then(result => {
        if (!result.saved) unsent = true;
        status.textContent = result.message;
        markIncomplete(result.fields);
        return result;
      })
      .catch(() => { unsent = true; status.textContent = 'Hors ligne : le brouillon sera enregistré plus tard.'; })
      .finally(() => { pending = null; });
    return pending;
  }
  setInterval(autosave, 4000);

  // "Aperçu": the form as it is on screen, autosaved first, in the site's theme (a new tab, so the editor stays).
  const preview = form.querySelector('[data-preview]');
  if (preview) preview.addEventListener('click', async e => {
    e.preventDefault();
    const tab = window.open('', '_blank');
    if (autosaveUrl()) {
      unsent = true;
      if (pending) await pending;
      await autosave();
    }
    if (tab) tab.location = preview.href; else location.href = preview.href;
  });

  // A click while an autosave is on its way waits for it.
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
    if (!leaving && (unsent || pending)) { e.preventDefault(); e.returnValue = ''; }
  });
})();
