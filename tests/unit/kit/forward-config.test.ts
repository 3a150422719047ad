import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { honeycombTracesUrl, readForwardConfig, rollbarItemUrl, secretsOf } from '../../../src/kit/forward/config.ts';
import { createForwarding } from '../../../src/kit/forward/forwarding.ts';
import { redact, Upstream } from '../../../src/kit/forward/upstream.ts';

describe('forwarding configuration from the environment', () => {
  it('is all off with no WORKSHOP_FORWARD_* variables, even with OTEL_* and AWS_* set', () => {
    const config = readForwardConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=abc', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ROLLBAR_ACCESS_TOKEN: 'c' });
    assert.deepEqual(config, { problems: [] });
    assert.deepEqual(createForwarding({}).summary(), { otlp: false, rollbar: false, cloudwatchLogs: false });
  });

  it('defaults to the real endpoints', () => {
    const config = readForwardConfig({ WORKSHOP_FORWARD_HONEYCOMB_KEY: 'hc-key', WORKSHOP_FORWARD_ROLLBAR_TOKEN: 'rb-token', WORKSHOP_FORWARD_AWS: '1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'SECRET', AWS_DEFAULT_REGION: 'ca-central-1' });
    assert.deepEqual(config.otlp, { url: honeycombTracesUrl, headers: { 'x-honeycomb-team': 'hc-key' }, service: 'honeycomb' });
    assert.deepEqual(config.rollbar, { url: rollbarItemUrl, token: 'rb-token' });
    assert.deepEqual(config.aws, { url: 'https://logs.ca-central-1.amazonaws.com/', region: 'ca-central-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' } });
    assert.deepEqual(secretsOf(config).sort(), ['AKID', 'SECRET', 'hc-key', 'rb-token']);
  });

  it('takes any OTLP endpoint with OTEL-style headers', () => {
    const config = readForwardConfig({ WORKSHOP_FORWARD_OTLP_URL: 'https://otlp.example/v1/traces', WORKSHOP_FORWARD_OTLP_HEADERS: 'Authorization=Bearer%20abc, x-tenant = t1 ,broken' });
    assert.deepEqual(config.otlp, { url: 'https://otlp.example/v1/traces', headers: { authorization: 'Bearer abc', 'x-tenant': 't1' }, service: 'otlp' });
    assert.equal(config.problems.length, 1);
    assert.doesNotMatch(config.problems[0] ?? '', /broken/);
  });

  it('refuses URLs with credentials or query strings and half-configured targets, without echoing secrets', () => {
    const config = readForwardConfig({
      WORKSHOP_FORWARD_HONEYCOMB_KEY: 'hc-key',
      WORKSHOP_FORWARD_OTLP_URL: 'https://user:pw@api.honeycomb.io/v1/traces?key=hc-key',
      WORKSHOP_FORWARD_ROLLBAR_URL: 'ftp://rollbar.example/',
      WORKSHOP_FORWARD_AWS: 'true',
      AWS_ACCESS_KEY_ID: 'AKID',
    });
    assert.equal(config.otlp, undefined);
    assert.equal(config.rollbar, undefined);
    assert.equal(config.aws, undefined);
    assert.equal(config.problems.length, 3);
    assert.doesNotMatch(config.problems.join('\n'), /hc-key|AKID|pw/);
    assert.deepEqual(readForwardConfig({ WORKSHOP_FORWARD_AWS: '0', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }), { problems: [] });
  });
});

describe('Upstream', () => {
  it('bounds its queue (dropping and counting), times out slow requests, and redacts errors', async () => {
    const upstream = new Upstream({ url: 'https://user@up.example/path?q=1', secrets: ['s3cr3t-value'], maxQueue: 2, concurrency: 1, timeoutMs: 50 });
    assert.equal(upstream.stats.url, 'https://up.example/path');
    const hang = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    upstream.enqueue(hang);
    upstream.enqueue(async () => ({ status: 500, ok: false, text: 'upstream says s3cr3t-value is wrong' }));
    upstream.enqueue(async () => ({ status: 200, ok: true, text: '' }));
    upstream.enqueue(async () => ({ status: 200, ok: true, text: '' }));
    await upstream.drained();
    assert.equal(upstream.stats.dropped, 1);
    assert.equal(upstream.stats.failed, 2);
    assert.equal(upstream.stats.sent, 1);
    assert.equal(upstream.stats.inFlight, 0);
    assert.match(JSON.stringify(upstream.stats), /\[redacted\]/);
    assert.doesNotMatch(JSON.stringify(upstream.stats), /s3cr3t/);
    assert.equal(redact('a KEY b KEY', ['KEY']), 'a KEY b KEY', 'secrets shorter than 4 characters are not redacted (too many false hits)');
    assert.equal(redact('a KEYS b', ['KEYS']), 'a [redacted] b');
  });
});
