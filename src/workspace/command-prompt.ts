/**
 * The command line under the terminal: runs one command at a time in the sandbox (see command-line.ts for what
 * may run), prints what was typed and what the process wrote into the terminal, and says how it ended in a
 * status line that screen readers announce (xterm's canvas of text is not something they can follow).
 */
import type { SandboxProcess } from '../runtime/sandbox.ts';
import { learnerEnv } from '../runtime/learner-env.ts';
import type { WorkspaceSession } from './sandbox-session.ts';
import { helpText, planCommandLine } from './command-line.ts';
import { createCommandHistory } from './command-history.ts';

export interface CommandPromptElements {
  form: HTMLFormElement;
  input: HTMLInputElement;
  stop: HTMLButtonElement;
  status: HTMLElement;
}

export interface CommandPromptOptions {
  session: () => WorkspaceSession | null;
  /** Writes to the terminal (through the output log, so command output is labelled like the services'). */
  write: (text: string) => void;
  /** Empties the terminal (`clear`). */
  clear: () => void;
}

const LABEL = '\x1b[1m$\x1b[0m ';

/** Returns what to call when the page goes: the running command is stopped, not left running in the kept sandbox. */
export function wireCommandPrompt(elements: CommandPromptElements, options: CommandPromptOptions): () => void {
  const { form, input, stop, status } = elements;
  const history = createCommandHistory();
  let running: { stdin: WritableStreamDefaultWriter<string>; kill: () => void } | null = null;
  let handled = 0;
  /** Each line ends with exactly one status sentence; the count lets tests (and tools) see that it was handled. */
  const say = (text: string) => {
    status.textContent = text;
    form.dataset.handled = String(++handled);
  };
  const write = (text: string) => options.write(text.replace(/\r?\n/g, '\r\n'));

  const finish = (shown: string, code: number, stopped: boolean) => {
    running = null;
    stop.hidden = true;
    form.dataset.running = 'false';
    form.dataset.lastExit = String(code);
    write(`\n[${shown.split(' ')[0]} exited with code ${code}${stopped ? ', stopped with Ctrl+C' : ''}]\n`);
    say(`${stopped ? 'Stopped' : 'Finished'}: ${shown} (exit code ${code}).`);
  };

  const start = async (line: string) => {
    const plan = planCommandLine(line);
    if (plan.kind === 'empty') return;
    history.add(line);
    write(`${LABEL}${line}\n`);
    if (plan.kind === 'error') {
      write(`${plan.message}\n`);
      say(plan.message);
      return;
    }
    if (plan.kind === 'built-in' && plan.name === 'clear') {
      options.clear();
      say('Cleared the terminal.');
      return;
    }
    if (plan.kind === 'built-in') {
      write(`${helpText()}\n`);
      say('Listed the commands you can run here (in the terminal).');
      return;
    }
    const session = options.session();
    if (!session) {
      const text = 'The sandbox is not running yet: wait until it has started, then run the command again.';
      write(`${text}\n`);
      say(text);
      return;
    }
    const shown = plan.words.join(' ');
    const sandbox = session.sandbox;
    // The environment the app gets (learner-env.ts): the AWS stand-in finds the local cloud through it.
    const env = learnerEnv(sandbox.services);
    if (sandbox.kind === 'webcontainer') env['WORKSHOP_XRAY_TRANSPORT'] = 'http';
    let process: SandboxProcess;
    try {
      process = await sandbox.spawn(plan.command, plan.args, { cwd: '.', env });
    } catch (error) {
      const text = `Could not run ${plan.words[0]}: ${(error as Error).message}`;
      write(`${text}\n`);
      say(text);
      return;
    }
    let stopped = false;
    const current = {
      stdin: process.input.getWriter(),
      kill: () => {
        stopped = true;
        process.kill();
      },
    };
    running = current;
    form.dataset.running = 'true';
    stop.hidden = false;
    stop.onclick = () => {
      current.kill();
      input.focus();
    };
    status.textContent = `Running: ${shown}`;
    const reader = process.output.getReader();
    const pump = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          write(value);
        }
      } catch {
        // The stream errors when the sandbox goes away; the exit below still settles.
      }
    })();
    const code = await process.exit;
    await pump;
    current.stdin.releaseLock();
    finish(shown, code, stopped);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const line = input.value;
    input.value = '';
    if (running) {
      // A running command reads what is typed, as in a terminal (npm's prompts, a REPL).
      write(`${line}\n`);
      void running.stdin.write(`${line}\n`).catch(() => undefined);
      return;
    }
    void start(line);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      if (running) return;
      const recalled = event.key === 'ArrowUp' ? history.previous(input.value) : history.next();
      if (recalled === null) return;
      event.preventDefault();
      input.value = recalled;
      input.setSelectionRange(recalled.length, recalled.length);
      return;
    }
    // Ctrl+C copies when text is selected, as everywhere else; otherwise it interrupts, as in a terminal.
    if (event.key === 'c' && event.ctrlKey && !event.metaKey && !event.altKey && input.selectionStart === input.selectionEnd) {
      event.preventDefault();
      if (running) {
        running.kill();
      } else {
        write(`${LABEL}${input.value}^C\n`);
        input.value = '';
      }
    }
  });
  form.dataset.ready = 'true';
  return () => running?.kill();
}
