/**
 * The learner's session cloud for one state run of `lessons:test`: a fresh local cloud on ephemeral ports (so runs
 * in parallel never share one), the step's terminal commands (terminal-spec.ts) replayed against it with `aws`
 * mapped to the sandbox's stand-in `node .workshop/kit/cruddur-aws.mjs`, as the sandbox terminal maps it.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloud, type Cloud } from '../kit/cloud.ts';
import { removeDir } from './sandbox-dir.ts';

export interface SessionCloud {
  /** Environment overrides naming this cloud (what learner-env.ts would set for its ports). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const commandTimeoutMs = 20_000;

export async function startSessionCloud(): Promise<SessionCloud> {
  const cloud: Cloud = await startCloud({ host: '127.0.0.1', otlpPort: 0, awsPort: 0, xrayPort: 0, capacity: 10_000, maxBodyBytes: 16 * 1024 * 1024 });
  const aws = `http://127.0.0.1:${cloud.awsPort}`;
  return {
    env: {
      AWS_ENDPOINT_URL: aws,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${cloud.xrayDaemonPort}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${cloud.otlpPort}`,
      ROLLBAR_ENDPOINT: `${aws}/api/1/item/`,
    },
    close: () => cloud.close(),
  };
}

/** Runs each command with `sh -c` in the sandbox folder; returns why the state is unusable, if it is. */
export async function replayTerminal(sandboxDir: string, commands: readonly string[], env: Record<string, string>): Promise<string | undefined> {
  if (commands.length === 0) return undefined;
  const bin = mkdtempSync(join(tmpdir(), 'lessons-test-bin-'));
  try {
    const shim = join(bin, 'aws');
    writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(sandboxDir, '.workshop/kit/cruddur-aws.mjs'))} "$@"\n`);
    chmodSync(shim, 0o755);
    for (const command of commands) {
      const result = await run(command, sandboxDir, { ...env, PATH: `${bin}:${env['PATH'] ?? ''}` });
      // A command the learner's mistake makes fail (a rule the API refuses) is part of the state, like in the
      // terminal; only a command that could not run at all or hung makes the state unusable.
      if (result.code === null || result.code === 127) return `terminal command could not run (${result.code === null ? 'timed out' : 'not found'}): ${command}\n${result.output.slice(-600)}`;
    }
    return undefined;
  } finally {
    removeDir(bin);
  }
}

function run(command: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), commandTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: error.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
