import type { CloudPort } from '../source.ts';

/** Views pass paths like "/workshop/spans?limit=500"; anything else (a full URL, "//host") is a bug, refused early. */
export function checkedPath(path: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || /[\s\\]/.test(path)) throw new Error(`Not a local-cloud path: ${JSON.stringify(path)}`);
  return path;
}

export interface CloudPorts {
  otlp: number;
  aws: number;
}

export function portOf(ports: CloudPorts, port: CloudPort): number {
  if (port !== 'otlp' && port !== 'aws') throw new Error(`Unknown local-cloud port "${String(port)}"`);
  return ports[port];
}

/** The error a route answered with: the cloud's JSON error bodies carry `message`. */
export function routeError(status: number, path: string, body: string): Error {
  let message = body.slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // Not JSON: the raw text (shortened) says enough.
  }
  return new Error(`The local cloud answered ${status} for ${path.split('?')[0]}: ${message}`);
}
