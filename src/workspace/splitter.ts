import { clampSplit, parseStoredSplit, splitAfterKey, splitFromPointer, type SplitLimits } from './split-math.ts';

/**
 * Resizable panels: a focusable `role="separator"` between two panes, moved by dragging or with the arrow keys
 * (the WAI-ARIA window splitter pattern). The first pane's share is stored per separator and applied as two CSS
 * custom properties on <html>, `--<name>-a` and `--<name>-b` (fr units): the inline script in Base.astro sets
 * the same properties before first paint, so a remembered layout does not jump.
 */
export const SPLIT_KEY_PREFIX = 'cruddur-workshop:split:';

export function applySplit(name: string, value: number): void {
  const style = document.documentElement.style;
  style.setProperty(`--${name}-a`, `${value}fr`);
  style.setProperty(`--${name}-b`, `${100 - value}fr`);
}

function readLimits(separator: HTMLElement): SplitLimits & { initial: number } {
  const number = (attribute: string, fallback: number) => {
    const value = Number(separator.getAttribute(attribute));
    return Number.isFinite(value) && separator.hasAttribute(attribute) ? value : fallback;
  };
  return { min: number('aria-valuemin', 10), max: number('aria-valuemax', 90), step: 2, initial: number('aria-valuenow', 50) };
}

/** Wires every `[data-splitter]` inside `root`. */
export function wireSplitters(root: ParentNode): void {
  for (const separator of root.querySelectorAll<HTMLElement>('[data-splitter]')) wireSplitter(separator);
}

function wireSplitter(separator: HTMLElement): void {
  const name = separator.dataset.splitter ?? '';
  const orientation = separator.getAttribute('aria-orientation') === 'horizontal' ? 'horizontal' : 'vertical';
  const limits = readLimits(separator);
  const first = separator.previousElementSibling;
  const second = separator.nextElementSibling;
  if (!name || !first || !second) return;

  const set = (value: number, persist: boolean) => {
    const next = clampSplit(value, limits);
    separator.setAttribute('aria-valuenow', String(next));
    separator.setAttribute('aria-valuetext', `${Math.round(next)}%`);
    applySplit(name, next);
    if (persist) {
      try {
        localStorage.setItem(SPLIT_KEY_PREFIX + name, String(next));
      } catch {
        // the layout still changes for this visit
      }
    }
  };
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(SPLIT_KEY_PREFIX + name);
  } catch {
    stored = null;
  }
  set(parseStoredSplit(stored, limits.initial, limits), false);

  separator.addEventListener('keydown', (event) => {
    const next = splitAfterKey(event.key, Number(separator.getAttribute('aria-valuenow')), limits, orientation);
    if (next === null) return;
    event.preventDefault();
    set(next, true);
  });

  separator.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    separator.setPointerCapture(event.pointerId);
    separator.dataset.dragging = 'true';
    const move = (moveEvent: PointerEvent) => {
      // Shares are of the two panes' sizes together, without the separator itself.
      const a = first.getBoundingClientRect();
      const b = second.getBoundingClientRect();
      const vertical = orientation === 'vertical';
      const offset = vertical ? moveEvent.clientX - a.left : moveEvent.clientY - a.top;
      set(splitFromPointer(offset, vertical ? a.width + b.width : a.height + b.height, limits), false);
    };
    const stop = () => {
      separator.removeEventListener('pointermove', move);
      separator.removeEventListener('pointerup', stop);
      separator.removeEventListener('pointercancel', stop);
      delete separator.dataset.dragging;
      set(Number(separator.getAttribute('aria-valuenow')), true);
    };
    separator.addEventListener('pointermove', move);
    separator.addEventListener('pointerup', stop);
    separator.addEventListener('pointercancel', stop);
  });
}
