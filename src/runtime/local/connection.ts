/**
 * Request/response over the sandbox WebSocket. Knows nothing about files or processes: it numbers
 * requests, matches responses, hands events to whoever listens, and turns an unexpected close into
 * one `connection-lost` for everyone waiting.
 */
import { SandboxError } from '../sandbox.ts';
import type { SandboxServices } from '../sandbox.ts';
import { CLOSE_POLICY_VIOLATION, CLOSE_TRY_AGAIN_LATER } from './protocol.ts';
import type { ClientMessage, OpName, Ops, SandboxEvent, ServerMessage } from './protocol.ts';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: SandboxError) => void;
}

export interface OpenOptions {
  url: string;
  token: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Sent as the Origin header where the platform allows it (Node); browsers always send their own. */
  origin?: string;
}

export class SandboxConnection {
  private readonly socket: WebSocket;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: SandboxEvent) => void>();
  private readonly lostListeners = new Set<(error: SandboxError) => void>();
  private nextId = 1;
  private closedByUs = false;
  private lost: SandboxError | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => this.onClose());
  }

  /** Connects, authenticates and waits for the session's services. */
  static open(options: OpenOptions): Promise<{ connection: SandboxConnection; services: SandboxServices }> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(options.url, options.origin);
      let settled = false;
      const finish = (error: SandboxError | null, value?: { connection: SandboxConnection; services: SandboxServices }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        socket.removeEventListener('message', onReady);
        socket.removeEventListener('close', onEarlyClose);
        if (error) {
          socket.close();
          reject(error);
        } else if (value) {
          resolve(value);
        }
      };
      const timer = setTimeout(
        () => finish(new SandboxError('boot-timeout', `the workshop server did not start a sandbox within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const onAbort = () => finish(new SandboxError('boot-timeout', 'sandbox start was cancelled'));
      options.signal?.addEventListener('abort', onAbort);
      if (options.signal?.aborted) return onAbort();

      const onEarlyClose = (event: CloseEvent) => finish(closeError(event.code, event.reason));
      const onReady = (event: MessageEvent) => {
        const message = parse(event.data);
        if (message && 'type' in message && message.type === 'ready') {
          finish(null, { connection: new SandboxConnection(socket), services: message.services });
        }
      };
      socket.addEventListener('close', onEarlyClose);
      socket.addEventListener('message', onReady);
      socket.addEventListener('open', () => {
        const hello: ClientMessage = { type: 'hello', token: options.token };
        socket.send(JSON.stringify(hello));
      });
    });
  }

  request<K extends OpName>(op: K, params: Ops[K]['params']): Promise<Ops[K]['result']> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, op, ...params }));
    });
  }

  onEvent(listener: (event: SandboxEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onLost(listener: (error: SandboxError) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Closes without reporting a loss; pending calls still fail, with a teardown message. */
  close(): Promise<void> {
    this.closedByUs = true;
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.addEventListener('close', () => resolve(), { once: true });
      this.socket.close(1000, 'teardown');
    });
  }

  private receive(data: unknown): void {
    const message = parse(data);
    if (!message) return;
    if ('id' in message) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new SandboxError(message.error.code, message.error.message));
      return;
    }
    if (message.type === 'ready') return;
    for (const listener of this.eventListeners) listener(message);
  }

  private onClose(): void {
    const error = this.closedByUs
      ? new SandboxError('connection-lost', 'the sandbox was torn down')
      : new SandboxError('connection-lost', 'lost the connection to the workshop server (was `npm start` stopped?)');
    this.lost = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    if (this.closedByUs) return;
    for (const listener of this.lostListeners) listener(error);
  }
}

function createSocket(url: string, origin: string | undefined): WebSocket {
  if (origin !== undefined && typeof document === 'undefined') {
    // Node's (undici's) WebSocket takes a non-standard init object with headers; browsers would
    // read it as a subprotocol list, hence the document check.
    const NodeWebSocket = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
    return new NodeWebSocket(url, { headers: { origin } });
  }
  return new WebSocket(url);
}

function closeError(code: number, reason: string): SandboxError {
  if (code === CLOSE_POLICY_VIOLATION) return new SandboxError('unauthorized', `the workshop server refused the sandbox connection (${reason || 'policy'})`);
  if (code === CLOSE_TRY_AGAIN_LATER) return new SandboxError('provider-unavailable', `the workshop server is busy: ${reason || 'try again'}`);
  return new SandboxError('connection-lost', `could not open the sandbox connection (close code ${code}${reason ? `: ${reason}` : ''})`);
}

function parse(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data) as ServerMessage;
  } catch {
    return null;
  }
}
