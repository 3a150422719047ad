import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../../src/kit/xray/aws-error.ts';
import { matchesFilter, parseFilterExpression } from '../../../src/kit/xray/filter-expression.ts';
import type { SegmentDocument } from '../../../src/kit/xray/segment-doc.ts';
import { assembleTrace } from '../../../src/kit/xray/trace-assembly.ts';
import { traceFacts, type TraceFacts } from '../../../src/kit/xray/trace-facts.ts';

const traceId = '1-5759e988-bd862e3fe1be46a994272793';

function facts(segment: Partial<SegmentDocument>, more: SegmentDocument[] = []): TraceFacts {
  const root: SegmentDocument = { name: 'backend-flask', id: 'aaaaaaaaaaaaaaaa', trace_id: traceId, start_time: 100, end_time: 100.25, ...segment };
  return traceFacts(assembleTrace(traceId, [root, ...more]));
}

const fault500 = facts({
  fault: true,
  http: { request: { method: 'GET', url: 'http://localhost:4567/api/activities/home', user_agent: 'curl/8', client_ip: '127.0.0.1' }, response: { status: 500 } },
  annotations: { handle: 'andrewbrown', results: 3, cached: false },
  user: 'andrew',
  subsegments: [{ name: 'api.example.com', id: 'bbbbbbbbbbbbbbbb', start_time: 100.01, end_time: 100.2, namespace: 'remote', error: true }],
});
const ok200 = facts({ end_time: 100.01, http: { request: { method: 'GET', url: 'http://localhost:4567/api/activities/@andrewbrown' }, response: { status: 200 } } });

const match = (expression: string, f: TraceFacts) => matchesFilter(parseFilterExpression(expression), f);

describe('filter expressions', () => {
  it('handles the bootcamp group filter', () => {
    const expression = 'service("backend-flask") {fault OR error}';
    assert.equal(match(expression, fault500), true);
    assert.equal(match(expression, ok200), false);
    assert.equal(match('service("backend-flask")', ok200), true);
    assert.equal(match('service("other")', ok200), false);
  });

  it('evaluates flags, http fields, times, annotations and users', () => {
    const cases: [string, boolean, boolean][] = [
      ['fault', true, false],
      ['error', true, false],
      ['throttle', false, false],
      ['ok', false, true],
      ['fault = false', false, true],
      ['http.status = 500', true, false],
      ['http.status >= 400', true, false],
      ['http.url', true, true],
      ['http.url CONTAINS "activities/home"', true, false],
      ['http.url contains "@andrew"', false, true],
      ['http.url BEGINSWITH "http://localhost"', true, true],
      ['http.url ENDSWITH "home"', true, false],
      ['http.method = "GET"', true, true],
      ['http.useragent = "curl/8"', true, false],
      ['responsetime > 0.1', true, false],
      ['duration < 0.1', false, true],
      ['annotation.handle = "andrewbrown"', true, false],
      ['annotation[handle] = "andrewbrown"', true, false],
      ['annotation.results >= 3', true, false],
      ['annotation.cached = false', true, false],
      ['annotation.handle', true, false],
      ['user = "andrew"', true, false],
      ['service("api.example.com") {error}', true, false],
      ['service("backend-flask") {error}', false, false],
      ['edge("backend-flask", "api.example.com")', true, false],
      ['edge("backend-flask", "api.example.com") {error}', true, false],
    ];
    for (const [expression, onFault, onOk] of cases) {
      assert.equal(match(expression, fault500), onFault, `${expression} on the 500`);
      assert.equal(match(expression, ok200), onOk, `${expression} on the 200`);
    }
  });

  it('combines with AND, OR, NOT, symbols and parentheses; AND binds tighter', () => {
    assert.equal(match('fault AND http.status = 500', fault500), true);
    assert.equal(match('fault && http.status = 200', fault500), false);
    assert.equal(match('NOT fault', ok200), true);
    assert.equal(match('!fault', fault500), false);
    assert.equal(match('ok OR fault AND http.status = 200', ok200), true);
    assert.equal(match('(ok OR fault) AND http.status = 200', fault500), false);
    assert.equal(match('not (fault or error)', ok200), true);
    assert.equal(match('', ok200), true);
  });

  it('refuses bad expressions with InvalidRequestException naming the position', () => {
    const bad = [
      'service("backend-flask" {fault',
      'fault AND',
      'http.status = "500"',
      'http.url > 3',
      'responsetime',
      'frobnicate = 1',
      '(fault',
      'fault)',
      'service(backend-flask)',
      'http.url CONTAINS',
      '"unterminated',
      'fault fault',
      'id(name: "x")',
      '@',
      '('.repeat(200) + 'fault' + ')'.repeat(200),
      'x'.repeat(3000),
    ];
    for (const expression of bad) {
      assert.throws(
        () => parseFilterExpression(expression),
        (error: unknown) => error instanceof AwsError && error.type === 'InvalidRequestException' && /filter expression/i.test(error.message),
        expression.slice(0, 40),
      );
    }
  });
});
