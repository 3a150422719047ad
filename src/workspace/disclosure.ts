/**
 * A button that shows and hides a small panel of further buttons (the disclosure pattern: aria-expanded on the
 * button, not an ARIA menu). Escape and focus leaving both close it. Returns a function that closes it and,
 * when focus was in the panel (a choice was made), puts focus back on the button instead of losing it.
 */
export function wireDisclosure(button: HTMLButtonElement, panel: HTMLElement): () => void {
  const set = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
  };
  set(false);
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    set(open);
    if (open) panel.querySelector<HTMLElement>('button:not([disabled]), a')?.focus();
  });
  const container = button.parentElement ?? panel;
  container.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    event.preventDefault();
    set(false);
    button.focus();
  });
  container.addEventListener('focusout', (event) => {
    if (!container.contains(event.relatedTarget as Node | null)) set(false);
  });
  return () => {
    const hadFocus = panel.contains(document.activeElement);
    set(false);
    if (hadFocus) button.focus();
  };
}
