/**
 * Shell-style recall for the command line: ArrowUp walks back through earlier lines, ArrowDown forward and
 * finally back to what was being typed before recall started (the draft), as bash and zsh do.
 */
export interface CommandHistory {
  /** Records a run line (blank lines and a repeat of the last line are not recorded) and ends recall. */
  add(line: string): void;
  /** The earlier line to show, or null when already at the oldest. `current` is the input's text now. */
  previous(current: string): string | null;
  /** The later line, the draft after the newest, or null when not recalling. */
  next(): string | null;
  readonly size: number;
}

export function createCommandHistory(limit = 200): CommandHistory {
  const lines: string[] = [];
  /** Index into `lines` being shown, or `lines.length` when not recalling. */
  let cursor = 0;
  let draft = '';
  return {
    add(line) {
      const trimmed = line.trim();
      if (trimmed !== '' && lines[lines.length - 1] !== trimmed) lines.push(trimmed);
      if (lines.length > limit) lines.splice(0, lines.length - limit);
      cursor = lines.length;
      draft = '';
    },
    previous(current) {
      if (cursor === 0) return null;
      if (cursor === lines.length) draft = current;
      cursor--;
      return lines[cursor] ?? null;
    },
    next() {
      if (cursor >= lines.length) return null;
      cursor++;
      return cursor === lines.length ? draft : (lines[cursor] ?? null);
    },
    get size() {
      return lines.length;
    },
  };
}
