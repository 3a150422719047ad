/**
 * Tells the client when a session port starts or stops accepting connections. There is no portable
 * way to learn which ports a process tree listens on, so it probes the session's own ports by TCP
 * connect, only while the session has processes (or a port is still marked open).
 */
import net from 'node:net';

const POLL_MS = 200;
const PROBE_TIMEOUT_MS = 150;

export class PortWatch {
  private readonly ports: readonly number[];
  private readonly onChange: (port: number, status: 'open' | 'close') => void;
  private readonly isActive: () => boolean;
  private readonly open = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;

  constructor(ports: readonly number[], isActive: () => boolean, onChange: (port: number, status: 'open' | 'close') => void) {
    this.ports = ports;
    this.isActive = isActive;
    this.onChange = onChange;
  }

  /** Call when a process starts, so polling resumes. */
  poke(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.probing || this.stopped) return;
    if (!this.isActive() && this.open.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.probing = true;
    try {
      const states = await Promise.all(this.ports.map((port) => isListening(port)));
      if (this.stopped) return;
      this.ports.forEach((port, index) => {
        const listening = states[index] === true;
        if (listening && !this.open.has(port)) {
          this.open.add(port);
          this.onChange(port, 'open');
        } else if (!listening && this.open.has(port)) {
          this.open.delete(port);
          this.onChange(port, 'close');
        }
      });
    } finally {
      this.probing = false;
    }
  }
}

/** `listen(port)` binds both families, `listen(port, 'localhost')` may bind only ::1: try both. */
async function isListening(port: number): Promise<boolean> {
  return (await connects(port, '127.0.0.1')) || (await connects(port, '::1'));
}

function connects(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
