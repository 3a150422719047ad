/**
 * The receiver against the REAL OpenTelemetry JS 3 clients, unchanged but for the endpoint:
 * both OTLP/HTTP exporters (protobuf and JSON), with and without gzip, simple and batch processors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { startOtlpServer, type OtlpServer } from '../../../src/kit/otlp/server.ts';
import { SpanStore } from '../../../src/kit/store/span-store.ts';

type ExporterKind = 'proto' | 'json';

let server: OtlpServer;
const store = new SpanStore();

before(async () => {
  server = await startOtlpServer({ spans: store });
});
after(async () => {
  await server.close();
});

function exporter(kind: ExporterKind, gzip: boolean): SpanExporter {
  const config = { url: `http://127.0.0.1:${server.port}/v1/traces`, headers: { 'x-honeycomb-team': 'local-workshop' }, ...(gzip ? { compression: 'gzip' as never } : {}) };
  return kind === 'proto' ? new HttpProtoExporter(config) : new HttpJsonExporter(config);
}

async function emit(kind: ExporterKind, gzip: boolean, batch: boolean, service: string): Promise<{ parent: Span; child: Span }> {
  const spanExporter = exporter(kind, gzip);
  const processor: SpanProcessor = batch ? new BatchSpanProcessor({ exporter: spanExporter }) : new SimpleSpanProcessor({ exporter: spanExporter });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [processor] });
  const tracer = provider.getTracer('home.activities', '0.1.0');
  const parent = tracer.startSpan('GET /api/activities/home', { kind: SpanKind.SERVER, attributes: { 'http.route': '/api/activities/home' } });
  const child = tracer.startSpan(
    'home-activities-mock-data',
    {
      attributes: {
        'app.now': '2023-02-25T18:39:27.123Z',
        'app.result_length': 3,
        'app.ratio': 0.5,
        'app.ok': true,
        'app.handles': ['Andrew Brown', 'Worf'],
        'app.big': 2 ** 60,
      },
    },
    trace.setSpan(context.active(), parent),
  );
  child.addEvent('computed', { count: 3 });
  child.setStatus({ code: 2, message: 'just testing' });
  child.end();
  parent.end();
  await provider.forceFlush();
  await provider.shutdown();
  return { parent, child };
}

describe('OTLP/HTTP receiver with the real SDK exporters', () => {
  for (const kind of ['proto', 'json'] as const) {
    for (const gzip of [false, true]) {
      for (const batch of [false, true]) {
        const label = `${kind}${gzip ? ' + gzip' : ''}, ${batch ? 'BatchSpanProcessor' : 'SimpleSpanProcessor'}`;
        it(`stores what ${label} sends, ids equal to the SDK's`, async () => {
          const service = `svc-${kind}-${gzip}-${batch}`;
          const errorsBefore = server.otlp.stats.errors;
          const gzipBefore = server.otlp.stats.gzipRequests;
          const { parent, child } = await emit(kind, gzip, batch, service);
          const spans = store.find({ service }).map((r) => r.value);
          assert.equal(spans.length, 2);
          const storedChild = spans.find((s) => s.name === 'home-activities-mock-data');
          const storedParent = spans.find((s) => s.name === 'GET /api/activities/home');
          assert.ok(storedChild && storedParent);

          assert.equal(storedChild.traceId, child.spanContext().traceId);
          assert.equal(storedChild.spanId, child.spanContext().spanId);
          assert.equal(storedChild.parentSpanId, parent.spanContext().spanId);
          assert.equal(storedParent.spanId, parent.spanContext().spanId);
          assert.equal(storedParent.parentSpanId, undefined);
          assert.equal(storedParent.kind, 'server');
          assert.equal(storedChild.kind, 'internal');

          assert.deepEqual(storedChild.attributes, {
            'app.now': '2023-02-25T18:39:27.123Z',
            'app.result_length': 3,
            'app.ratio': 0.5,
            'app.ok': true,
            'app.handles': ['Andrew Brown', 'Worf'],
            'app.big': '1152921504606846976',
          });
          assert.equal(storedChild.resource['service.name'], service);
          assert.deepEqual(storedChild.scope, { name: 'home.activities', version: '0.1.0' });
          assert.deepEqual(storedChild.status, { code: 'error', message: 'just testing' });
          assert.equal(storedChild.events[0]?.name, 'computed');
          assert.deepEqual(storedChild.events[0]?.attributes, { count: 3 });
          assert.match(storedChild.startTimeUnixNano, /^\d{19}$/);
          assert.ok(storedChild.durationMs >= 0);
          assert.equal(server.otlp.stats.errors, errorsBefore);
          assert.equal(server.otlp.stats.gzipRequests > gzipBefore, gzip, 'compression really used (or not)');
          assert.equal(server.otlp.stats.lastHoneycombTeam, 'local-workshop');
        });
      }
    }
  }
});
