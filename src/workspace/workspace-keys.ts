import { isTypingTarget, shortcutFor, type PanelName } from './shortcuts.ts';

/**
 * Binds the shortcuts (shortcuts.ts) on the lesson page. Listening in the capture phase on window lets
 * Ctrl+S and Ctrl+Enter win over Monaco's own bindings and the browser's "Save page" dialog.
 */
export function wireWorkspaceKeys(actions: {
  save(): void | Promise<void>;
  runChecks(): void;
  go(href: string): void | Promise<void>;
  help(): void;
  focus: Record<PanelName, () => void>;
}): () => void {
  const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event, isTypingTarget(event.target));
      if (action === null) return;
      // Inside a modal dialog only saving is still meaningful (and the browser's dialog never wanted).
      const modalOpen = document.querySelector('dialog[open]') !== null;
      if (modalOpen && action !== 'save') return;
      event.preventDefault();
      event.stopPropagation();
      if (action === 'save') void actions.save();
      else if (action === 'run-checks') actions.runChecks();
      else if (action === 'help') actions.help();
      else if (action === 'next-step' || action === 'previous-step') {
        // After the last step, "next" is the way back to the course (the pager marks both).
        const link = document.querySelector<HTMLAnchorElement>(`a[data-step-link="${action === 'next-step' ? 'next' : 'previous'}"]`);
        if (link) void actions.go(link.href);
      } else actions.focus[action.focus]();
  };
  window.addEventListener('keydown', onKey, { capture: true });
  return () => window.removeEventListener('keydown', onKey, { capture: true });
}
