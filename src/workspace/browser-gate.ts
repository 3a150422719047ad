/**
 * Whether this browser should boot the in-browser sandbox (WebContainer) on its own, only when asked, or not at
 * all, decided before anything heavy loads. The lesson text never depends on it: the gate only decides what the
 * workspace does and says. The local sandbox (`npm start`) runs its processes on the learner's machine, so no
 * browser limit applies to it and it is never gated.
 */
import type { ProviderPlan } from '../runtime/choose-provider.ts';

export interface BrowserFacts {
  userAgent: string;
  /** `navigator.maxTouchPoints`: iPadOS reports a Mac user agent, but a Mac has no touch screen. */
  maxTouchPoints: number;
  /** `navigator.deviceMemory` in GB (Chromium only, rounded down and capped at 8 by the browser); undefined elsewhere. */
  deviceMemoryGb: number | undefined;
}

export type GateVerdict =
  | { kind: 'go' }
  /** Boot only after the learner presses Start: the device may not have the memory, and a crash reloads the page. */
  | { kind: 'ask'; reason: string }
  | { kind: 'blocked'; reason: string };

export const RUN_LOCALLY_ADVICE = 'run the workshop on a computer with `npm install && npm start` and open the address it prints';
export const START_LABEL = 'Start the sandbox';

/** The oldest Safari that WebContainer supports (its docs: Safari 16.4+, in beta). */
const MIN_SAFARI: readonly [number, number] = [16, 4];
const LOW_MEMORY_GB = 2;

export function browserFacts(): BrowserFacts {
  const nav = navigator as Navigator & { deviceMemory?: number };
  return { userAgent: nav.userAgent, maxTouchPoints: nav.maxTouchPoints ?? 0, deviceMemoryGb: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : undefined };
}

export function isAppleMobile(facts: BrowserFacts): boolean {
  return /\b(iPhone|iPad|iPod)\b/.test(facts.userAgent) || (/\bMacintosh\b/.test(facts.userAgent) && facts.maxTouchPoints > 1);
}

/** Desktop Safari's version, or null for every other browser (Chrome on iOS etc. say CriOS/FxiOS/EdgiOS). */
export function safariVersion(userAgent: string): [number, number] | null {
  if (/\b(Chrome|Chromium|CriOS|FxiOS|EdgiOS|Edg|OPR|Firefox)\//.test(userAgent)) return null;
  const match = /\bVersion\/(\d+)(?:\.(\d+))?.*\bSafari\//.exec(userAgent);
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : null;
}

export function gateSandbox(plan: ProviderPlan, facts: BrowserFacts): GateVerdict {
  if (plan.blocked !== null) return { kind: 'blocked', reason: plan.blocked };
  if (plan.attempts[0] !== 'webcontainer') return { kind: 'go' };

  const safari = safariVersion(facts.userAgent);
  if (safari && (safari[0] < MIN_SAFARI[0] || (safari[0] === MIN_SAFARI[0] && safari[1] < MIN_SAFARI[1]))) {
    return {
      kind: 'blocked',
      reason: `The in-browser sandbox needs Safari ${MIN_SAFARI.join('.')} or newer (this is Safari ${safari.join('.')}). Update Safari, open this page in a recent Chrome, Edge or Firefox, or ${RUN_LOCALLY_ADVICE}.`,
    };
  }
  if (isAppleMobile(facts)) {
    return {
      kind: 'ask',
      reason:
        'iPhone and iPad browsers give a page little memory, and the in-browser sandbox (Node.js, the app and the local cloud) may not fit: ' +
        `if the page reloads by itself, that is what happened. You can read the lesson without it. Press “${START_LABEL}” to try, or ${RUN_LOCALLY_ADVICE}.`,
    };
  }
  if (facts.deviceMemoryGb !== undefined && facts.deviceMemoryGb <= LOW_MEMORY_GB) {
    return {
      kind: 'ask',
      reason:
        `This device reports ${facts.deviceMemoryGb} GB of memory; the in-browser sandbox may not fit and the tab could crash. ` +
        `You can read the lesson without it. Press “${START_LABEL}” to try, or ${RUN_LOCALLY_ADVICE}.`,
    };
  }
  return { kind: 'go' };
}
