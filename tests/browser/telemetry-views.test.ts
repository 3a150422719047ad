/**
 * The Query, X-Ray, Rollbar and CloudWatch Logs views in Chromium against a REAL local cloud (started in-process),
 * fed by the REAL clients: the OpenTelemetry OTLP proto exporter (10,000 spans), aws-xray-sdk-core in the fixture
 * Express app, the rollbar client and winston-cloudwatch. The views are bundled (esbuild) into a tiny test page
 * whose TelemetrySource reads the cloud over fetch + EventSource, as a loopback page may.
 * Figures (render times, live latency) are printed, never asserted.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import Rollbar from 'rollbar';
import winston from 'winston';
import WinstonCloudWatch from 'winston-cloudwatch';
import { startCloud, type Cloud } from '../../src/kit/cloud.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { newTraceId, repoRoot, startExpressApp, type AppProcess } from '../fixtures/kit/xray/harness.ts';

const spanCount = 10_000;
const deadline = 90_000;

const pageEntry = `
import { mount as query } from './src/telemetry/query/view.ts';
import { mount as xray } from './src/telemetry/xray/view.ts';
import { mount as rollbar } from './src/telemetry/rollbar/view.ts';
import { mount as logs } from './src/telemetry/logs/view.ts';
const views = { query, xray, rollbar, logs };
const ports = JSON.parse(document.body.dataset.ports);
const base = { otlp: 'http://127.0.0.1:' + ports.otlp, aws: 'http://127.0.0.1:' + ports.aws };
const source = {
  async get(port, path) {
    const reply = await fetch(base[port] + path);
    const body = await reply.json().catch(() => ({}));
    if (!reply.ok) throw new Error(body.message ?? 'HTTP ' + reply.status);
    return body;
  },
  follow(port, path, onEvent) {
    const events = new EventSource(base[port] + path);
    for (const name of ['spans', 'segments', 'logs', 'occurrences']) events.addEventListener(name, (e) => onEvent(JSON.parse(e.data)));
    return () => events.close();
  },
};
window.__links = [];
const name = location.hash.slice(1);
const started = performance.now();
window.__unmount = views[name](document.getElementById('host'), source, (link) => window.__links.push(link));
window.__mountMs = performance.now() - started;
`;

describe('telemetry views against a real local cloud and real clients', () => {
  let cloud: Cloud;
  let server: Server;
  let pageUrl: string;
  let browser: Browser;
  let page: Page;
  let app: AppProcess | undefined;
  const figures: Record<string, number | string> = {};

  before(async () => {
    cloud = await startCloud({ host: '127.0.0.1', otlpPort: 0, awsPort: 0, xrayPort: 0, capacity: 50_000, maxBodyBytes: 16 * 1024 * 1024 });
    const bundle = await build({ stdin: { contents: pageEntry, resolveDir: repoRoot, loader: 'js', sourcefile: 'telemetry-test-page.js' }, bundle: true, format: 'esm', write: false, target: 'es2022', logLevel: 'silent' });
    const js = bundle.outputFiles[0]?.text ?? '';
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Telemetry views</title></head><body data-ports='${JSON.stringify({ otlp: cloud.otlpPort, aws: cloud.awsPort })}'><main><h1>Telemetry view</h1><div id="host"></div></main><script type="module" src="/views.js"></script></body></html>`;
    server = createServer((req, res) => {
      if (req.url === '/views.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    console.log(`telemetry view figures: ${JSON.stringify(figures)}`);
    await app?.stop();
    await browser?.close();
    server?.close();
    await cloud?.close();
  });

  async function openView(name: string): Promise<void> {
    await page.goto(`${pageUrl}#${name}`, { timeout: deadline });
    await page.reload({ timeout: deadline });
  }

  async function expectNoAxeViolations(name: string): Promise<void> {
    const violations = await axeViolations(page, '#host');
    assert.equal(violations.length, 0, `${name}: ${describeViolations(violations)}`);
  }

  it('Query: charts and groups 10,000 spans from the real OTLP exporter, links groups to traces, updates live', async () => {
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${cloud.otlpPort}/v1/traces` });
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'backend-flask' }),
      spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: spanCount + 100, maxExportBatchSize: 1000, scheduledDelayMillis: 50 })],
    });
    const tracer = provider.getTracer('cruddur');
    for (let i = 0; i < spanCount / 2; i++) {
      const route = i % 5 === 0 ? '/api/activities/@:handle' : '/api/activities/home';
      const parent = tracer.startSpan(`GET ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.route': route, 'http.status_code': i % 50 === 0 ? 500 : 200 } });
      const child = tracer.startSpan('home-activities-mock-data', { attributes: { 'app.result_length': i % 7 } }, trace.setSpan(context.active(), parent));
      child.end();
      if (i % 50 === 0) parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      parent.end();
    }
    await provider.forceFlush();

    await openView('query');
    const status = page.locator('#host [role=status]').first();
    await status.filter({ hasText: `of ${spanCount.toLocaleString('en-US')} spans matched` }).waitFor({ timeout: deadline });
    figures['queryMountMs'] = await page.evaluate(() => Number((window as unknown as { __mountMs: number }).__mountMs.toFixed(1)));
    figures['queryRender10kMs'] = Number(await page.locator('#host').getAttribute('data-render-ms'));
    // GROUP BY service.name, name by default: two span names of one service, the child spans at 5,000.
    assert.match((await status.textContent()) ?? '', /^3 groups/);
    assert.equal(await page.locator('#host .tv-figure').count(), 2, 'a COUNT line chart and a duration heatmap');
    assert.ok((await page.locator('#host .tv-cell').count()) > 0, 'heatmap cells');
    // A chart point and a heatmap cell open their exemplar trace with a search the trace list can match: its id.
    type Link = { view: string; traceId?: string; search?: string };
    const lastLink = () => page.evaluate(() => (window as unknown as { __links: Link[] }).__links.at(-1));
    // Dispatched, not clicked: the charts redraw as spans stream in, so a pointer click can keep missing its target.
    for (const selector of ['#host .tv-point', '#host .tv-cell']) {
      const before = await page.evaluate(() => (window as unknown as { __links: unknown[] }).__links.length);
      await page.locator(selector).first().dispatchEvent('click');
      await page.waitForFunction((count) => (window as unknown as { __links: unknown[] }).__links.length > count, before, { timeout: deadline });
      const link = await lastLink();
      assert.match(link?.traceId ?? '', /^[0-9a-f]{32}$/, `${selector} opens a trace`);
      assert.equal(link?.search, link?.traceId, `${selector}: the search is the trace's id`);
    }
    assert.ok((await page.locator('#host [role=option]').count()) <= 40, 'the result list renders only what is in view');

    // WHERE error = true, GROUP BY trace.trace_id: 100 error traces, Enter opens the first one in Traces.
    await page.getByRole('button', { name: '+ filter' }).click();
    await page.getByLabel('Field of filter 1').fill('error');
    await page.getByLabel('Value of filter 1').fill('true');
    await page.getByLabel('Group by field 1').fill('trace.trace_id');
    await page.getByRole('button', { name: 'Remove group by 2' }).click();
    await page.getByRole('button', { name: 'Run query' }).click();
    await status.filter({ hasText: /^100 groups · 100 of/ }).waitFor({ timeout: deadline });
    const list = page.getByRole('listbox', { name: /Query result groups/ });
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const groupLink = await lastLink();
    assert.equal(groupLink?.view, 'traces');
    assert.match(groupLink?.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.match(groupLink?.search ?? '', /^trace\.trace_id = "/);

    // A bad query is explained, not run.
    await page.getByRole('combobox', { name: 'Calculation 1' }).selectOption('AVG');
    await page.getByLabel('Field of calculation 1').fill('name');
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.getByRole('alert').filter({ hasText: '"name" is not numeric' }).waitFor({ timeout: deadline });
    await page.getByLabel('Field of calculation 1').fill('duration_ms');
    await page.getByRole('button', { name: 'Run query' }).click();
    await status.filter({ hasText: /^100 groups/ }).waitFor({ timeout: deadline });

    // Live: one more error span arrives over SSE and the query re-runs by itself.
    const sent = Date.now();
    tracer.startSpan('late-error', {}).setStatus({ code: SpanStatusCode.ERROR }).end();
    await provider.forceFlush();
    await status.filter({ hasText: /^101 groups · 101 of 10,001 spans/ }).waitFor({ timeout: deadline });
    figures['queryLiveMs'] = Date.now() - sent;
    await expectNoAxeViolations('query');
    await provider.shutdown();
  });

  it('X-Ray: trace map, filter expressions (the kit parser), timeline with tabs, rules and groups, from aws-xray-sdk-core', async () => {
    app = await startExpressApp({ daemonPort: cloud.xrayDaemonPort });
    for (let i = 0; i < 3; i++) assert.equal((await app.get('/api/activities/home', { 'X-Amzn-Trace-Id': `Root=${newTraceId()};Sampled=1` })).status, 200);
    const boomId = newTraceId();
    await app.get('/api/boom', { 'X-Amzn-Trace-Id': `Root=${boomId};Sampled=1` });

    await openView('xray');
    const status = page.locator('#host [role=status]').first();
    await status.filter({ hasText: /^4 traces · 1 with faults/ }).waitFor({ timeout: deadline });
    await page.locator('#host .tv-node', { hasText: 'backend-flask' }).first().waitFor({ timeout: deadline });
    const clientNode = page.getByRole('button', { name: /backend-flask \(client\): 4 requests · 1 fault \(25%\)/ });
    assert.equal(await clientNode.count(), 1, 'the client node says its fault share in words');

    await page.getByLabel('Filter expression').fill('fault AND http.url CONTAINS "boom"');
    await page.getByRole('button', { name: 'Apply' }).click();
    await status.filter({ hasText: /^1 trace match/ }).waitFor({ timeout: deadline });
    const list = page.getByRole('listbox', { name: /^Traces/ });
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Trace ${boomId}` }).waitFor({ timeout: deadline });
    assert.match((await page.getByRole('option', { name: /^backend-flask, segment, fault, HTTP 500/ }).count()).toString(), /^1$/);
    await page.getByRole('tab', { name: /^Exceptions \(1\)/ }).click();
    assert.match((await page.getByRole('tabpanel').textContent()) ?? '', /Error: .+/);
    await page.getByRole('button', { name: 'open in the Traces waterfall' }).click();
    const links = await page.evaluate(() => (window as unknown as { __links: { view: string; traceId?: string }[] }).__links);
    assert.equal(links[0]?.traceId, boomId.slice(2).replace('-', ''));

    await page.getByLabel('Filter expression').fill('service("backend-flask" AND');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').filter({ hasText: 'That filter did not run' }).waitFor({ timeout: deadline });

    // Live: a new trace shows up without a reload.
    await page.getByLabel('Filter expression').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await status.filter({ hasText: /^4 traces/ }).waitFor({ timeout: deadline });
    const sent = Date.now();
    await app.get('/api/activities/home', { 'X-Amzn-Trace-Id': `Root=${newTraceId()};Sampled=1` });
    await status.filter({ hasText: /^5 traces/ }).waitFor({ timeout: deadline });
    figures['xrayLiveMs'] = Date.now() - sent;
    await page.getByText('Sampling rules and groups').click();
    await page.getByRole('cell', { name: 'Default' }).first().waitFor({ timeout: deadline });
    await expectNoAxeViolations('xray');
  });

  it('Rollbar: items from the real rollbar client, an occurrence with its trace chain and frames', async () => {
    const rollbar = new Rollbar({ accessToken: 'tok_test_0123456789abcdef', endpoint: `http://127.0.0.1:${cloud.awsPort}/api/1/item/`, environment: 'development' });
    const report = (send: (cb: (error: Error | null) => void) => void): Promise<void> => new Promise((resolve, reject) => send((error) => (error ? reject(error) : resolve())));
    await report((cb) => rollbar.warning('Hello World!', cb));
    await report((cb) => rollbar.error(new Error('Cruddur exploded'), cb));
    await report((cb) => rollbar.error(new Error('Cruddur exploded'), cb));

    await openView('rollbar');
    const status = page.locator('#host [role=status]').first();
    await status.filter({ hasText: /^2 of 2 items · 3 occurrences/ }).waitFor({ timeout: deadline });
    await page.getByLabel('Level').selectOption('error');
    await status.filter({ hasText: /^1 of 2 items/ }).waitFor({ timeout: deadline });
    const list = page.getByRole('listbox', { name: /^Rollbar items/ });
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Error: Cruddur exploded/ }).waitFor({ timeout: deadline });
    await page.getByRole('heading', { name: 'Traceback' }).waitFor({ timeout: deadline });
    assert.ok((await page.locator('#host .tv-r-frames li').count()) > 0, 'the frames of the trace');
    assert.match((await page.locator('#host .tv-r-frames li').first().textContent()) ?? '', /telemetry-views\.test\.ts/);
    assert.ok(!(await page.locator('#host').textContent())?.includes('tok_test_0123456789abcdef'), 'the access token is never shown');

    const sent = Date.now();
    await report((cb) => rollbar.critical('Database down', cb));
    await page.getByLabel('Level').selectOption('');
    await status.filter({ hasText: /^3 of 3 items · 4 occurrences/ }).waitFor({ timeout: deadline });
    figures['rollbarLiveMs'] = Date.now() - sent;
    await expectNoAxeViolations('rollbar');
  });

  it('CloudWatch Logs: groups, streams, filter patterns and the live tail, from winston-cloudwatch', async () => {
    const transport = new WinstonCloudWatch({ logGroupName: 'cruddur', logStreamName: 'backend-node/app', awsOptions: { endpoint: `http://127.0.0.1:${cloud.awsPort}`, region: 'ca-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } });
    const logger = winston.createLogger({ level: 'debug', transports: [transport] });
    const flush = (): Promise<void> => new Promise((resolve, reject) => transport.kthxbye((error?: Error) => (error ? reject(error) : resolve())));
    logger.info('Hello Cloudwatch! from  /api/activities/home');
    logger.error('ERROR something broke in /api/activities/home');
    await flush();

    await openView('logs');
    const status = page.locator('#host [role=status]').first();
    await status.filter({ hasText: /^2 events in every group/ }).waitFor({ timeout: deadline });
    await page.getByLabel('Log group').selectOption('cruddur');
    await status.filter({ hasText: /^2 events in cruddur/ }).waitFor({ timeout: deadline });
    await page.getByLabel('Filter pattern').fill('broke');
    await page.getByRole('button', { name: 'Search' }).click();
    await status.filter({ hasText: /^1 event in cruddur matching broke/ }).waitFor({ timeout: deadline });

    // The live tail keeps the pattern: only the matching line arrives.
    const tailTransport = new WinstonCloudWatch({ logGroupName: 'cruddur', logStreamName: 'backend-node/app', awsOptions: { endpoint: `http://127.0.0.1:${cloud.awsPort}`, region: 'ca-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } });
    const tailLogger = winston.createLogger({ level: 'debug', transports: [tailTransport] });
    const sent = Date.now();
    tailLogger.info('all fine');
    tailLogger.error('it broke again');
    await new Promise<void>((resolve, reject) => tailTransport.kthxbye((error?: Error) => (error ? reject(error) : resolve())));
    await status.filter({ hasText: /^2 events in cruddur matching broke/ }).waitFor({ timeout: deadline });
    figures['logsLiveMs'] = Date.now() - sent;
    const list = page.getByRole('listbox', { name: /^Log events/ });
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    assert.match((await page.getByRole('region', { name: 'Selected log event' }).textContent()) ?? '', /it broke again/);

    await page.getByLabel('Filter pattern').fill('{ $.level = ');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').filter({ hasText: 'That search did not run' }).waitFor({ timeout: deadline });
    await expectNoAxeViolations('logs');
    logger.close();
    tailLogger.close();
  });
});
