/**
 * The frontend chapter's solution in a real browser: Chromium loads the Cruddur page from the starter's
 * frontend/server.js (import map into node_modules, the OpenTelemetry web SDK's own browser files), the page's
 * fetch carries traceparent to the backend, and the page's spans reach an OTLP receiver through the server's
 * /v1/traces forward. Expected: one trace, frontend-react-js client span → backend server span →
 * home-activities-mock-data. Once cross-origin (BACKEND_PUBLIC_URL, as the React app called the backend, so CORS
 * must allow traceparent) and once through the server's /api proxy (what the workshop's preview does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { repoRoot } from '../support/workshop-server.ts';
import { discoverCourse } from '../../src/lessons-tools/course.ts';
import { filesForStep, lessonsRoot } from '../../src/lessons/step-files.ts';
import { startOtlpServer, type OtlpServer } from '../../src/kit/otlp/server.ts';
import { SpanStore } from '../../src/kit/store/span-store.ts';
import { freePort } from '../../src/kit/runner/free-port.ts';
import type { StoredSpan } from '../../src/kit/otlp/span-model.ts';

const STEP_ID = '05-frontend/01-trace-the-frontend';
const COLLECTOR_KEY = 'frontend-test-key';
const DEADLINE_MS = 60_000;

let dir: string;
let browser: Browser;
let receiver: OtlpServer;
const store = new SpanStore();
const processes: ChildProcess[] = [];
let backendPort: number;

function writeState(root: string): void {
  const order = discoverCourse(lessonsRoot).steps.map((step) => step.id);
  const { solution } = filesForStep(STEP_ID, order);
  for (const [path, text] of Object.entries(solution)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(join(repoRoot, 'starter-app', 'node_modules'), join(root, 'node_modules'), 'dir');
}

async function listening(port: number): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${DEADLINE_MS} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

function start(cwd: string, script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], { cwd: join(dir, cwd), env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  processes.push(child);
  return child;
}

async function startFrontend(port: number, backendPublicUrl: string | null): Promise<void> {
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    BACKEND_URL: `http://127.0.0.1:${backendPort}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
    OTEL_EXPORTER_OTLP_HEADERS: `x-honeycomb-team=${COLLECTOR_KEY}`,
  };
  if (backendPublicUrl !== null) env['BACKEND_PUBLIC_URL'] = backendPublicUrl;
  start('frontend', 'server.js', env);
  await listening(port);
}

const serviceOf = (s: StoredSpan): unknown => s.resource['service.name'];

/** Waits for the page's fetch span and the backend's server span under it, then the mock data span in that trace. */
async function waitForOneTrace(afterCount: number): Promise<{ client: StoredSpan; server: StoredSpan; mock: StoredSpan }> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const spans = store.values().slice(afterCount);
    for (const client of spans.filter((s) => serviceOf(s) === 'frontend-react-js' && s.kind === 'client' && String(s.attributes['url.full']).endsWith('/api/activities/home'))) {
      const server = spans.find((s) => s.kind === 'server' && s.traceId === client.traceId && s.parentSpanId === client.spanId);
      const mock = spans.find((s) => s.name === 'home-activities-mock-data' && s.traceId === client.traceId);
      if (server !== undefined && mock !== undefined) return { client, server, mock };
    }
    if (Date.now() > deadline) {
      const seen = spans.filter((s) => s.kind !== 'internal').slice(0, 20).map((s) => `${String(serviceOf(s))}:${s.kind}:${s.name}:${s.traceId.slice(0, 8)}`).join(', ');
      throw new Error(`no page → backend → mock data trace within ${DEADLINE_MS} ms; spans: ${seen || 'none'}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}

async function loadPageAndFlush(url: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.locator('.activity').first().waitFor();
    // The page's BatchSpanProcessor would send after 5 s; flush through the page's own registered provider.
    await page.evaluate(async () => {
      const load = new Function('name', 'return import(name)') as (name: string) => Promise<typeof import('@opentelemetry/api')>;
      const api = await load('@opentelemetry/api');
      const global = api.trace.getTracerProvider() as { getDelegate?: () => { forceFlush?: () => Promise<void> } };
      await new Promise((done) => setTimeout(done, 500));
      await global.getDelegate?.().forceFlush?.();
    });
    assert.deepEqual(errors, [], 'the page threw');
    return await page.content();
  } finally {
    await context.close();
  }
}

describe('frontend tracing in Chromium (05-frontend solution)', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontend-tracing-'));
    writeState(dir);
    receiver = await startOtlpServer({ spans: store });
    backendPort = await freePort();
    browser = await launchChromium();
  });

  after(async () => {
    for (const child of processes) child.kill();
    await browser?.close();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('cross-origin, as the React app called the backend: one trace from the page to the mock data span', async () => {
    const frontendPort = await freePort();
    // Bind the frontend to the port the backend's CORS allows.
    start('backend', 'app.js', {
      PORT: String(backendPort),
      HOST: '127.0.0.1',
      ACCESS_LOG: 'off',
      FRONTEND_URL: `http://127.0.0.1:${frontendPort}`,
      OTEL_SERVICE_NAME: 'backend-flask',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      // Nothing listens there: the X-Ray, Rollbar and CloudWatch clients of earlier chapters send into the void.
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:9',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_REGION: 'ca-central-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    await listening(backendPort);
    await startFrontend(frontendPort, `http://127.0.0.1:${backendPort}`);

    const before = store.values().length;
    const html = await loadPageAndFlush(`http://127.0.0.1:${frontendPort}/`);
    assert.ok(!html.includes(COLLECTOR_KEY), 'the collector key must stay on the server');
    const { client, server, mock } = await waitForOneTrace(before);
    assert.equal(server.traceId, client.traceId);
    assert.equal(server.parentSpanId, client.spanId);
    assert.equal(mock.traceId, client.traceId);
    assert.equal(serviceOf(server), 'backend-flask');
  });

  test('through the frontend server proxy (the workshop preview): the same one trace', async () => {
    const frontendPort = await freePort();
    await startFrontend(frontendPort, null);
    const before = store.values().length;
    await loadPageAndFlush(`http://127.0.0.1:${frontendPort}/`);
    const { client, server } = await waitForOneTrace(before);
    assert.equal(server.parentSpanId, client.spanId);
    assert.ok(String(client.attributes['url.full']).startsWith(`http://127.0.0.1:${frontendPort}/`), 'the page called its own origin');
  });
});
