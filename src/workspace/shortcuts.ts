/**
 * The workspace's keyboard shortcuts, as pure data and one matching function (tested without a browser).
 * They are chosen not to collide with Monaco's own bindings or the browser's: Alt+PageDown/PageUp for steps
 * (Ctrl+PageDown switches browser tabs), Alt+1…5 for panels.
 */
export const PANELS = ['lesson', 'files', 'editor', 'checks', 'output'] as const;
export type PanelName = (typeof PANELS)[number];

export type ShortcutAction = 'save' | 'run-checks' | 'next-step' | 'previous-step' | 'help' | { focus: PanelName };

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * What a key press means, or null. `typing` is true while focus is in a text field or the editor, where a
 * plain "?" is text, not a request for help.
 */
export function shortcutFor(event: KeyLike, typing: boolean): ShortcutAction | null {
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') return 'save';
  if (command && !event.altKey && !event.shiftKey && event.key === 'Enter') return 'run-checks';
  if (event.altKey && !command && !event.shiftKey) {
    if (event.key === 'PageDown') return 'next-step';
    if (event.key === 'PageUp') return 'previous-step';
    // `code`, not `key`: on a Mac, Option+1 types "¡".
    const digit = /^Digit([1-9])$/.exec(event.code);
    const panel = digit ? PANELS[Number(digit[1]) - 1] : undefined;
    if (panel) return { focus: panel };
  }
  if (event.key === '?' && !command && !event.altKey && !typing) return 'help';
  return null;
}

export interface ShortcutHelp {
  keys: string;
  does: string;
}

/** What the help dialog lists, with the platform's modifier names. */
export function shortcutHelp(mac: boolean): { group: string; items: ShortcutHelp[] }[] {
  const mod = mac ? '⌘' : 'Ctrl';
  const alt = mac ? '⌥ Option' : 'Alt';
  return [
    {
      group: 'Workspace',
      items: [
        { keys: `${mod}+S`, does: 'Save now (edits also save by themselves)' },
        { keys: `${mod}+Enter`, does: 'Run checks' },
        { keys: `${alt}+Page Down`, does: 'Next step' },
        { keys: `${alt}+Page Up`, does: 'Previous step' },
        { keys: `${alt}+1 … ${alt}+5`, does: 'Go to the lesson text, files, editor, checks or output' },
        { keys: '?', does: 'Show this list (when not typing)' },
        { keys: 'Esc', does: 'Close a dialog' },
      ],
    },
    {
      group: 'Files and panels',
      items: [
        { keys: '↑ ↓ Home End', does: 'Move through the file list; Enter opens the file' },
        { keys: '← → or ↑ ↓', does: 'On a panel divider: make a panel smaller or larger (Home/End: smallest/largest)' },
        { keys: '← →', does: 'Switch between Terminal, Preview and Telemetry' },
      ],
    },
    {
      group: 'Command line (under the terminal)',
      items: [
        { keys: 'Enter', does: 'Run the command (type help for what can run, clear to empty the terminal)' },
        { keys: '↑ ↓', does: 'Earlier and later commands' },
        { keys: 'Ctrl+C', does: 'Stop the running command' },
      ],
    },
    {
      group: 'Editor',
      items: [
        { keys: mac ? 'Ctrl+⇧+M' : 'Ctrl+M', does: 'Tab key moves focus instead of indenting (toggle), to leave the editor' },
        { keys: `${mod}+Space`, does: 'Suggestions (completion)' },
        { keys: `${mod}+K ${mod}+I`, does: 'Show the type and docs under the cursor' },
        { keys: 'F8', does: 'Go to the next problem' },
        { keys: `${mod}+Z`, does: 'Undo (also undoes Reset and Solve)' },
      ],
    },
  ];
}

/** True when keys typed now are text: a form field, the editor, the terminal. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('.monaco-editor, .xterm')) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target as HTMLElement).isContentEditable;
}
