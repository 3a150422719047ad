// OpenTelemetry setup for the Cruddur backend. app.js requires this file on its first line, so the
// instrumentations are in place before http and express are loaded.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { AWSXRayIdGenerator } = require('@opentelemetry/id-generator-aws-xray');
const { AWSXRayPropagator } = require('@opentelemetry/propagator-aws-xray');
const { CompositePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');

// Configured by the environment, as in the bootcamp's docker-compose.yml:
// OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS.
const sdk = new NodeSDK({
  traceExporter: new OTLPTraceExporter(),
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
  // X-Ray accepts only trace ids that start with their start time (8 hex digits of epoch seconds).
  idGenerator: new AWSXRayIdGenerator(),
  // Reads traceparent (the browser's fetch) and X-Amzn-Trace-Id (a load balancer, the X-Ray SDK), so a
  // trace begun by either continues here.
  textMapPropagator: new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()],
  }),
});
sdk.start();

// Send the last spans before the process exits.
process.on('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
