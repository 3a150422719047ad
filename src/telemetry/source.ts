// The views read the session's local cloud through this interface so the same view code works whether the page can
// reach the cloud over HTTP (local mode) or only through a process running inside the sandbox (WebContainer mode).

export type CloudPort = 'otlp' | 'aws';

export interface TelemetrySource {
  /** GET a JSON route of the session's local cloud, e.g. get('otlp', '/workshop/spans?limit=500'). */
  get<T>(port: CloudPort, path: string): Promise<T>;
  /** Follows an SSE route; returns a function that stops following. */
  follow(port: CloudPort, path: string, onEvent: (data: unknown) => void): () => void;
}

/** Another view to show, e.g. from a query group to its traces. */
export type ViewLink =
  | { view: 'traces'; traceId?: string; search?: string }
  | { view: 'xray'; traceId?: string }
  | { view: 'rollbar'; itemId?: string }
  | { view: 'logs'; group?: string }
  | { view: 'query' };

export type MountView = (host: HTMLElement, source: TelemetrySource, open: (link: ViewLink) => void) => () => void;
