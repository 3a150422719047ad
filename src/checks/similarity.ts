/**
 * How close a wrong string is to the wanted one, so a check can say "typo" (and hint at spelling) instead of
 * "no such span". Learners' typical slips: a dropped or swapped letter, `_` for `-`, different case.
 */

export type Closeness = 'equal' | 'close' | 'far';

export function closeness(expected: string, actual: string): Closeness {
  if (expected === actual) return 'equal';
  const a = loose(expected);
  const b = loose(actual);
  if (a === b) return 'close';
  const budget = Math.max(2, Math.floor(a.length / 5));
  return editDistance(a, b, budget) <= budget ? 'close' : 'far';
}

/** Case, separators and surrounding space do not make a different name to a human. */
function loose(text: string): string {
  return text.trim().toLowerCase().replace(/[-_.\s]+/g, '-');
}

/** Levenshtein distance with adjacent transpositions counted as one edit; stops early past `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? 0;
}
