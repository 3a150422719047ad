/** Minimal accessible tabs (arrow keys move between tabs, as the WAI-ARIA pattern expects). */
export function wireTabs(root: HTMLElement, onShow?: (name: string) => void): (name: string) => void {
  const tabs = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]')];
  const show = (name: string) => {
    for (const tab of tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = root.querySelector<HTMLElement>(`[data-panel="${tab.dataset.tab}"]`);
      if (panel) panel.hidden = !selected;
    }
    onShow?.(name);
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => show(tab.dataset.tab ?? ''));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      next?.focus();
      show(next?.dataset.tab ?? '');
    });
  });
  return show;
}
