// Traces the Cruddur page: every fetch() becomes a client span, and its
// traceparent header carries the trace on to the backend.
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BatchSpanProcessor, StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';

const exporter = new OTLPTraceExporter({
  url: `${window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT}/v1/traces`,
});

const provider = new TracerProvider({
    spanProcessors: [new BatchSpanProcessor({ exporter })],
});

trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new StackContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

registerInstrumentations({
  instrumentations: [
    new FetchInstrumentation({
      // The backend is another origin: send traceparent there too.
      propagateTraceHeaderCorsUrls: [/.+/g],
    }),
  ],
});
