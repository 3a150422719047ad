import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintFrontmatter } from '../../../src/lessons-tools/lint-frontmatter.ts';
import { findDroppedLines, lintDroppedLines, type StepDelta } from '../../../src/lessons-tools/lint-dropped-lines.ts';

const starter = { 'backend/tracing.js': "const sdk = new NodeSDK({\n  serviceName: 'backend',\n});\n", 'backend/home.js': 'return results;\n' };
const xray = "const sdk = new NodeSDK({\n  serviceName: 'backend',\n  idGenerator: new AWSXRayIdGenerator(),\n});\n";
const course = (security: string): StepDelta[] => [
  { id: '01-a/01-setup', files: {} },
  { id: '02-xray/04-otel', files: { 'backend/tracing.js': xray } },
  { id: '03-c/01-unrelated', files: { 'backend/other.js': 'x\n' } },
  { id: '06-security/02-secrets', files: { 'backend/tracing.js': security } },
];
const lint = (steps: StepDelta[], stepId: string, allowed?: Record<string, string[]>) =>
  lintDroppedLines('/c/step', '/c/step/index.mdx', starter, steps, stepId, allowed).map((p) => `${p.file}${p.field === undefined ? '' : ` › ${p.field}`}: ${p.message}`);

describe('lintDroppedLines', () => {
  it('reports a line an earlier step added that a later whole-file solution lost, naming the step and the line', () => {
    const problems = lint(course("const sdk = new NodeSDK({\n  serviceName: 'backend',\n  spanProcessors: [],\n});\n"), '06-security/02-secrets');
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^\/c\/step\/solution\/backend\/tracing\.js: drops a line 02-xray\/04-otel added: "idGenerator: new AWSXRayIdGenerator\(\),"/);
  });

  it('passes when the line is kept, re-indented, moved or surrounded by blank lines', () => {
    const kept = "const sdk = new NodeSDK({\n\tidGenerator:  new AWSXRayIdGenerator(),\n\n  serviceName: 'backend',\n  spanProcessors: [],\n});\n";
    assert.deepEqual(lint(course(kept), '06-security/02-secrets'), []);
  });

  it('counts a line wrapped over several lines as kept, but not a longer line that merely contains it', () => {
    const wrapped = "const sdk = new NodeSDK({\n  serviceName: 'backend',\n  idGenerator: new AWSXRayIdGenerator(\n  ),\n});\n";
    assert.deepEqual(lint(course(wrapped), '06-security/02-secrets'), []);
    const changed = "const sdk = new NodeSDK({\n  serviceName: 'backend',\n  idGenerator: new AWSXRayIdGenerator(), // the X-Ray format\n});\n";
    assert.equal(lint(course(changed), '06-security/02-secrets').length, 1);
  });

  it('lets a step remove starter lines, and judges a file the step creates against nothing', () => {
    const steps: StepDelta[] = [
      { id: '03-rollbar/02-trigger', files: { 'backend/home.js': 'results;\n', 'backend/new.js': 'a\n' } },
      { id: '03-rollbar/03-return', files: { 'backend/home.js': 'return results;\n' } },
    ];
    assert.deepEqual(findDroppedLines(starter, steps, '03-rollbar/02-trigger'), []);
    assert.deepEqual(findDroppedLines(starter, steps, '03-rollbar/03-return'), [{ path: 'backend/home.js', line: 'results;', addedBy: '03-rollbar/02-trigger' }]);
  });

  it('names the last step that added the line when it was removed and added again', () => {
    const steps: StepDelta[] = [
      { id: '01/01', files: { 'backend/x.js': 'keep\nline\n' } },
      { id: '01/02', files: { 'backend/x.js': 'keep\n' } },
      { id: '01/03', files: { 'backend/x.js': 'keep\n  line\n' } },
      { id: '01/04', files: { 'backend/x.js': 'keep\n' } },
    ];
    assert.deepEqual(findDroppedLines({}, steps, '01/02'), [{ path: 'backend/x.js', line: 'line', addedBy: '01/01' }]);
    assert.deepEqual(findDroppedLines({}, steps, '01/04'), [{ path: 'backend/x.js', line: 'line', addedBy: '01/03' }]);
  });

  it('accepts a removal listed under dropsLines (whitespace aside), and reports an entry that excuses nothing', () => {
    const security = "const sdk = new NodeSDK({\n  serviceName: 'backend',\n});\n";
    assert.deepEqual(lint(course(security), '06-security/02-secrets', { 'backend/tracing.js': ['idGenerator: new AWSXRayIdGenerator(),  '] }), []);
    assert.deepEqual(lint(course(security), '06-security/02-secrets', { 'backend/tracing.js': ['idGenerator: new AWSXRayIdGenerator(),', "serviceName: 'backend',"], 'backend/app.js': ['x'] }), [
      `/c/step/index.mdx › frontmatter.dropsLines.backend/tracing.js.1: "serviceName: 'backend'," is not a line an earlier step added that solution/backend/tracing.js drops: remove the entry`,
      '/c/step/index.mdx › frontmatter.dropsLines.backend/app.js.0: "x" is not a line an earlier step added that solution/backend/app.js drops: remove the entry',
    ]);
  });

  it('reads dropsLines from the frontmatter, keyed by sandbox path', () => {
    const head = 'title: A step\nsummary: Ten characters or more\nopenFiles: [backend/tracing.js]\n';
    const ok = lintFrontmatter('/c/index.mdx', `---\n${head}dropsLines:\n  backend/tracing.js:\n    - "idGenerator: new AWSXRayIdGenerator(),"\n---\n`);
    assert.deepEqual(ok.data?.dropsLines, { 'backend/tracing.js': ['idGenerator: new AWSXRayIdGenerator(),'] });
    const bad = lintFrontmatter('/c/index.mdx', `---\n${head}dropsLines:\n  ../tracing.js: []\n---\n`);
    assert.ok(bad.problems.length >= 1 && bad.problems.every((p) => p.field?.startsWith('frontmatter.dropsLines')));
  });
});
