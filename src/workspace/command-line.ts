/**
 * What a line typed into the terminal's command line runs. There is no shell behind it: the words go straight
 * to `sandbox.spawn`, and only the commands below are accepted, because the same line must behave the same in
 * a WebContainer (jsh) and on the local provider, where the process is real and runs on the learner's machine.
 * `aws` is the workshop's stand-in for the AWS CLI (src/kit/cli/cruddur-aws.ts): same flags, same JSON output,
 * talking to the local cloud.
 */
import { ShellSyntaxError, splitShellWords } from './shell-words.ts';

export const AWS_STAND_IN = '.workshop/kit/cruddur-aws.mjs';

/** Runnable in both providers, with a word on what each is for (shown by `help`). */
export const ALLOWED_COMMANDS: Readonly<Record<string, string>> = {
  aws: 'the local AWS CLI stand-in (xray, logs) talking to the local cloud',
  node: 'Node.js',
  npm: 'the npm package manager',
  ls: 'list files',
  cat: 'print a file',
  pwd: 'print the working directory',
  echo: 'print its arguments',
};

/** Handled by the command line itself, not spawned. */
export const BUILT_INS: Readonly<Record<string, string>> = {
  help: 'list the commands you can run here',
  clear: 'clear the terminal',
};

export type CommandLinePlan =
  | { kind: 'empty' }
  | { kind: 'built-in'; name: keyof typeof BUILT_INS }
  | { kind: 'spawn'; command: string; args: string[]; /** What the learner typed, as words, for the transcript. */ words: string[] }
  | { kind: 'error'; message: string };

export function planCommandLine(line: string): CommandLinePlan {
  let words: string[];
  try {
    words = splitShellWords(line);
  } catch (error) {
    if (error instanceof ShellSyntaxError) return { kind: 'error', message: error.message };
    throw error;
  }
  const [name, ...args] = words;
  if (name === undefined) return { kind: 'empty' };
  if (Object.hasOwn(BUILT_INS, name) && args.length === 0) return { kind: 'built-in', name: name as keyof typeof BUILT_INS };
  if (!Object.hasOwn(ALLOWED_COMMANDS, name)) return { kind: 'error', message: notAllowed(name) };
  if (name === 'aws') return { kind: 'spawn', command: 'node', args: [AWS_STAND_IN, ...args], words };
  return { kind: 'spawn', command: name, args, words };
}

export function notAllowed(name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return (
    `"${shown}" is not available here. This command line runs only ${Object.keys(ALLOWED_COMMANDS).join(', ')} ` +
    '(no shell): on the local sandbox commands are real processes on your machine, so they are limited to these, ' +
    'and each must also exist in the in-browser sandbox.'
  );
}

export function helpText(): string {
  const rows = [...Object.entries(ALLOWED_COMMANDS), ...Object.entries(BUILT_INS)].map(([name, what]) => `  ${name.padEnd(6)} ${what}`);
  return [
    'Commands you can run here (in the app folder, with the same environment as the app):',
    ...rows,
    'Quotes and backslashes work as in a shell; pipes, redirections, variables and $(…) do not.',
    'ArrowUp/ArrowDown recall earlier commands; Ctrl+C stops the running one.',
  ].join('\n');
}
