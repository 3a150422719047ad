/**
 * Sending one API call the way the AWS CLI would, minus signing (the local cloud does not check signatures):
 *   rest-json   POST <endpoint><path>, JSON body (X-Ray)
 *   json-1.1    POST <endpoint>/, X-Amz-Target: <prefix>.<Operation>, application/x-amz-json-1.1 (CloudWatch Logs)
 * AWS errors come back as CliError with the CLI's wording and exit code.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type Protocol = { kind: 'rest-json' } | { kind: 'json-1.1'; targetPrefix: string };

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The AWS CLI's exit codes: 252 bad command line, 254 the service returned an error, 255 anything else. */
export const exitUsage = 252;
export const exitServiceError = 254;
export const exitOther = 255;

const timeoutMs = 30_000;

export async function callApi(endpoint: string, protocol: Protocol, operation: string, path: string | undefined, body: unknown, region: string): Promise<Record<string, unknown>> {
  const base = new URL(endpoint);
  const text = JSON.stringify(body);
  const headers: Record<string, string> =
    protocol.kind === 'rest-json'
      ? { 'Content-Type': 'application/json' }
      : { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${protocol.targetPrefix}.${operation}` };
  // An unsigned request still names its region, so ARNs come out right.
  headers['Authorization'] = `AWS4-HMAC-SHA256 Credential=cruddur-aws/${new Date().toISOString().slice(0, 10).replace(/-/g, '')}/${region}/${protocol.kind === 'rest-json' ? 'xray' : 'logs'}/aws4_request, SignedHeaders=host, Signature=unsigned`;
  const target = new URL(`${base.pathname.replace(/\/$/, '')}${protocol.kind === 'rest-json' ? (path ?? '/') : '/'}`, base);
  let reply: { status: number; headers: Record<string, string | string[] | undefined>; body: string };
  try {
    reply = await post(target, headers, text);
  } catch (error) {
    throw new CliError(`Could not connect to the endpoint URL: "${target.href}" (${error instanceof Error ? error.message : String(error)})`, exitOther);
  }
  let parsed: unknown;
  try {
    parsed = reply.body.trim() === '' ? {} : JSON.parse(reply.body);
  } catch {
    throw new CliError(`The endpoint answered HTTP ${reply.status} with something that is not JSON: ${reply.body.slice(0, 200)}`, exitOther);
  }
  if (reply.status >= 300) {
    const record = (parsed ?? {}) as Record<string, unknown>;
    const headerType = reply.headers['x-amzn-errortype'];
    const type = String((Array.isArray(headerType) ? headerType[0] : headerType) ?? record['__type'] ?? record['code'] ?? `HTTP${reply.status}`).split(':')[0]?.split('#').pop();
    const message = String(record['Message'] ?? record['message'] ?? reply.body.slice(0, 200));
    throw new CliError(`An error occurred (${type}) when calling the ${operation} operation: ${message}`, exitServiceError);
  }
  return (parsed ?? {}) as Record<string, unknown>;
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
