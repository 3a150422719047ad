/**
 * cruddur-aws: the workshop's LOCAL STAND-IN for the AWS CLI (`aws`), for sandboxes where the real one cannot be
 * installed (StackBlitz WebContainer has no Python). Same command and flag names as `aws`, same JSON output, same
 * error wording and exit codes, but it only talks to the local cloud and signs nothing:
 *
 *   cruddur-aws xray create-group --group-name Cruddur --filter-expression 'service("backend-flask") {fault OR error}'
 *   cruddur-aws xray create-sampling-rule --cli-input-json file://aws/json/xray.json
 *   cruddur-aws xray get-service-graph --start-time $(($(date +%s)-600)) --end-time $(date +%s)
 *
 * Endpoint: --endpoint-url, else AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_XRAY), else AWS_ENDPOINT_URL,
 * else http://127.0.0.1:$WORKSHOP_AWS_PORT (default 4566). Service groups live in services.ts (one file each).
 */
import { isMain } from '../is-main.ts';
import { parseJson, fileOrText, readValue, splitFlags } from './args.ts';
import type { CommandSpec, ServiceGroup } from './command.ts';
import { formatOutput } from './output.ts';
import { callApi, CliError, exitOther, exitUsage } from './protocol.ts';
import { services } from './services.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const globalFlags = new Set(['--endpoint-url', '--region', '--output', '--no-cli-pager', '--no-paginate', '--cli-input-json']);
const maxPages = 100;

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, env, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`cruddur-aws: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitOther;
  }
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const { positional, flags } = splitFlags(argv);
  const [serviceName, commandName, ...extra] = positional;
  if (serviceName === undefined || serviceName === 'help' || flags.has('--help')) {
    const group = serviceName === undefined || serviceName === 'help' ? undefined : services[serviceName];
    io.stdout(group === undefined ? usage() : serviceUsage(group));
    return serviceName === undefined ? exitUsage : 0;
  }
  const service = services[serviceName];
  if (service === undefined) throw new CliError(`cruddur-aws: error: argument command: Invalid choice "${serviceName}", valid choices are: ${Object.keys(services).join(', ')}\n(cruddur-aws is the workshop's local stand-in for the AWS CLI and knows only these services.)`, exitUsage);
  if (commandName === undefined || commandName === 'help') {
    io.stdout(serviceUsage(service));
    return commandName === undefined ? exitUsage : 0;
  }
  const command = service.commands[commandName];
  if (command === undefined) throw new CliError(`cruddur-aws: error: argument operation: Invalid choice "${commandName}", valid choices are:\n  ${Object.keys(service.commands).join('\n  ')}`, exitUsage);
  if (extra.length > 0) throw new CliError(`cruddur-aws: error: unexpected argument(s): ${extra.join(' ')} (flags start with --)`, exitUsage);

  const unknown = [...flags.keys()].filter((flag) => !globalFlags.has(flag) && command.flags[flag] === undefined);
  if (unknown.length > 0) throw new CliError(`\nUnknown options: ${unknown.join(', ')}\nValid options for "${service.name} ${commandName}": ${[...Object.keys(command.flags), '--cli-input-json'].join(', ')}`, exitUsage);
  const output = single(flags, '--output') ?? 'json';
  if (output !== 'json') throw new CliError(`cruddur-aws: error: --output ${output} is not supported by this local stand-in; only json`, exitUsage);

  const input = buildInput(command, flags);
  const endpoint = single(flags, '--endpoint-url') ?? env[`AWS_ENDPOINT_URL_${service.endpointEnvSuffix}`] ?? env['AWS_ENDPOINT_URL'] ?? `http://127.0.0.1:${env['WORKSHOP_AWS_PORT'] || '4566'}`;
  if (!/^https?:\/\//.test(endpoint)) throw new CliError(`cruddur-aws: error: --endpoint-url must start with http:// or https://, got "${endpoint}"`, exitUsage);
  const region = single(flags, '--region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const result = await callPaged(service, command, endpoint, input, region, !flags.has('--no-paginate'));
  io.stdout(formatOutput(result, service.timestampKeys));
  return 0;
}

/** --cli-input-json first, flags on top (the AWS CLI's precedence), then the required members. */
function buildInput(command: CommandSpec, flags: Map<string, string[]>): Record<string, unknown> {
  let input: Record<string, unknown> = {};
  const cliInput = single(flags, '--cli-input-json');
  if (cliInput !== undefined) {
    const parsed = parseJson('--cli-input-json', fileOrText(cliInput));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError('cruddur-aws: error: --cli-input-json must be a JSON object', exitUsage);
    input = { ...(parsed as Record<string, unknown>) };
  }
  for (const [flag, spec] of Object.entries(command.flags)) {
    const values = flags.get(flag);
    if (values !== undefined) input[spec.member] = readValue(flag, spec, values);
  }
  const missing = (command.required ?? []).filter((member) => input[member] === undefined);
  if (missing.length > 0) {
    const names = missing.map((member) => Object.entries(command.flags).find(([, spec]) => spec.member === member)?.[0] ?? member);
    throw new CliError(`cruddur-aws: error: the following arguments are required: ${names.join(', ')}`, exitUsage);
  }
  return input;
}

async function callPaged(service: ServiceGroup, command: CommandSpec, endpoint: string, input: Record<string, unknown>, region: string, paginate: boolean): Promise<Record<string, unknown>> {
  let result = await callApi(endpoint, service.protocol, command.operation, command.path, input, region);
  const key = command.paginate;
  // Like the AWS CLI: follow NextToken and show one merged list.
  for (let page = 1; paginate && key !== undefined && typeof result['NextToken'] === 'string' && page < maxPages; page++) {
    const next = await callApi(endpoint, service.protocol, command.operation, command.path, { ...input, NextToken: result['NextToken'] }, region);
    const merged = [...asArray(result[key]), ...asArray(next[key])];
    result = { ...next, [key]: merged };
  }
  if (paginate && key !== undefined) delete result['NextToken'];
  return result;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function single(flags: Map<string, string[]>, name: string): string | undefined {
  const values = flags.get(name);
  if (values === undefined) return undefined;
  if (values.length !== 1) throw new CliError(`cruddur-aws: error: argument ${name}: expected one argument`, exitUsage);
  return values[0];
}

function usage(): string {
  return [
    'cruddur-aws: the workshop\'s local stand-in for the AWS CLI (talks only to the local cloud).',
    '',
    'usage: cruddur-aws <service> <command> [--flag value ...] [--endpoint-url URL] [--region REGION]',
    '',
    `services: ${Object.keys(services).join(', ')}   (cruddur-aws <service> help lists its commands)`,
    '',
  ].join('\n');
}

function serviceUsage(service: ServiceGroup): string {
  const lines = Object.entries(service.commands).map(([name, spec]) => `  cruddur-aws ${service.name} ${name} ${spec.summary}`.trimEnd());
  return [`cruddur-aws ${service.name} commands (local stand-in for \`aws ${service.name}\`):`, ...lines, ''].join('\n');
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

if (isMain(import.meta.url)) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = exitOther;
    },
  );
}
