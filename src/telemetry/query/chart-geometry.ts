/** Pure geometry for the query charts (hand-drawn SVG): nice axis ticks, scales, line paths with gaps. */

export interface Scale {
  (value: number): number;
  domain: [number, number];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as Scale;
  scale.domain = domain;
  return scale;
}

/** About `count` round tick values covering [min, max] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** An SVG path through the points; a null value breaks the line (no data in that bucket). */
export function linePath(xs: readonly number[], ys: readonly (number | null)[], y: Scale): string {
  let path = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const value = ys[i];
    const x = xs[i];
    if (value === null || value === undefined || x === undefined) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${round(x)},${round(y(value))}`;
    pen = true;
  }
  return path;
}

/** The y domain for a set of series: from 0 (or below, for negatives) to the largest value. */
export function valueDomain(series: readonly (readonly (number | null)[])[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const s of series) for (const v of s) if (v !== null) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi === lo ? lo + 1 : hi];
}

export function formatValue(value: number | null): string {
  if (value === null) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 1 : abs >= 1 ? 2 : 3);
}

export function formatClock(ms: number, withSeconds: boolean): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? `:${pad(d.getSeconds())}` : ''}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
