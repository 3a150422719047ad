/**
 * Draws the boot panel (src/components/BootPanel.astro): which stage is done, running or stuck, and which of
 * Start / Retry applies. The words a screen reader hears come from the workspace's status line, which says the
 * same thing in a sentence; the list adds each stage's state as text too, for anyone reading it item by item.
 */
import { BOOT_STAGES, stageNumber, type BootStage } from './boot-progress.ts';

export type BootPanelState = 'running' | 'late' | 'failed' | 'gated' | 'blocked' | 'ready';

export interface BootPanelView {
  state: BootPanelState;
  /** The stage running (or stuck) now; null before the first stage and once ready. */
  stage: BootStage | null;
}

const STATE_WORDS = { done: 'done', current: 'in progress', late: 'taking long', failed: 'failed', pending: 'not started' } as const;

export interface BootPanelElements {
  panel: HTMLElement;
  start: HTMLButtonElement;
  retry: HTMLButtonElement;
}

export function renderBootPanel({ panel, start, retry }: BootPanelElements, view: BootPanelView): void {
  panel.dataset.state = view.state;
  panel.hidden = view.state === 'ready';
  const list = panel.querySelector<HTMLElement>('[data-boot-stages]');
  // Without a stage (gated, blocked, or the sandbox lost after it was ready) the list would only say "not started".
  if (list) list.hidden = view.stage === null && view.state !== 'running';
  const currentNumber = view.stage ? stageNumber(view.stage) : 0;
  for (const { id } of BOOT_STAGES) {
    const item = panel.querySelector<HTMLElement>(`[data-boot-stage-item="${id}"]`);
    if (!item) continue;
    const number = stageNumber(id);
    const itemState: keyof typeof STATE_WORDS =
      number < currentNumber
        ? 'done'
        : number > currentNumber
          ? 'pending'
          : view.state === 'failed'
            ? 'failed'
            : view.state === 'late'
              ? 'late'
              : 'current';
    item.dataset.state = itemState;
    if (itemState === 'current') item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
    const words = item.querySelector('[data-boot-stage-state]');
    if (words) words.textContent = `: ${STATE_WORDS[itemState]}`;
  }
  start.hidden = view.state !== 'gated';
  retry.hidden = view.state !== 'late' && view.state !== 'failed';
}
