/**
 * "Whatever you show as the code must be what solution/ contains", made checkable. A fenced block whose meta
 * has `title="<sandbox path>"` shows that file of the step's SOLUTION (starter + earlier solutions + this one):
 *
 * - whole file: a block with no `[!code ...]` notation and no elision line must equal the file (trailing
 *   newlines aside);
 * - snippet: otherwise its lines, in order, must be lines of the file (compared without leading/trailing
 *   whitespace), skipping blank lines, `// [!code --]` lines (removed, so not in the solution) and elision lines
 *   (containing "…"). `// [!code ++]` lines are compared with the marker stripped.
 *
 * Blocks without a title, or titled with a caption that is not a path, are not checked.
 */
import { isElision, parseCodeBlocks, stripNotation, titleIsPath, type CodeBlock } from './code-blocks.ts';
import type { LintProblem } from './lint-problems.ts';
import type { FileMap } from './step-states.ts';

const shorten = (text: string): string => (text.length > 70 ? `${text.slice(0, 67)}...` : text);

export function lintCodeBlocks(mdxFile: string, mdxSource: string, solution: FileMap): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const block of parseCodeBlocks(mdxSource)) {
    if (block.title === undefined || !titleIsPath(block.title)) continue;
    const field = `code block at line ${block.line} (title="${block.title}")`;
    const file = solution[block.title];
    if (file === undefined) {
      problems.push({ file: mdxFile, field, message: `names ${block.title}, which is not a file of the step's solution` });
      continue;
    }
    const message = isSnippet(block) ? snippetMismatch(block, file) : wholeFileMismatch(block, file);
    if (message !== undefined) problems.push({ file: mdxFile, field, message });
  }
  return problems;
}

function isSnippet(block: CodeBlock): boolean {
  return block.lines.some((line) => stripNotation(line).notation !== undefined || isElision(line));
}

function wholeFileMismatch(block: CodeBlock, file: string): string | undefined {
  const shown = block.lines;
  const actual = file.replace(/\n+$/, '').split('\n');
  const length = Math.max(shown.length, actual.length);
  for (let i = 0; i < length; i++) {
    if (shown[i] === actual[i]) continue;
    const where = `block line ${i + 1} (file line ${i + 1})`;
    if (shown[i] === undefined) return `shows the whole file but stops early: ${where} should be ${JSON.stringify(shorten(actual[i] ?? ''))}`;
    if (actual[i] === undefined) return `shows the whole file but has more lines than it: ${where} is ${JSON.stringify(shorten(shown[i] ?? ''))}`;
    return `differs from the solution file at ${where}: shows ${JSON.stringify(shorten(shown[i] ?? ''))}, the file has ${JSON.stringify(shorten(actual[i] ?? ''))}`;
  }
  return undefined;
}

/** The shown lines must be an in-order subsequence of the file's lines (greedy earliest match is exact for that). */
function snippetMismatch(block: CodeBlock, file: string): string | undefined {
  const fileLines = file.split('\n').map((l) => l.trim());
  let at = 0;
  for (const [i, raw] of block.lines.entries()) {
    const { text, notation } = stripNotation(raw);
    const line = text.trim();
    if (notation === '--' || line === '' || isElision(line)) continue;
    const found = fileLines.indexOf(line, at);
    if (found >= 0) {
      at = found + 1;
      continue;
    }
    const what = `block line ${i + 1} ${JSON.stringify(shorten(line))}${notation === '++' ? ' (marked ++)' : ''}`;
    return fileLines.includes(line) ? `${what} is in the solution file, but not in this order` : `${what} is not in the solution file`;
  }
  return undefined;
}
