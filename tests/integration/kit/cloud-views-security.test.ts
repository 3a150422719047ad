import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCloud, type Cloud } from '../../../src/kit/cloud.ts';
import { rawGet } from '../../doubles/raw-http.ts';
import { viewAccess } from '../../../src/kit/view-access.ts';
import type { IncomingMessage } from 'node:http';

let cloud: Cloud;
before(async () => {
  cloud = await startCloud({ host: '127.0.0.1', otlpPort: 0, awsPort: 0, xrayPort: 0, capacity: 100, maxBodyBytes: 1_000_000 });
});
after(() => cloud.close());

/** One view route per port: spans (OTLP port), log groups (AWS port), segments (X-Ray daemon port). */
const views = () => [
  { port: cloud.otlpPort, path: '/workshop/spans' },
  { port: cloud.awsPort, path: '/workshop/logs/groups' },
  { port: cloud.awsPort, path: '/workshop/xray/segments' },
  { port: cloud.xrayDaemonPort, path: '/workshop/xray/segments' },
];

describe('the local cloud\'s telemetry views are readable only from this machine\'s pages', () => {
  test('a page on another site cannot read them (403, no CORS grant)', async () => {
    for (const { port, path } of views()) {
      const response = await rawGet(port, path, { origin: 'https://evil.example' });
      assert.equal(response.status, 403, `${port}${path}`);
      assert.equal(response.headers['access-control-allow-origin'], undefined);
    }
  });

  test('a rebound DNS name (foreign Host header) is refused', async () => {
    for (const { port, path } of views()) {
      const response = await rawGet(port, path, { host: `rebind.example:${port}` });
      assert.equal(response.status, 403, `${port}${path}`);
    }
  });

  test('the workshop page (a loopback origin) and plain tools (no Origin) may read', async () => {
    for (const { port, path } of views()) {
      const fromPage = await rawGet(port, path, { origin: 'http://localhost:4321' });
      assert.equal(fromPage.status, 200, `${port}${path}: ${fromPage.body}`);
      assert.equal(fromPage.headers['access-control-allow-origin'], 'http://localhost:4321');
      assert.equal((await rawGet(port, path)).status, 200);
    }
  });

  test('ingest stays open to browser exporters (the frontend-tracing lesson posts OTLP cross-origin)', async () => {
    const preflight = await rawGet(cloud.otlpPort, '/v1/traces', { origin: 'https://frontend.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    assert.ok(preflight.status < 300, `preflight answered ${preflight.status}`);
  });
});

test('viewAccess: listed origins are allowed, everything else is judged by loopback', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  assert.deepEqual(viewAccess(req({ host: 'localhost:4318' })), { ok: true, corsOrigin: undefined });
  assert.equal(viewAccess(req({ host: '[::1]:4318', origin: 'http://127.0.0.1:3000' })).ok, true);
  assert.equal(viewAccess(req({ host: '127.0.0.1:4318', origin: 'https://workshop.example' }), ['https://workshop.example']).ok, true);
  assert.equal(viewAccess(req({ host: '127.0.0.1:4318', origin: 'https://workshop.example' }), []).ok, false);
  assert.equal(viewAccess(req({ host: '127.0.0.1.evil.example' })).ok, false);
  assert.equal(viewAccess(req({})).ok, false);
});
