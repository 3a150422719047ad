/** Pure arithmetic of the resizable panels, so it can be tested without a DOM. */
export interface SplitLimits {
  /** Share of the first pane, in percent. */
  min: number;
  max: number;
  /** Percent moved by one arrow key press (PageUp/PageDown move five times as far). */
  step: number;
}

export function clampSplit(value: number, limits: SplitLimits): number {
  if (!Number.isFinite(value)) return limits.min;
  return Math.round(Math.min(limits.max, Math.max(limits.min, value)) * 10) / 10;
}

/**
 * The new share after a key press on a separator, or null when the key does not resize. Arrow keys along the
 * separator's axis move it: Left/Up shrink the first pane, Right/Down grow it.
 */
export function splitAfterKey(key: string, value: number, limits: SplitLimits, orientation: 'vertical' | 'horizontal'): number | null {
  const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
  const forward = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
  switch (key) {
    case back:
      return clampSplit(value - limits.step, limits);
    case forward:
      return clampSplit(value + limits.step, limits);
    case 'PageUp':
      return clampSplit(value - limits.step * 5, limits);
    case 'PageDown':
      return clampSplit(value + limits.step * 5, limits);
    case 'Home':
      return limits.min;
    case 'End':
      return limits.max;
    default:
      return null;
  }
}

/** The share the pointer asks for, from its position inside the container (pixels). */
export function splitFromPointer(offset: number, size: number, limits: SplitLimits): number {
  return clampSplit(size > 0 ? (offset / size) * 100 : limits.min, limits);
}

/** A stored share, or the default when nothing (or something unusable) is stored. */
export function parseStoredSplit(stored: string | null, fallback: number, limits: SplitLimits): number {
  if (stored === null || stored.trim() === '') return fallback;
  const value = Number(stored);
  return Number.isFinite(value) ? clampSplit(value, limits) : fallback;
}
