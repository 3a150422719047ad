/**
 * Fenced code blocks of a step's MDX, and Shiki's notation comments inside them. Only what lint needs:
 * where each block starts, its language, its `title="..."` meta and its lines.
 */

export interface CodeBlock {
  /** 1-based line of the opening fence in the file. */
  line: number;
  lang: string;
  meta: string;
  title?: string;
  lines: string[];
}

export function parseCodeBlocks(source: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = source.split(/\r?\n/);
  let open: { fence: string; indent: number; block: CodeBlock } | undefined;
  for (const [index, line] of lines.entries()) {
    if (open === undefined) {
      const start = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(line);
      if (start === null) continue;
      const [, indent = '', fence = '', lang = '', meta = ''] = start;
      const block: CodeBlock = { line: index + 1, lang, meta: meta.trim(), lines: [] };
      const title = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)')/.exec(meta);
      if (title !== null) block.title = title[1] ?? title[2] ?? '';
      open = { fence, indent: indent.length, block };
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (close !== null && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
      blocks.push(open.block);
      open = undefined;
      continue;
    }
    // Content lines lose up to the opening fence's indentation, as CommonMark says.
    open.block.lines.push(line.replace(new RegExp(`^ {0,${open.indent}}`), ''));
  }
  return blocks;
}

export type Notation = '++' | '--' | 'other';

/** Shiki's `[!code ...]` comments (transformerNotationDiff / -Highlight): `// [!code ++]`, `# [!code --]`, `<!-- [!code hl] -->`. */
const notationPattern = /\s*(?:\/\/|#|--|<!--|\/\*)\s*\[!code\s+([^\]:]+)(?::\d+)?\]\s*(?:\*\/|-->)?\s*$/;

export function stripNotation(line: string): { text: string; notation?: Notation } {
  const match = notationPattern.exec(line);
  if (match === null) return { text: line };
  const kind = match[1]!.trim();
  return { text: line.slice(0, match.index), notation: kind === '++' ? '++' : kind === '--' ? '--' : 'other' };
}

/** A line standing for code left out ("// … the three mock activities, unchanged …"). */
export function isElision(line: string): boolean {
  return line.includes('…');
}

/** A title that names a file (`backend/app.js`), as opposed to a caption ("Terminal"). */
export function titleIsPath(title: string): boolean {
  return /^(?!\/)(?!.*\.\.)[\w@./-]+$/.test(title) && /[/.]/.test(title);
}
