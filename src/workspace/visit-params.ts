/**
 * Query parameters that choose how the whole visit runs (`?sandbox=local|webcontainer` picks the provider,
 * `?telemetry=tap|http` how the Telemetry panel reads the cloud). Step links are plain paths, so without this a
 * step change would drop them: the panel would read its source from the new address, and a reload would boot
 * another kind of sandbox than the one running.
 */
export const VISIT_PARAMS = ['sandbox', 'telemetry'] as const;

/** `to` with the visit parameters of `from` it does not set itself; other sites and other pages are left alone. */
export function carryVisitParams(from: URL, to: URL, scope = '/lessons/'): URL {
  if (to.origin !== from.origin || !to.pathname.startsWith(scope)) return to;
  const carried = new URL(to);
  for (const name of VISIT_PARAMS) {
    const value = from.searchParams.get(name);
    if (value !== null && !carried.searchParams.has(name)) carried.searchParams.set(name, value);
  }
  return carried;
}
