import { openModal } from './dialog.ts';
import { normaliseNewPath } from './new-file-path.ts';

/**
 * Asks for the path of a new file. A path that cannot be a file inside the app is explained in the dialog, next
 * to what was typed, so the learner can correct it; resolves with the usable path, or null when cancelled.
 */
export async function askNewFilePath(): Promise<string | null> {
  const modal = openModal({ title: 'New file', className: 'new-file-dialog' });
  const form = document.createElement('form');
  form.id = `${modal.dialog.getAttribute('aria-labelledby')}-form`;
  form.noValidate = true;
  const label = document.createElement('label');
  label.textContent = 'Path of the new file, relative to the app';
  const input = document.createElement('input');
  input.type = 'text';
  input.name = 'path';
  input.required = true;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.placeholder = 'backend/tracing.js';
  const hint = document.createElement('p');
  hint.id = `${form.id}-hint`;
  hint.className = 'field-hint';
  hint.textContent = 'For example backend/tracing.js. A file that exists already is opened.';
  const error = document.createElement('p');
  error.id = `${form.id}-error`;
  error.className = 'field-error';
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', hint.id);
  label.append(input);
  form.append(label, hint, error);
  modal.body.append(form);

  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'button';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => modal.close('cancel'));
  const create = document.createElement('button');
  create.type = 'submit';
  create.className = 'button primary';
  create.textContent = 'Create';
  create.setAttribute('form', form.id);
  modal.actions.append(cancel, create);

  let chosen: string | null = null;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const path = normaliseNewPath(input.value);
    if (path) {
      chosen = path;
      modal.close('create');
      return;
    }
    error.textContent = input.value.trim()
      ? `"${input.value.trim()}" cannot be a file of the app: use a relative path such as backend/tracing.js, without ".." or hidden workshop folders.`
      : 'Type a path, such as backend/tracing.js.';
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${error.id} ${hint.id}`);
    input.focus();
  });
  input.addEventListener('input', () => {
    if (!input.hasAttribute('aria-invalid')) return;
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', hint.id);
    error.textContent = '';
  });
  input.focus();
  return (await modal.closed) === 'create' ? chosen : null;
}
