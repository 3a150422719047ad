/**
 * On iPhone and iPad Monaco adds a bare <textarea class="iPadShowKeyboard"> (tapping it brings up the on-screen
 * keyboard). It has no label, so a screen reader announces an unnamed field. Monaco creates it whenever the
 * browser is idle, after the editor is on screen, so it is named when it appears rather than once at start-up.
 * Monaco rewrites the editor's DOM on every keystroke, so the watch ends as soon as the field is named.
 */
const KEYBOARD_BUTTON = 'textarea.iPadShowKeyboard';
const LABEL = 'Show the keyboard for the code editor';

export function labelTouchKeyboardButton(editorHost: HTMLElement): { dispose(): void } {
  const observer = new MutationObserver(() => {
    if (label(editorHost)) observer.disconnect();
  });
  if (!label(editorHost)) observer.observe(editorHost, { childList: true, subtree: true });
  return { dispose: () => observer.disconnect() };
}

function label(editorHost: HTMLElement): boolean {
  const field = editorHost.querySelector<HTMLTextAreaElement>(KEYBOARD_BUTTON);
  if (!field) return false;
  field.setAttribute('aria-label', LABEL);
  return true;
}
