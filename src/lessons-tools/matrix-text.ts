/** The matrix as text: one table per step (states × checks), then every problem, then a one-line summary. */
import type { MatrixReport } from './matrix.ts';
import type { Cell, StateRow, StepVerdict } from './verdicts.ts';

const legend = '✓ passed   ✗ failed   · waiting (a check it needs did not pass)   ! not what the state declares   ✓✗✓ repeats disagree; numbers: median ms';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function cellText(cell: Cell): string {
  const consistent = new Set(cell.symbols).size === 1;
  const symbol = consistent ? (cell.symbols[0] ?? '?') : cell.symbols.join('');
  const mark = cell.ok ? '' : '!';
  return cell.symbols.every((s) => s === '·') ? `${symbol}${mark}` : `${symbol}${mark} ${cell.medianMs}`;
}

function rowLabel(row: StateRow): string {
  return row.kind === 'variant' ? `variant ${row.name}` : row.name;
}

export function formatStep(verdict: StepVerdict, repeat: number): string {
  const lines: string[] = [];
  const status = verdict.problems.length === 0 ? 'ok' : `${verdict.problems.length} problem${verdict.problems.length === 1 ? '' : 's'}`;
  lines.push(`${verdict.step} — ${repeat} repeat${repeat === 1 ? '' : 's'} — ${status}`);
  lines.push(`  checks: ${verdict.checks.map((c, i) => `[${i + 1}] ${c.id}${c.optional ? ' (optional)' : ''}`).join('  ')}`);
  const header = ['state', ...verdict.checks.map((_, i) => `[${i + 1}]`), 'run', 'wall'];
  const body = verdict.rows.map((row) => [rowLabel(row), ...row.cells.map(cellText), seconds(row.medianRunMs), seconds(row.medianWallMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`;
  lines.push(render(header));
  for (const row of body) lines.push(render(row));
  return lines.join('\n');
}

export function formatReport(report: MatrixReport): string {
  const out: string[] = [];
  for (const step of report.steps) out.push(formatStep(step, report.repeat), '');
  if (report.steps.length > 0) out.push(`  ${legend}`, '');
  for (const skip of report.skipped) out.push(`skipped ${skip.step}: ${skip.why}`);
  for (const p of report.problems) {
    const where = [p.step, p.state, p.check].filter((x) => x !== undefined).join(' › ');
    out.push(`${p.kind.padEnd(8)} ${where}: ${p.message}`);
  }
  const runs = report.steps.reduce((n, s) => n + s.rows.length, 0) * report.repeat;
  const verdict = report.problems.length === 0 ? 'OK' : `FAILED (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})`;
  out.push(`lessons:test: ${report.steps.length} step${report.steps.length === 1 ? '' : 's'}, ${runs} check runs (${report.jobs} at a time) in ${seconds(report.durationMs)} (bundling ${seconds(report.buildMs)}): ${verdict}`);
  return out.join('\n');
}
