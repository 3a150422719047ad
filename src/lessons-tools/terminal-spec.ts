/**
 * `lessons/<chapter>/<step>/terminal.json` (optional): commands the learner types in the sandbox's terminal in this
 * step, e.g. `aws xray create-sampling-rule --cli-input-json file://aws/json/xray.json`. What they create lives in
 * the learner's session cloud, not in files, so `lessons:test` replays them against a fresh session cloud per state:
 * the starting state gets every earlier step's commands, the solution and each variant also this step's (a variant
 * is the solution with one mistake in its FILES; the commands read those files).
 *
 *   { "commands": ["aws xray create-group --group-name Cruddur --filter-expression 'service(\"backend-flask\")'"] }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';

export const terminalSpecFile = 'terminal.json';

export const terminalSpecSchema = z.object({ commands: z.array(z.string().min(1)).min(1) }).strict();

export type TerminalRead = { ok: true; commands: string[] } | { ok: false; problem: string };

export function readTerminalSpec(stepDir: string): TerminalRead {
  const file = join(stepDir, terminalSpecFile);
  if (!existsSync(file)) return { ok: true, commands: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problem: `${terminalSpecFile}: not valid JSON: ${(error as Error).message}` };
  }
  const parsed = terminalSpecSchema.safeParse(raw);
  if (parsed.success) return { ok: true, commands: parsed.data.commands };
  return { ok: false, problem: `${terminalSpecFile}: ${parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`).join('; ')}` };
}
