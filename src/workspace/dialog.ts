/**
 * Modal dialogs on the native <dialog> element: showModal() gives the focus trap, Escape and the inert page
 * for free. Each dialog has a heading that labels it, and focus returns to where it was when it closes.
 */
let counter = 0;

export interface ModalDialog {
  readonly dialog: HTMLDialogElement;
  readonly body: HTMLElement;
  readonly actions: HTMLElement;
  /** Resolves with the dialog's returnValue once it has closed. */
  readonly closed: Promise<string>;
  close(returnValue?: string): void;
}

export function openModal(options: { title: string; className?: string; description?: string }): ModalDialog {
  const id = `modal-${++counter}`;
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const dialog = document.createElement('dialog');
  dialog.className = `modal ${options.className ?? ''}`.trim();
  dialog.setAttribute('aria-labelledby', `${id}-title`);

  const head = document.createElement('div');
  head.className = 'modal-head';
  const title = document.createElement('h2');
  title.id = `${id}-title`;
  title.textContent = options.title;
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.className = 'button modal-close';
  closeButton.setAttribute('aria-label', 'Close');
  closeButton.textContent = '✕';
  closeButton.addEventListener('click', () => dialog.close('cancel'));
  head.append(title, closeButton);

  const body = document.createElement('div');
  body.className = 'modal-body';
  if (options.description) {
    const description = document.createElement('p');
    description.id = `${id}-description`;
    description.textContent = options.description;
    dialog.setAttribute('aria-describedby', description.id);
    body.append(description);
  }
  const actions = document.createElement('div');
  actions.className = 'modal-actions';
  dialog.append(head, body, actions);
  document.body.append(dialog);

  const closed = new Promise<string>((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      returnFocus?.focus();
      resolve(dialog.returnValue);
    });
  });
  dialog.showModal();
  return {
    dialog,
    body,
    actions,
    closed,
    close: (returnValue = '') => dialog.close(returnValue),
  };
}

/**
 * Asks before something that cannot be taken back lightly. Focus starts on the safe choice, and Escape or the
 * close button count as "no".
 */
export async function confirmDialog(options: { title: string; description: string; confirmLabel: string; cancelLabel?: string }): Promise<boolean> {
  const modal = openModal({ title: options.title, description: options.description, className: 'confirm-dialog' });
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'button';
  cancel.textContent = options.cancelLabel ?? 'Cancel';
  cancel.addEventListener('click', () => modal.close('cancel'));
  const confirm = document.createElement('button');
  confirm.type = 'button';
  confirm.className = 'button primary';
  confirm.textContent = options.confirmLabel;
  confirm.addEventListener('click', () => modal.close('confirm'));
  modal.actions.append(cancel, confirm);
  cancel.focus();
  return (await modal.closed) === 'confirm';
}
