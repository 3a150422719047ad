/**
 * Which sandbox to start. `chooseProvider` is pure (facts in, ordered plan out) so every combination
 * is table-tested; `bootSandbox` walks the plan and says, in words a learner can act on, what it
 * fell back from and why.
 */
import { SandboxError } from './sandbox.ts';
import type { ProviderKind, Sandbox, SandboxProvider } from './sandbox.ts';

export interface ProviderPlanInput {
  /** From `?sandbox=local|webcontainer`; anything else counts as no request. */
  requested?: ProviderKind | null;
  /** The page was served by the workshop server (`npm start`), so the local provider can run. */
  servedByWorkshopServer: boolean;
  /** `null` when WebContainer can run on this page. */
  webContainerUnavailableReason: string | null;
}

export interface ProviderPlan {
  /** Providers to try, in order; empty when nothing can run here. */
  attempts: ProviderKind[];
  /** To show before booting, e.g. that the requested provider is not available. */
  notices: string[];
  /** When `attempts` is empty: why, and what the learner can do. */
  blocked: string | null;
}

const RUN_LOCALLY = 'run the workshop on your own machine with `npm install && npm start` and open the address it prints';
const USE_BROWSER = 'open this page in a recent Chrome, Edge or Firefox';
const LABEL: Record<ProviderKind, string> = { local: 'the local sandbox', webcontainer: 'WebContainer (in-browser sandbox)' };

export function parseRequestedProvider(search: string): ProviderKind | null {
  const value = new URLSearchParams(search).get('sandbox');
  return value === 'local' || value === 'webcontainer' ? value : null;
}

export function chooseProvider(input: ProviderPlanInput): ProviderPlan {
  const localOk = input.servedByWorkshopServer;
  const webContainerOk = input.webContainerUnavailableReason === null;
  const available = (kind: ProviderKind) => (kind === 'local' ? localOk : webContainerOk);
  const requested = input.requested === 'local' || input.requested === 'webcontainer' ? input.requested : null;
  const preferred: ProviderKind[] = requested
    ? [requested, requested === 'local' ? 'webcontainer' : 'local']
    : localOk
      ? ['local', 'webcontainer']
      : ['webcontainer', 'local'];
  const attempts = preferred.filter(available);

  if (attempts.length === 0) {
    const reason = input.webContainerUnavailableReason ?? '';
    return {
      attempts,
      notices: [],
      blocked: `The sandbox cannot run on this page. ${reason} To continue, ${USE_BROWSER}, or ${RUN_LOCALLY}.`.replace(/\s+/g, ' '),
    };
  }
  const notices: string[] = [];
  if (requested && !available(requested)) {
    const why = requested === 'local' ? 'it needs the workshop server (`npm start`)' : input.webContainerUnavailableReason;
    notices.push(`${capitalize(LABEL[requested])} is not available here (${stripPeriod(why ?? '')}); using ${LABEL[attempts[0] as ProviderKind]} instead.`);
  }
  return { attempts, notices, blocked: null };
}

export interface BootSandboxOptions {
  timeoutMs: number | Partial<Record<ProviderKind, number>>;
  signal?: AbortSignal;
  /** Called for each notice as it happens (plan notices first), so the UI can show progress. */
  onNotice?: (notice: string) => void;
}

export interface BootedSandbox {
  sandbox: Sandbox;
  notices: string[];
}

/** Boots the first provider of the plan that starts; throws a `SandboxError` that says what to do when none does. */
export async function bootSandbox(
  plan: ProviderPlan,
  providers: Partial<Record<ProviderKind, SandboxProvider>>,
  options: BootSandboxOptions,
): Promise<BootedSandbox> {
  const notices: string[] = [];
  const notify = (notice: string) => {
    notices.push(notice);
    options.onNotice?.(notice);
  };
  plan.notices.forEach(notify);
  if (plan.blocked !== null) throw new SandboxError('provider-unavailable', plan.blocked);

  const failures: Array<{ kind: ProviderKind; error: SandboxError }> = [];
  for (const [index, kind] of plan.attempts.entries()) {
    const provider = providers[kind];
    const next = plan.attempts[index + 1];
    let error: SandboxError;
    const unavailable = provider ? provider.unavailableReason() : `no ${kind} provider was supplied`;
    if (provider && unavailable === null) {
      try {
        const timeoutMs = typeof options.timeoutMs === 'number' ? options.timeoutMs : (options.timeoutMs[kind] ?? 30_000);
        const sandbox = await provider.boot({ timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
        return { sandbox, notices };
      } catch (caught) {
        if (options.signal?.aborted) throw caught;
        error = caught instanceof SandboxError ? caught : new SandboxError('internal', String((caught as Error)?.message ?? caught));
      }
    } else {
      error = new SandboxError('provider-unavailable', unavailable ?? 'unavailable');
    }
    failures.push({ kind, error });
    if (next) notify(`${capitalize(LABEL[kind])} could not start (${stripPeriod(error.message)}); using ${LABEL[next]} instead.`);
  }

  const last = failures[failures.length - 1];
  const reasons = failures.map(({ kind, error }) => `${LABEL[kind]}: ${stripPeriod(error.message)}`).join('; ');
  const advice = plan.attempts.includes('local')
    ? 'Check that `npm start` is still running, then reload the page.'
    : `Reload to try again, or ${RUN_LOCALLY}.`;
  throw new SandboxError(failures.length === 1 && last ? last.error.code : 'provider-unavailable', `The sandbox could not start (${reasons}). ${advice}`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripPeriod(text: string): string {
  return text.trim().replace(/\.$/, '');
}
