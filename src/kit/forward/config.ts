/**
 * Optional forwarding of what the local cloud receives to the REAL services, configured by environment only
 * (never flags: flags show up in `ps`). Secrets stay in this process's memory: never logged, written to disk,
 * put in a URL or returned by a route.
 *
 *   WORKSHOP_FORWARD_HONEYCOMB_KEY   Honeycomb API key → traces also go to Honeycomb (header x-honeycomb-team)
 *   WORKSHOP_FORWARD_OTLP_URL        any OTLP/HTTP traces URL, used as is (default with a Honeycomb key:
 *                                    https://api.honeycomb.io/v1/traces; EU: https://api.eu1.honeycomb.io/v1/traces)
 *   WORKSHOP_FORWARD_OTLP_HEADERS    extra headers for it, OTEL style `k=v,k2=v2` (values treated as secrets)
 *   WORKSHOP_FORWARD_ROLLBAR_TOKEN   a Rollbar post_server_item token → items also go to Rollbar
 *   WORKSHOP_FORWARD_ROLLBAR_URL     default https://api.rollbar.com/api/1/item/
 *   WORKSHOP_FORWARD_AWS=1           PutLogEvents batches also go to the real CloudWatch Logs, signed (SigV4) with
 *                                    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]
 *   WORKSHOP_FORWARD_AWS_REGION      default AWS_REGION, AWS_DEFAULT_REGION, then us-east-1
 *   WORKSHOP_FORWARD_AWS_LOGS_URL    default https://logs.<region>.amazonaws.com/
 *
 * Deliberately NOT the OTEL_EXPORTER_OTLP_* names: the cloud may inherit the app's environment, where those point
 * at the cloud itself, which would loop.
 */

export const honeycombTracesUrl = 'https://api.honeycomb.io/v1/traces';
export const rollbarItemUrl = 'https://api.rollbar.com/api/1/item/';

export interface OtlpTarget {
  url: string;
  /** Sent with every request; includes the Honeycomb key. Secret. */
  headers: Record<string, string>;
  service: 'honeycomb' | 'otlp';
}

export interface RollbarTarget {
  url: string;
  token: string;
}

export interface AwsTarget {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface ForwardConfig {
  otlp?: OtlpTarget;
  rollbar?: RollbarTarget;
  aws?: AwsTarget;
  /** Misconfigurations, worded without secrets; that target stays off and the local cloud runs anyway. */
  problems: string[];
}

export function readForwardConfig(env: NodeJS.ProcessEnv): ForwardConfig {
  const config: ForwardConfig = { problems: [] };
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const honeycombKey = get('WORKSHOP_FORWARD_HONEYCOMB_KEY');
  const otlpUrl = get('WORKSHOP_FORWARD_OTLP_URL');
  if (honeycombKey !== undefined || otlpUrl !== undefined) {
    const url = checkUrl(otlpUrl ?? honeycombTracesUrl, 'WORKSHOP_FORWARD_OTLP_URL', config.problems);
    const headers = parseHeaders(get('WORKSHOP_FORWARD_OTLP_HEADERS'), config.problems);
    if (honeycombKey !== undefined) headers['x-honeycomb-team'] = honeycombKey;
    if (url !== undefined) config.otlp = { url, headers, service: honeycombKey !== undefined ? 'honeycomb' : 'otlp' };
  }

  const rollbarToken = get('WORKSHOP_FORWARD_ROLLBAR_TOKEN');
  if (rollbarToken !== undefined) {
    const url = checkUrl(get('WORKSHOP_FORWARD_ROLLBAR_URL') ?? rollbarItemUrl, 'WORKSHOP_FORWARD_ROLLBAR_URL', config.problems);
    if (url !== undefined) config.rollbar = { url, token: rollbarToken };
  } else if (get('WORKSHOP_FORWARD_ROLLBAR_URL') !== undefined) {
    config.problems.push('WORKSHOP_FORWARD_ROLLBAR_URL is set but WORKSHOP_FORWARD_ROLLBAR_TOKEN is not: Rollbar forwarding is off');
  }

  if (get('WORKSHOP_FORWARD_AWS') !== undefined && !['0', 'false', 'no'].includes((get('WORKSHOP_FORWARD_AWS') ?? '').toLowerCase())) {
    const accessKeyId = get('AWS_ACCESS_KEY_ID');
    const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
    const region = get('WORKSHOP_FORWARD_AWS_REGION') ?? get('AWS_REGION') ?? get('AWS_DEFAULT_REGION') ?? 'us-east-1';
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      config.problems.push('WORKSHOP_FORWARD_AWS is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set: CloudWatch Logs forwarding is off');
    } else if (!/^[a-z0-9-]{1,32}$/.test(region)) {
      config.problems.push(`the AWS region "${region}" is not a region name: CloudWatch Logs forwarding is off`);
    } else {
      const url = checkUrl(get('WORKSHOP_FORWARD_AWS_LOGS_URL') ?? `https://logs.${region}.amazonaws.com/`, 'WORKSHOP_FORWARD_AWS_LOGS_URL', config.problems);
      const sessionToken = get('AWS_SESSION_TOKEN');
      if (url !== undefined) config.aws = { url, region, credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) } };
    }
  }
  return config;
}

/** Only http(s) URLs without credentials or a query string in them (keys belong in headers). */
function checkUrl(raw: string, name: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} is not a URL: that forwarding is off`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`${name} must be an http(s) URL: that forwarding is off`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '') {
    problems.push(`${name} must not carry credentials or a query string (keys go in headers): that forwarding is off`);
    return undefined;
  }
  return url.toString();
}

/** OTEL_EXPORTER_OTLP_HEADERS syntax: comma-separated `key=value`, values URL-decoded. */
function parseHeaders(raw: string | undefined, problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw === undefined) return headers;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      // Never echo the part: it may hold a key.
      problems.push('WORKSHOP_FORWARD_OTLP_HEADERS has an entry that is not key=value; it was skipped');
      continue;
    }
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // Keep it as written.
    }
    headers[key] = value;
  }
  return headers;
}

/** Every secret in the config, for redacting error texts. */
export function secretsOf(config: ForwardConfig): string[] {
  const secrets: string[] = [];
  if (config.otlp !== undefined) secrets.push(...Object.values(config.otlp.headers));
  if (config.rollbar !== undefined) secrets.push(config.rollbar.token);
  if (config.aws !== undefined) {
    const { accessKeyId, secretAccessKey, sessionToken } = config.aws.credentials;
    secrets.push(accessKeyId, secretAccessKey, ...(sessionToken === undefined ? [] : [sessionToken]));
  }
  return secrets.filter((s) => s.length >= 4);
}
