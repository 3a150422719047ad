import { openModal } from './dialog.ts';
import { shortcutHelp } from './shortcuts.ts';

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The "Keyboard shortcuts" dialog (the ? key or the toolbar button). */
export function openShortcutHelp(): void {
  if (document.querySelector('dialog[data-help-dialog][open]')) return;
  const modal = openModal({ title: 'Keyboard shortcuts', className: 'help-dialog' });
  modal.dialog.dataset.helpDialog = 'true';
  // The list is longer than a small window: its scrolling body must be reachable by keyboard.
  modal.body.tabIndex = 0;
  for (const { group, items } of shortcutHelp(isMac())) {
    const table = document.createElement('table');
    table.className = 'shortcut-table';
    const caption = document.createElement('caption');
    caption.textContent = group;
    const head = table.createTHead().insertRow();
    for (const label of ['Keys', 'What it does']) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = label;
      head.append(cell);
    }
    const body = table.createTBody();
    for (const item of items) {
      const row = body.insertRow();
      const keys = document.createElement('th');
      keys.scope = 'row';
      const kbd = document.createElement('kbd');
      kbd.textContent = item.keys;
      keys.append(kbd);
      const does = row.insertCell();
      does.textContent = item.does;
      row.prepend(keys);
    }
    table.prepend(caption);
    modal.body.append(table);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'button primary';
  close.textContent = 'Done';
  close.addEventListener('click', () => modal.close());
  modal.actions.append(close);
  close.focus();
}
