/** A `SandboxProcess` fed by process-output / process-exit events from the connection. */
import { SandboxError } from '../sandbox.ts';
import type { SandboxProcess } from '../sandbox.ts';
import type { SandboxConnection } from './connection.ts';

export class LocalProcess implements SandboxProcess {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  private readonly pid: number;
  private readonly connection: SandboxConnection;
  private controller!: ReadableStreamDefaultController<string>;
  private resolveExit!: (code: number) => void;
  private rejectExit!: (error: SandboxError) => void;
  private done = false;

  constructor(pid: number, connection: SandboxConnection) {
    this.pid = pid;
    this.connection = connection;
    this.output = new ReadableStream<string>({ start: (controller) => void (this.controller = controller) });
    this.input = new WritableStream<string>({
      write: (chunk) => connection.request('process.write', { pid, data: chunk }).then(() => undefined),
    });
    this.exit = new Promise<number>((resolve, reject) => {
      this.resolveExit = resolve;
      this.rejectExit = reject;
    });
    // Callers that never await `exit` must not get an unhandled rejection when the connection drops.
    this.exit.catch(() => {});
  }

  kill(): void {
    if (this.done) return;
    this.connection.request('process.kill', { pid: this.pid }).catch(() => {});
  }

  /** There is no pty behind local processes; sizes only matter to programs that draw. */
  resize(): void {}

  receiveOutput(data: string): void {
    if (!this.done) this.controller.enqueue(data);
  }

  receiveExit(code: number): void {
    if (this.done) return;
    this.done = true;
    this.controller.close();
    this.resolveExit(code);
  }

  fail(error: SandboxError): void {
    if (this.done) return;
    this.done = true;
    this.controller.error(error);
    this.rejectExit(error);
  }
}
