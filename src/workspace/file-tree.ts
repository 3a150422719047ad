/** A flat, grouped list of the learner's files; hidden workshop files (".workshop/") never appear. */
export function renderFileTree(
  host: HTMLElement,
  paths: readonly string[],
  active: string | null,
  onOpen: (path: string) => void,
): void {
  const visible = paths.filter((path) => !path.startsWith('.workshop/')).sort();
  const list = document.createElement('ul');
  list.className = 'file-list';
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
    if (path === active) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => onOpen(path));
    item.append(button);
    list.append(item);
  }
  host.replaceChildren(list);
}
