/**
 * The program the "tap" runs inside the sandbox (`node -e <this> <mode> <arg>`), where the local cloud and the
 * learner's app are reachable even when the page cannot reach them (WebContainer preview URLs, CORS). It prints
 * one `@@tap {json}` line per result, so stray output (Node warnings) is told apart. Plain CommonJS for `node -e`;
 * Node 22's global fetch does the HTTP.
 *   get <url>        → {type:"response", status, body}
 *   follow <url>     → {type:"chunk", text} per chunk of the event stream, then {type:"end"}
 *   request <json>   → {type:"response", status, statusText, headers, body, truncated, timeMs}
 * Any failure       → {type:"error", message}
 */
export const tapMarker = '@@tap ';

export const tapScript = String.raw`
const out = (value) => process.stdout.write('@@tap ' + JSON.stringify(value) + '\n');
const fail = (error) => { out({ type: 'error', message: String(error && error.message || error) + (error && error.cause ? ': ' + String(error.cause.message || error.cause) : '') }); process.exitCode = 1; };
const maxBody = 1024 * 1024;
const [mode, arg] = process.argv.slice(1);
(async () => {
  if (mode === 'get') {
    const response = await fetch(arg, { headers: { accept: 'application/json' } });
    out({ type: 'response', status: response.status, body: await response.text() });
  } else if (mode === 'follow') {
    const response = await fetch(arg, { headers: { accept: 'text/event-stream' } });
    if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
    const decoder = new TextDecoder();
    for await (const part of response.body) out({ type: 'chunk', text: decoder.decode(part, { stream: true }) });
    out({ type: 'end' });
  } else if (mode === 'request') {
    const spec = JSON.parse(arg);
    const started = performance.now();
    const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body === undefined ? undefined : spec.body, redirect: 'manual' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const timeMs = performance.now() - started;
    const headers = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    out({ type: 'response', status: response.status, statusText: response.statusText, headers, body: new TextDecoder().decode(bytes.subarray(0, maxBody)), truncated: bytes.length > maxBody, timeMs });
  } else {
    throw new Error('unknown tap mode ' + mode);
  }
})().catch(fail);
`;
