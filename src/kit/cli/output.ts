/**
 * Prints a reply the way the AWS CLI v2 does with `--output json`: 4-space indentation, nothing for an empty
 * reply, and members the service models as timestamps (epoch seconds on the wire) shown as ISO 8601 with a +00:00
 * offset. Which members those are is the service group's business (X-Ray: CreatedAt, StartTime, ...); plain
 * numbers that merely hold milliseconds (CloudWatch Logs' creationTime) stay numbers, as in the AWS CLI.
 */
export function formatOutput(value: Record<string, unknown>, timestampKeys: ReadonlySet<string>): string {
  if (Object.keys(value).length === 0) return '';
  return `${JSON.stringify(convert(value, undefined, timestampKeys), null, 4)}\n`;
}

function convert(value: unknown, key: string | undefined, timestampKeys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, undefined, timestampKeys));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k, timestampKeys)]));
  if (typeof value === 'number' && key !== undefined && timestampKeys.has(key)) return isoTime(value * 1000);
  return value;
}

/** Python's isoformat(), which the CLI uses: microseconds only when there is a fraction. */
function isoTime(ms: number): string {
  const date = new Date(Math.round(ms));
  const base = date.toISOString().slice(0, 19);
  const fraction = date.getUTCMilliseconds();
  return `${base}${fraction === 0 ? '' : `.${String(fraction).padStart(3, '0')}000`}+00:00`;
}
