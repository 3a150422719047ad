/**
 * Wire protocol between the local provider (browser or Node) and the workshop server's sandbox socket.
 * Both sides import this file, so a change here is a change to both; keep it types and constants only
 * (it is bundled into the browser and type-stripped on the server).
 *
 * One JSON object per WebSocket text message:
 *   client → server  the first message is `hello`, then requests `{ id, op, ... }`
 *   server → client  `ready` once, responses `{ id, ok, result | error }`, events `{ type, ... }`
 * Ids of processes and watchers are chosen by the client, so events can never arrive for an id the
 * client does not know yet.
 */
import type { SandboxErrorCode, SandboxServices } from '../sandbox.ts';

export const SESSION_PATH = '/__workshop/session';
export const SOCKET_PATH = '/__workshop/sandbox';
/** The token must arrive in the first message within this time, or the socket is closed. */
// Generous: a browser starved of CPU (a busy laptop, a loaded CI machine) can take seconds to send its hello; the
// token still guards the socket, this only bounds how long an unauthenticated one stays open.
export const HELLO_TIMEOUT_MS = 30_000;
/** WebSocket close codes (RFC 6455 §7.4.1). */
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_TRY_AGAIN_LATER = 1013;
/** Largest `data` string in one process-output event. */
export const MAX_OUTPUT_CHUNK = 64 * 1024;

/** Body of `GET /__workshop/session`. */
export interface SessionInfo {
  token: string;
  provider: 'local';
}

/** File contents on the wire: text stays text, bytes travel as base64. */
export type WireData = { text: string } | { base64: string };

export interface WireTree {
  [name: string]: { file: WireData } | { directory: WireTree };
}

export interface WireDirEntry {
  name: string;
  kind: 'file' | 'directory' | 'other';
}

export interface Hello {
  type: 'hello';
  token: string;
}

export interface Ready {
  type: 'ready';
  services: SandboxServices;
}

/** Every request with its result type, so both sides agree on what an op returns. */
export interface Ops {
  'mount': { params: { tree: WireTree; mountPoint?: string }; result: null };
  'fs.readFile': { params: { path: string; encoding?: 'utf-8' }; result: WireData };
  'fs.writeFile': { params: { path: string; data: WireData }; result: null };
  'fs.readdir': { params: { path: string }; result: WireDirEntry[] };
  'fs.mkdir': { params: { path: string; recursive?: boolean }; result: null };
  'fs.rm': { params: { path: string; recursive?: boolean; force?: boolean }; result: null };
  'fs.rename': { params: { from: string; to: string }; result: null };
  'fs.watch': { params: { watchId: number; path: string; recursive?: boolean }; result: null };
  'fs.unwatch': { params: { watchId: number }; result: null };
  'process.spawn': {
    params: { pid: number; command: string; args: string[]; cwd?: string; env?: Record<string, string> };
    result: null;
  };
  'process.write': { params: { pid: number; data: string }; result: null };
  'process.kill': { params: { pid: number }; result: null };
  /** Kills every process and removes the session directory before answering. */
  'session.close': { params: Record<string, never>; result: null };
}

export type OpName = keyof Ops;

export type Request = {
  [K in OpName]: { id: number; op: K } & Ops[K]['params'];
}[OpName];

export interface WireError {
  code: SandboxErrorCode;
  message: string;
}

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

export type SandboxEvent =
  | { type: 'process-output'; pid: number; data: string }
  | { type: 'process-exit'; pid: number; code: number }
  | { type: 'port'; port: number; status: 'open' | 'close'; url: string }
  | { type: 'fs-watch'; watchId: number; event: 'rename' | 'change'; filename: string };

export type ServerMessage = Ready | Response | SandboxEvent;
export type ClientMessage = Hello | Request;
