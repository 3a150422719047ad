import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser, resumePath, type SseMessage } from '../../../src/telemetry/access/sse-parser.ts';
import { matchServerSpan, traceIdFromHeaders } from '../../../src/telemetry/requests/trace-match.ts';
import { span } from './trace-fixtures.ts';

test('the SSE parser joins chunks split anywhere, keeps ids and names, skips comments', () => {
  const seen: SseMessage[] = [];
  const parser = createSseParser((message) => seen.push(message));
  const text = ': connected\r\n\r\nid: 7\nevent: spans\ndata: [1,\ndata: 2]\n\n: ping\n\ndata: {"a":1}\r\n\r\n';
  for (const char of text) parser.push(char);
  assert.deepEqual(seen, [
    { event: 'spans', data: '[1,\n2]', id: '7' },
    { event: 'message', data: '{"a":1}', id: '7' },
  ]);
});

test('a resumed feed asks for what came after the last id', () => {
  assert.equal(resumePath('/workshop/events', undefined), '/workshop/events');
  assert.equal(resumePath('/workshop/events?service=a&after=3', '9'), '/workshop/events?service=a&after=9');
});

test('traceparent gives the trace id; an all-zero or malformed one does not', () => {
  assert.equal(traceIdFromHeaders([['TraceParent', '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01']]), '0af7651916cd43dd8448eb211c80319c');
  assert.equal(traceIdFromHeaders([['traceparent', '00-00000000000000000000000000000000-b7ad6b7169203331-01']]), undefined);
  assert.equal(traceIdFromHeaders([['traceparent', 'garbage']]), undefined);
  assert.equal(traceIdFromHeaders([]), undefined);
});

test('without traceparent: the first server span for that method and path received after the request', () => {
  const sentAt = 1_000_000;
  const spans = [
    span('1'.repeat(32), 'a', undefined, 0, 1, { kind: 'server', receivedAt: sentAt - 5000, attributes: { 'http.method': 'GET', 'http.target': '/api/activities/home' } }),
    span('2'.repeat(32), 'b', undefined, 0, 1, { kind: 'server', receivedAt: sentAt + 900, attributes: { 'http.method': 'GET', 'http.target': '/api/activities/home?x=1' } }),
    span('3'.repeat(32), 'c', undefined, 0, 1, { kind: 'server', receivedAt: sentAt + 100, attributes: { 'http.request.method': 'GET', 'url.path': '/api/message_groups' } }),
    span('4'.repeat(32), 'd', 'b', 0, 1, { kind: 'internal', receivedAt: sentAt + 50, attributes: {} }),
    span('5'.repeat(32), 'e', undefined, 0, 1, { kind: 'server', receivedAt: sentAt + 2000, attributes: { 'http.method': 'GET', 'http.target': '/api/activities/home' } }),
  ];
  assert.equal(matchServerSpan(spans, 'GET', '/api/activities/home', sentAt)?.traceId, '2'.repeat(32));
  assert.equal(matchServerSpan(spans, 'GET', '/api/message_groups', sentAt)?.traceId, '3'.repeat(32));
  assert.equal(matchServerSpan(spans, 'POST', '/api/activities/home', sentAt), undefined);
});
