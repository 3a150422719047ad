/** Time axis helpers: a "nice" bucket width for a range, like Honeycomb's automatic granularity. */
const niceSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** The smallest nice width that splits `spanMs` into at most `maxBuckets` buckets. */
export function bucketWidth(spanMs: number, maxBuckets = 60): number {
  const wanted = Math.max(spanMs, 1) / maxBuckets;
  return niceSteps.find((step) => step >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
}

/** Bucket start times covering [start, end), aligned to the width. */
export function bucketStarts(start: number, end: number, width: number): number[] {
  const first = Math.floor(start / width) * width;
  const out: number[] = [];
  for (let t = first; t < end || out.length === 0; t += width) out.push(t);
  return out;
}
