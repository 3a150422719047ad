import type { SandboxServices } from './sandbox.ts';

/**
 * The environment every learner process gets, like the bootcamp's docker-compose `environment:` block: the
 * SDKs find the local cloud through these variables, so learner code never hard-codes an endpoint. Loopback
 * addresses (not "localhost") avoid IPv6-first resolution missing a receiver bound to 127.0.0.1; HOST keeps
 * the learner's app off the network when the sandbox is the learner's own machine.
 */
export function learnerEnv(services: SandboxServices): Record<string, string> {
  const aws = `http://127.0.0.1:${services.awsApiPort}`;
  return {
    ...services.env,
    HOST: '127.0.0.1',
    FRONTEND_URL: `http://localhost:${services.frontendPort}`,
    BACKEND_URL: `http://localhost:${services.backendPort}`,
    OTEL_SERVICE_NAME: 'backend-flask',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${services.otlpPort}`,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=local-workshop',
    // The bootcamp sent traces only; NodeSDK would otherwise also export metrics and logs every minute.
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${services.xrayDaemonPort}`,
    AWS_REGION: 'ca-central-1',
    AWS_DEFAULT_REGION: 'ca-central-1',
    AWS_ENDPOINT_URL: aws,
    AWS_ACCESS_KEY_ID: 'local-workshop',
    AWS_SECRET_ACCESS_KEY: 'local-workshop',
    ROLLBAR_ENDPOINT: `${aws}/api/1/item/`,
    ROLLBAR_ACCESS_TOKEN: 'local-workshop',
  };
}
