import { atom, map } from 'nanostores';
import type { CheckResult } from './check-result.ts';

/** State shared by the workspace's panels (file tree, editor, checks, toolbar). */
export const $files = map<Record<string, string>>({});
export const $activeFile = atom<string | null>(null);
export const $sandboxPhase = atom<SandboxPhase>({ kind: 'booting', message: 'Preparing the sandbox…' });
export const $checkResults = atom<CheckResult[]>([]);
export const $checkRun = atom<{ running: boolean; stale: boolean }>({ running: false, stale: false });

export type SandboxPhase =
  | { kind: 'booting'; message: string }
  | { kind: 'ready'; message: string }
  | { kind: 'failed'; message: string };
