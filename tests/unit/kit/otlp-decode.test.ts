import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs/light.js';
import { decodeProtobufRequest, encodePartialSuccess, encodeRpcStatus } from '../../../src/kit/otlp/codec.ts';
import { DecodeError } from '../../../src/kit/otlp/decode-error.ts';
import { normalizeTraceRequest } from '../../../src/kit/otlp/normalize.ts';
import { readFileSync } from 'node:fs';
import { descriptorPath, renderDescriptor } from '../../../src/kit/otlp/proto/generate-descriptor.ts';
import { jsonRequest, jsonSpan, parentIdHex, protobufRequest, spanIdHex, traceIdHex } from '../../fixtures/kit/otlp-samples.ts';

const fromJson = (body: unknown) => normalizeTraceRequest(body, { ids: 'hex', receivedAt: 42 });
const fromProtobuf = (bytes: Uint8Array) => normalizeTraceRequest(decodeProtobufRequest('traces', bytes), { ids: 'base64', receivedAt: 42 });

describe('OTLP/JSON decoding', () => {
  it('builds a StoredSpan with hex ids, times as strings, resource and scope', () => {
    const { spans, rejectedSpans } = fromJson(jsonRequest());
    assert.equal(rejectedSpans, 0);
    assert.deepEqual(spans[0], {
      traceId: traceIdHex,
      spanId: spanIdHex,
      parentSpanId: parentIdHex,
      name: 'home-activities-mock-data',
      kind: 'internal',
      startTimeUnixNano: '1544712660000000000',
      endTimeUnixNano: '1544712661000000000',
      durationMs: 1000,
      attributes: { 'app.now': '2023-02-25T18:39:27.123Z', 'app.result_length': 3 },
      resource: { 'service.name': 'backend-flask' },
      scope: { name: 'home.activities', version: '1.0.0' },
      status: { code: 'unset' },
      events: [],
      links: [],
      receivedAt: 42,
    });
  });

  it('lowercases hex ids and drops an empty parent', () => {
    const [span] = fromJson(jsonRequest([jsonSpan({ traceId: traceIdHex.toUpperCase(), spanId: spanIdHex.toUpperCase(), parentSpanId: '' })])).spans;
    assert.equal(span?.traceId, traceIdHex);
    assert.equal(span?.spanId, spanIdHex);
    assert.equal('parentSpanId' in (span ?? {}), false);
  });

  it('accepts int64 as number or string, keeping unsafe integers as strings', () => {
    const attributes = [
      { key: 'n', value: { intValue: 3 } },
      { key: 's', value: { intValue: '3' } },
      { key: 'big', value: { intValue: '9223372036854775807' } },
      { key: 'neg', value: { intValue: '-12' } },
    ];
    const [span] = fromJson(jsonRequest([jsonSpan({ attributes, startTimeUnixNano: 1544712660000000000, endTimeUnixNano: '1544712660000500000' })])).spans;
    assert.deepEqual(span?.attributes, { n: 3, s: 3, big: '9223372036854775807', neg: -12 });
    assert.equal(span?.startTimeUnixNano, '1544712660000000000');
    assert.equal(span?.durationMs, 0.5);
  });

  it('decodes every AnyValue kind', () => {
    const attributes = [
      { key: 'str', value: { stringValue: 'x' } },
      { key: 'bool', value: { boolValue: false } },
      { key: 'dbl', value: { doubleValue: 1.5 } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'arr', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }] } } },
      { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }] } } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'empty', value: {} },
    ];
    const [span] = fromJson(jsonRequest([jsonSpan({ attributes })])).spans;
    assert.deepEqual(span?.attributes, { str: 'x', bool: false, dbl: 1.5, nan: Number.NaN, arr: [1, 'two'], map: { inner: true }, bytes: 'AQID', empty: null });
  });

  it('reads enums as integers (and tolerates names), events, links and status', () => {
    const [span] = fromJson(
      jsonRequest([
        jsonSpan({
          kind: 'SPAN_KIND_SERVER',
          status: { code: 2, message: 'boom' },
          events: [{ name: 'exception', timeUnixNano: '1544712660500000000', attributes: [{ key: 'exception.type', value: { stringValue: 'Error' } }] }],
          links: [{ traceId: traceIdHex, spanId: parentIdHex, attributes: [] }],
        }),
      ]),
    ).spans;
    assert.equal(span?.kind, 'server');
    assert.deepEqual(span?.status, { code: 'error', message: 'boom' });
    assert.deepEqual(span?.events, [{ name: 'exception', timeUnixNano: '1544712660500000000', attributes: { 'exception.type': 'Error' } }]);
    assert.deepEqual(span?.links, [{ traceId: traceIdHex, spanId: parentIdHex, attributes: {} }]);
  });

  it('accepts snake_case keys and the pre-ScopeSpans instrumentationLibrarySpans', () => {
    const body = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'old' } }] },
          instrumentation_library_spans: [{ instrumentation_library: { name: 'lib' }, spans: [{ trace_id: traceIdHex, span_id: spanIdHex, name: 'n', start_time_unix_nano: '1', end_time_unix_nano: '2' }] }],
        },
      ],
    };
    const [span] = fromJson(body).spans;
    assert.equal(span?.scope.name, 'lib');
    assert.equal(span?.resource['service.name'], 'old');
  });

  it('rejects spans with unusable ids one by one (partial success)', () => {
    const result = fromJson(jsonRequest([jsonSpan(), jsonSpan({ traceId: 'zz' }), jsonSpan({ spanId: '0000000000000000' }), jsonSpan({ traceId: '' })]));
    assert.equal(result.spans.length, 1);
    assert.equal(result.rejectedSpans, 3);
    assert.match(result.errorMessage ?? '', /traceId/);
  });

  it('throws DecodeError on wrong structure', () => {
    assert.throws(() => fromJson({ resourceSpans: {} }), DecodeError);
    assert.throws(() => fromJson(jsonRequest([jsonSpan({ name: 5 })])), DecodeError);
    assert.throws(() => fromJson(jsonRequest([jsonSpan({ startTimeUnixNano: 'soon' })])), DecodeError);
    assert.throws(() => fromJson(jsonRequest([jsonSpan({ attributes: [{ key: 'b', value: { boolValue: 'yes' } }] })])), DecodeError);
    assert.throws(() => fromJson([]), DecodeError);
  });

  it('refuses absurdly nested values instead of recursing without bound', () => {
    let value: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 100; i++) value = { arrayValue: { values: [value] } };
    assert.throws(() => fromJson(jsonRequest([jsonSpan({ attributes: [{ key: 'deep', value }] })])), DecodeError);
  });

  it('treats an empty request as no spans', () => {
    assert.deepEqual(fromJson({}), { spans: [], rejectedSpans: 0 });
  });
});

describe('OTLP/protobuf decoding', () => {
  it('decodes bytes ids to the same lowercase hex as JSON', () => {
    const viaProto = fromProtobuf(protobufRequest()).spans;
    const viaJson = fromJson(jsonRequest()).spans;
    assert.deepEqual(viaProto, viaJson);
  });

  it('turns int64 into numbers when safe and strings when not', () => {
    const attributes = [
      { key: 'small', value: { intValue: '3' } },
      { key: 'big', value: { intValue: '9007199254740993' } },
    ];
    const [span] = fromProtobuf(protobufRequest([jsonSpan({ attributes })])).spans;
    assert.deepEqual(span?.attributes, { small: 3, big: '9007199254740993' });
  });

  it('throws DecodeError on truncated or garbage bytes', () => {
    const bytes = protobufRequest();
    assert.throws(() => decodeProtobufRequest('traces', bytes.subarray(0, bytes.length - 7)), DecodeError);
    assert.throws(() => decodeProtobufRequest('traces', Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f])), DecodeError);
  });

  it('decodes an empty body as an empty request', () => {
    assert.deepEqual(fromProtobuf(new Uint8Array(0)), { spans: [], rejectedSpans: 0 });
  });

  it('encodes google.rpc.Status and partial success with the right field numbers', () => {
    const status = protobuf.Reader.create(encodeRpcStatus(3, 'bad'));
    assert.equal(status.uint32(), 0x08);
    assert.equal(status.int32(), 3);
    assert.equal(status.uint32(), 0x12);
    assert.equal(status.string(), 'bad');

    const partial = protobuf.Reader.create(encodePartialSuccess(2, 'why'));
    assert.equal(partial.uint32(), 0x0a);
    const inner = protobuf.Reader.create(partial.bytes());
    assert.equal(inner.uint32(), 0x08);
    assert.equal(Number(inner.int64()), 2);
    assert.equal(inner.uint32(), 0x12);
    assert.equal(inner.string(), 'why');
  });

  it('uses a descriptor generated from the vendored .proto files (not stale)', () => {
    assert.equal(readFileSync(descriptorPath, 'utf8'), renderDescriptor());
  });
});
