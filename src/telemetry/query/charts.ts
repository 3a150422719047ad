/**
 * The query result as SVG: a line chart per calculation (one line per group, told apart by colour AND dash pattern
 * AND marker, with a legend) and a heatmap per HEATMAP (cell darkness = count, with the count in each cell's
 * tooltip). Each chart has a text summary for screen readers; the result table is the keyboard route to the data.
 */
import { formatClock, formatValue, linearScale, linePath, niceTicks, valueDomain } from './chart-geometry.ts';
import { h, s } from './dom.ts';
import type { HeatmapResult, QueryResult } from './run-query.ts';

const width = 720;
const height = 220;
const pad = { left: 56, right: 12, top: 10, bottom: 26 };
export const seriesStyles = [
  { color: '#3b6fd4', dash: '', marker: 'circle' },
  { color: '#d9822b', dash: '6 3', marker: 'square' },
  { color: '#2f9e6f', dash: '2 3', marker: 'triangle' },
  { color: '#b5439b', dash: '10 3 2 3', marker: 'diamond' },
  { color: '#7d6b2b', dash: '1 2', marker: 'circle' },
  { color: '#c43c3c', dash: '8 2', marker: 'square' },
] as const;
export const maxLines = seriesStyles.length;

export interface ChartEvents {
  /** A point (group, bucket) or a heatmap cell was clicked: open its exemplar trace. */
  openTrace(traceId: string): void;
}

export function lineChart(result: QueryResult, calcIndex: number, events: ChartEvents): HTMLElement {
  const label = result.labels[calcIndex] ?? '';
  const groups = result.groups.slice(0, maxLines);
  const series = groups.map((g) => g.series[calcIndex] ?? []);
  const x = linearScale([result.buckets[0] ?? 0, (result.buckets[result.buckets.length - 1] ?? 0) + result.width], [pad.left, width - pad.right]);
  const y = linearScale(valueDomain(series), [height - pad.bottom, pad.top]);
  const xs = result.buckets.map((b) => x(b + result.width / 2));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'tv-chart', role: 'img', 'aria-label': chartSummary(result, calcIndex) });
  svg.append(...axes(result, y));
  groups.forEach((group, gi) => {
    const style = seriesStyles[gi % seriesStyles.length] ?? seriesStyles[0];
    const values = series[gi] ?? [];
    svg.append(s('path', { d: linePath(xs, values, y), fill: 'none', stroke: style.color, 'stroke-width': 2, 'stroke-dasharray': style.dash || undefined }));
    values.forEach((v, bi) => {
      const traceId = group.bucketExemplars[bi];
      const px = xs[bi];
      if (v === null || px === undefined || (v === 0 && traceId === undefined)) return;
      const dot = marker(style.marker, px, y(v), style.color);
      dot.append(s('title', {}, `${group.label} at ${formatClock(result.buckets[bi] ?? 0, result.width < 60_000)}: ${label} = ${formatValue(v)}${traceId ? ' (click for its slowest trace)' : ''}`));
      if (traceId !== undefined) {
        dot.setAttribute('class', 'tv-point');
        dot.addEventListener('click', () => events.openTrace(traceId));
      }
      svg.append(dot);
    });
  });
  const legend = h('ul', { class: 'tv-legend', 'aria-label': `Lines in ${label}` });
  groups.forEach((group, gi) => {
    const style = seriesStyles[gi % seriesStyles.length] ?? seriesStyles[0];
    const swatch = s('svg', { width: 28, height: 12, 'aria-hidden': 'true' }, s('line', { x1: 1, y1: 6, x2: 20, y2: 6, stroke: style.color, 'stroke-width': 2, 'stroke-dasharray': style.dash || undefined }), marker(style.marker, 24, 6, style.color));
    legend.append(h('li', {}, swatch, group.label));
  });
  if (result.groups.length > maxLines) legend.append(h('li', { class: 'tv-muted' }, `+ ${result.groups.length - maxLines} more groups in the table`));
  return h('figure', { class: 'tv-figure' }, h('figcaption', {}, label), svg, legend);
}

export function heatmapChart(result: QueryResult, map: HeatmapResult, events: ChartEvents): HTMLElement {
  const label = result.labels[map.calcIndex] ?? `HEATMAP(${map.field})`;
  const top = map.yMin + map.binSize * map.bins;
  const x = linearScale([result.buckets[0] ?? 0, (result.buckets[result.buckets.length - 1] ?? 0) + result.width], [pad.left, width - pad.right]);
  const y = linearScale([map.yMin, top], [height - pad.bottom, pad.top]);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'tv-chart', role: 'img', 'aria-label': `${label}: ${result.matched} events; the darkest cell holds ${map.max}.` });
  svg.append(...axes(result, y));
  const cellW = Math.max(1, x(result.width) - x(0));
  const cellH = Math.max(1, y(map.yMin) - y(map.yMin + map.binSize));
  map.counts.forEach((row, bi) => {
    row.forEach((count, yi) => {
      if (count === 0) return;
      const lo = map.yMin + yi * map.binSize;
      const rect = s('rect', {
        x: x(result.buckets[bi] ?? 0),
        y: y(lo + map.binSize),
        width: cellW,
        height: cellH,
        class: 'tv-cell',
        // Darkness grows with the count; the minimum keeps single events visible.
        'fill-opacity': (0.15 + 0.85 * (count / Math.max(1, map.max))).toFixed(3),
      });
      rect.append(s('title', {}, `${formatClock(result.buckets[bi] ?? 0, result.width < 60_000)}, ${map.field} ${formatValue(lo)}–${formatValue(lo + map.binSize)}: ${count} events (click for the slowest trace)`));
      const traceId = map.exemplars[bi]?.[yi];
      if (traceId !== undefined) rect.addEventListener('click', () => events.openTrace(traceId));
      svg.append(rect);
    });
  });
  return h('figure', { class: 'tv-figure' }, h('figcaption', {}, label), svg);
}

function axes(result: QueryResult, y: ReturnType<typeof linearScale>): SVGElement[] {
  const out: SVGElement[] = [];
  const [lo, hi] = y.domain;
  for (const tick of niceTicks(lo, hi, 4)) {
    out.push(s('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: 'tv-grid' }));
    out.push(s('text', { x: pad.left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'tv-tick' }, formatValue(tick)));
  }
  const x = linearScale([result.buckets[0] ?? 0, (result.buckets[result.buckets.length - 1] ?? 0) + result.width], [pad.left, width - pad.right]);
  const every = Math.max(1, Math.ceil(result.buckets.length / 6));
  result.buckets.forEach((b, i) => {
    if (i % every !== 0) return;
    out.push(s('text', { x: x(b), y: height - 8, 'text-anchor': 'middle', class: 'tv-tick' }, formatClock(b, result.width < 60_000)));
  });
  return out;
}

function marker(shape: string, x: number, y: number, color: string): SVGElement {
  const r = 3.5;
  if (shape === 'square') return s('rect', { x: x - r, y: y - r, width: r * 2, height: r * 2, fill: color });
  if (shape === 'triangle') return s('path', { d: `M${x},${y - r - 1}L${x + r + 1},${y + r}L${x - r - 1},${y + r}Z`, fill: color });
  if (shape === 'diamond') return s('path', { d: `M${x},${y - r - 1}L${x + r + 1},${y}L${x},${y + r + 1}L${x - r - 1},${y}Z`, fill: color });
  return s('circle', { cx: x, cy: y, r, fill: color });
}

function chartSummary(result: QueryResult, calcIndex: number): string {
  const label = result.labels[calcIndex] ?? '';
  const top = result.groups.slice(0, 3).map((g) => `${g.label}: ${formatValue(g.values[calcIndex] ?? null)}`);
  return `${label} over time for ${Math.min(maxLines, result.groups.length)} of ${result.totalGroups} groups. ${top.join('; ')}.`;
}
