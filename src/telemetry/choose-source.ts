/**
 * HTTP where the page can reach the sandbox's ports (the local provider: real processes on this machine's
 * loopback); otherwise the tap, which reads them from inside the sandbox. `?telemetry=tap` forces the tap, to
 * try the WebContainer path on a local sandbox.
 */
import type { Sandbox } from '../runtime/sandbox.ts';
import type { TelemetrySource } from './source.ts';
import { createHttpSource } from './access/http-source.ts';
import { createTapSource } from './access/tap-source.ts';

export type SourceKind = 'http' | 'tap';

export function chooseSourceKind(sandbox: Pick<Sandbox, 'kind'>, search: string): SourceKind {
  const asked = new URLSearchParams(search).get('telemetry');
  if (asked === 'tap' || asked === 'http') return asked;
  return sandbox.kind === 'local' ? 'http' : 'tap';
}

export function createSource(sandbox: Sandbox, kind: SourceKind): TelemetrySource {
  const ports = { otlp: sandbox.services.otlpPort, aws: sandbox.services.awsApiPort };
  return kind === 'http' ? createHttpSource(ports) : createTapSource(sandbox, ports);
}
