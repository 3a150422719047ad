import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
// Monaco's own TypeScript worker (the code that runs in the browser's worker), driven directly.
import { TypeScriptWorker } from 'monaco-editor/languages/features/typescript/tsWorker.js';
import { collectTypeBundle, type TypeBundle } from '../../../src/scripts/build-types.ts';
import { IGNORED_DIAGNOSTICS, JS_COMPILER_OPTIONS, TYPE_ROOT_URI } from '../../../src/workspace/type-options.ts';
import { solutionDelta, starterFiles } from '../../../src/lessons/step-files.ts';
import { repoRoot } from '../../support/workshop-server.ts';

const STEP = '01-honeycomb/01-home-activities-span';
let bundle: TypeBundle;

interface Diagnostic {
  code: number;
  messageText: string | { messageText: string };
  category: number;
}

before(() => {
  bundle = collectTypeBundle(join(repoRoot, 'starter-app', 'node_modules'));
});

/** A worker over the bundle and the given learner files, configured as type-libs.ts configures the browser's. */
function workerFor(files: Record<string, string>) {
  const models = Object.entries(files).map(([path, text]) => ({ uri: { path: `/${path}`, toString: () => `file:///${path}` }, getValue: () => text, version: 1 }));
  const extraLibs = Object.fromEntries(Object.entries(bundle.files).map(([path, content]) => [`${TYPE_ROOT_URI}${path}`, { content, version: 1 }]));
  const worker = new TypeScriptWorker({ getMirrorModels: () => models } as never, { compilerOptions: JS_COMPILER_OPTIONS, extraLibs, inlayHintsOptions: {} } as never);
  const diagnostics = async (path: string): Promise<Diagnostic[]> => {
    const all = [...(await worker.getSyntacticDiagnostics(`file:///${path}`)), ...(await worker.getSemanticDiagnostics(`file:///${path}`))] as Diagnostic[];
    return all.filter((d) => !(IGNORED_DIAGNOSTICS as readonly number[]).includes(d.code));
  };
  return { worker, diagnostics };
}
const text = (d: Diagnostic) => `${d.code} ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`;

test('the bundle holds each package a learner requires, with a package.json naming its types', () => {
  for (const name of ['@opentelemetry/api', '@opentelemetry/sdk-node', '@opentelemetry/sdk-trace', 'aws-xray-sdk-core', 'rollbar', 'winston', '@aws-sdk/client-cloudwatch-logs', '@types/express', '@types/node']) {
    const manifest = bundle.files[`node_modules/${name}/package.json`];
    assert.ok(manifest, `${name} has a package.json`);
    const types = JSON.parse(manifest).types as string;
    assert.ok(bundle.files[`node_modules/${name}/${types}`], `${name}'s types entry ${types} is in the bundle`);
  }
  assert.ok(Object.keys(bundle.files).every((path) => path.endsWith('.d.ts') || path.endsWith('package.json')), 'only declarations and manifests');
  assert.ok(!Object.keys(bundle.files).some((path) => /\.d\.[cm]ts$/.test(path)), '.d.cts/.d.mts are renamed (Monaco would read them as JavaScript)');
  const gzip = gzipSync(JSON.stringify(bundle)).length;
  assert.ok(gzip < 450 * 1024, `the bundle stays reasonably small: ${Math.round(gzip / 1024)} KiB gzip`);
});

test('the step\'s solution and the starter backend type-check without a single false error', async () => {
  const files = Object.fromEntries(Object.entries({ ...starterFiles(), ...solutionDelta(STEP) }).filter(([path]) => path.startsWith('backend/') && path.endsWith('.js')));
  const { diagnostics } = workerFor(files);
  for (const path of Object.keys(files)) {
    const errors = (await diagnostics(path)).filter((d) => d.category === 1);
    assert.deepEqual(errors.map(text), [], path);
  }
});

test('a misspelt OpenTelemetry call is an error that suggests the right name', async () => {
  const code = [
    "const { trace } = require('@opentelemetry/api');",
    "const tracer = trace.getTracer('home.activities');",
    "tracer.startActiveSpan('home-activities-mock-data', (span) => {",
    "  span.setAtribute('app.now', 'x');",
    '  span.end();',
    '});',
    '',
  ].join('\n');
  const { worker, diagnostics } = workerFor({ 'backend/services/home_activities.js': code });
  const errors = await diagnostics('backend/services/home_activities.js');
  assert.deepEqual(errors.map(text), ["2551 Property 'setAtribute' does not exist on type 'Span'. Did you mean 'setAttribute'?"]);

  const hover = (await worker.getQuickInfoAtPosition('file:///backend/services/home_activities.js', code.indexOf('getTracer') + 2)) as { displayParts: { text: string }[]; documentation: { text: string }[] };
  assert.match(hover.displayParts.map((p) => p.text).join(''), /TraceAPI\.getTracer\(name: string, version\?: string\): Tracer/);
  assert.ok(hover.documentation.map((p) => p.text).join('').length > 20, 'hover shows the doc comment');

  const completions = (await worker.getCompletionsAtPosition('file:///backend/services/home_activities.js', code.indexOf('setAtribute'))) as { entries: { name: string }[] };
  for (const name of ['setAttribute', 'setAttributes', 'addEvent', 'recordException', 'end']) assert.ok(completions.entries.some((e) => e.name === name), name);
});

test('SDK, X-Ray, Rollbar, winston, CloudWatch Logs and express are typed too', async () => {
  const code = [
    "const { NodeSDK } = require('@opentelemetry/sdk-node');",
    "const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');",
    "const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');",
    "const AWSXRay = require('aws-xray-sdk-core');",
    "const Rollbar = require('rollbar');",
    "const winston = require('winston');",
    "const { CloudWatchLogsClient, PutLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');",
    "const express = require('express');",
    'const sdk = new NodeSDK({ spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] });',
    'sdk.strat();',
    "AWSXRay.getSegmnt();",
    "new Rollbar({ accessToken: 'x' }).eror('boom');",
    "winston.createLoger();",
    "new CloudWatchLogsClient({}).sendd(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [] }));",
    'express().lisen(4567);',
    "require('@opentelemetry/apii');",
    '',
  ].join('\n');
  const { diagnostics } = workerFor({ 'backend/app.js': code });
  const errors = (await diagnostics('backend/app.js')).map(text).join('\n');
  assert.equal((await diagnostics('backend/app.js')).length, 7, `exactly the seven mistakes, nothing on the correct lines:\n${errors}`);
  for (const wanted of [/'strat'.*'start'/, /'getSegmnt'.*'getSegment'/, /'eror'.*'error'/, /'createLoger'.*'createLogger'/, /'sendd'.*'send'/, /'lisen'.*'listen'/, /Cannot find module '@opentelemetry\/apii'/]) {
    assert.match(errors, wanted);
  }
});
