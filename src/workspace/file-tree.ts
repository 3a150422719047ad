/**
 * A flat, sorted list of the learner's files; hidden workshop files (".workshop/") never appear. One Tab stop
 * for the whole list (the open file); the arrow keys, Home and End move between files and Enter opens one.
 */
export function renderFileTree(
  host: HTMLElement,
  paths: readonly string[],
  active: string | null,
  onOpen: (path: string) => void,
): void {
  const visible = paths.filter((path) => !path.startsWith('.workshop/')).sort();
  const hadFocus = host.contains(document.activeElement);
  const list = document.createElement('ul');
  list.className = 'file-list';
  const buttons: HTMLButtonElement[] = [];
  for (const path of visible) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'file-button';
    button.dataset.path = path;
    const depth = path.split('/').length - 1;
    button.style.setProperty('--depth', String(depth));
    button.textContent = path;
    button.title = path;
    button.tabIndex = -1;
    if (path === active) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => onOpen(path));
    item.append(button);
    list.append(item);
    buttons.push(button);
  }
  const tabStop = buttons.find((button) => button.dataset.path === active) ?? buttons[0];
  if (tabStop) tabStop.tabIndex = 0;

  list.addEventListener('keydown', (event) => {
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index < 0) return;
    const next =
      event.key === 'ArrowDown' ? buttons[Math.min(buttons.length - 1, index + 1)]
      : event.key === 'ArrowUp' ? buttons[Math.max(0, index - 1)]
      : event.key === 'Home' ? buttons[0]
      : event.key === 'End' ? buttons[buttons.length - 1]
      : undefined;
    if (!next) return;
    event.preventDefault();
    for (const button of buttons) button.tabIndex = button === next ? 0 : -1;
    next.focus();
  });
  host.replaceChildren(list);
  // Re-rendering (a file opened) must not drop keyboard focus on the floor.
  if (hadFocus) (buttons.find((button) => button.dataset.path === active) ?? tabStop)?.focus();
}

/** Focuses the list's current Tab stop (Alt+2). */
export function focusFileTree(host: HTMLElement): void {
  host.querySelector<HTMLButtonElement>('.file-button[tabindex="0"]')?.focus();
}
