import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesForStep, readTree, starterFiles } from '../../../src/lessons/step-files.ts';
import { learnerEnv } from '../../../src/runtime/learner-env.ts';

test('the starter files exclude node_modules, tests and the lockfile', () => {
  const files = Object.keys(starterFiles());
  assert.ok(files.includes('backend/app.js'));
  assert.ok(files.includes('backend/services/home_activities.js'));
  assert.ok(!files.some((path) => path.startsWith('node_modules/') || path.startsWith('test/') || path === 'package-lock.json'));
});

test('the sandbox root opts WebContainer into Node 22 (OpenTelemetry JS 3 needs >= 22.15; WebContainer defaults to 20)', () => {
  // The maintainers' documented opt-in: a root .nvmrc naming v22.22.0 (stackblitz/webcontainer-core#560).
  assert.equal(starterFiles()['.nvmrc']?.trim(), 'v22.22.0');
});

test('a step starts from the previous solution and its solution adds its own delta', () => {
  const ids = ['01-honeycomb/01-home-activities-span'];
  const { start, solution } = filesForStep(ids[0]!, ids);
  assert.equal(start['backend/tracing.js'], undefined);
  assert.match(solution['backend/tracing.js'] ?? '', /NodeSDK/);
  assert.match(solution['backend/services/home_activities.js'] ?? '', /home-activities-mock-data/);
  assert.equal(solution['frontend/server.js'], start['frontend/server.js']);
  assert.throws(() => filesForStep('nope', ids), /Unknown step/);
});

test('readTree reads nested files with POSIX paths and skips ignored names', () => {
  const root = mkdtempSync(join(tmpdir(), 'tree-'));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'a', 'b', 'c.txt'), 'C');
  writeFileSync(join(root, 'skip.me'), 'S');
  assert.deepEqual(readTree(root, new Set(['skip.me'])), { 'a/b/c.txt': 'C' });
});

test('learner processes find the local cloud through the environment, never the host network', () => {
  const env = learnerEnv({ backendPort: 5001, frontendPort: 5002, otlpPort: 5003, xrayDaemonPort: 5004, awsApiPort: 5005, env: { PATH: '/bin' } });
  assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:5003');
  assert.equal(env.OTEL_SERVICE_NAME, 'backend-flask');
  assert.equal(env.AWS_XRAY_DAEMON_ADDRESS, '127.0.0.1:5004');
  assert.equal(env.HOST, '127.0.0.1');
  assert.equal(env.PATH, '/bin');
});
