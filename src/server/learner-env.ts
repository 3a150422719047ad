/**
 * The environment learner processes start from. Built from scratch, never copied from the server's
 * own environment: the server may hold tokens, cloud credentials or an npm auth token, and learner
 * code (plus whatever it prints into the browser) must never see them.
 */
import path from 'node:path';

export function learnerBaseEnv(options: { sessionDir: string; nodeBinary: string }): Record<string, string> {
  return {
    PATH: [path.dirname(options.nodeBinary), path.join(options.sessionDir, 'node_modules', '.bin'), '/usr/bin', '/bin'].join(':'),
    HOME: options.sessionDir,
    LANG: safeLang(process.env.LANG),
    TERM: 'xterm-256color',
    NODE_ENV: 'development',
    FORCE_COLOR: '1',
  };
}

/** Caller-supplied variables, checked because they go straight into execve. */
export function checkedEnv(env: unknown): Record<string, string> {
  if (env === undefined || env === null) return {};
  if (typeof env !== 'object') throw new TypeError('env must be an object of strings');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (typeof value !== 'string' || key === '' || key.includes('=') || key.includes('\0') || value.includes('\0')) {
      throw new TypeError(`env entry '${key}' is not a valid variable`);
    }
    out[key] = value;
  }
  return out;
}

function safeLang(lang: string | undefined): string {
  return lang !== undefined && /^[A-Za-z0-9_.@-]{1,64}$/.test(lang) ? lang : 'C.UTF-8';
}
