import { bootSandbox, chooseProvider, parseRequestedProvider, type BootedSandbox } from '../runtime/choose-provider.ts';
import { prepareCrossOriginIsolation, servedByWorkshopServer } from '../runtime/coi-fallback.ts';
import { createLocalProvider } from '../runtime/local/index.ts';
import type { Sandbox } from '../runtime/sandbox.ts';
import { createWebContainerProvider, currentPageEnvironment, webContainerUnavailableReason } from '../runtime/webcontainer/index.ts';
import { renderBootPanel, type BootPanelElements, type BootPanelState } from './boot-panel.ts';
import { createStageClock, lateMessage, stageMessage, type BootStage, type StageClock } from './boot-progress.ts';
import { browserFacts, gateSandbox } from './browser-gate.ts';
import { fetchKit, startSession, type WorkspaceSession } from './sandbox-session.ts';
import { $sandboxPhase, type SandboxPhase } from './state.ts';

// Local: a busy machine can take a while to create the session (ports, folder, first socket message).
const BOOT_TIMEOUT_MS = { local: 30_000, webcontainer: 45_000 };

/**
 * Picks and boots this page's sandbox: the local provider when the workshop server (`npm start`) serves the
 * page, WebContainer on a static host, either one on request with `?sandbox=local|webcontainer`.
 */
export async function bootWorkspaceSandbox(
  onProgress: (message: string) => void,
  startWhenAsked: (reason: string) => Promise<void> = async () => {},
): Promise<BootedSandbox> {
  const plan = chooseProvider({
    requested: parseRequestedProvider(location.search),
    servedByWorkshopServer: await servedByWorkshopServer(),
    webContainerUnavailableReason: webContainerUnavailableReason(currentPageEnvironment()),
  });
  const verdict = gateSandbox(plan, browserFacts());
  if (verdict.kind === 'blocked') throw new GateBlocked(verdict.reason);
  if (verdict.kind === 'ask') await startWhenAsked(verdict.reason);
  onProgress(plan.attempts[0] === 'webcontainer' ? 'loading WebContainer from StackBlitz' : 'connecting to the local sandbox');
  return bootSandbox(
    plan,
    { local: createLocalProvider(), webcontainer: createWebContainerProvider() },
    { timeoutMs: BOOT_TIMEOUT_MS, onNotice: onProgress },
  );
}

/** This browser cannot run any sandbox here; the lesson stays readable and the message says what to do. */
class GateBlocked extends Error {}

export interface SandboxBootContext {
  root: HTMLElement;
  stepId: string;
  /** False on reading steps: there is no checks module to download. */
  hasChecks: boolean;
  panel: BootPanelElements;
  files: () => Record<string, string>;
  output: { write(service: string, text: string): void };
  showNotice: (text: string) => void;
  /** A new session (first boot or a retry), or null while none runs; the caller writes pending edits into it. */
  setSession: (session: WorkspaceSession | null, mounted: Record<string, string>) => Promise<void>;
  /** The backend answers on its port for the first time in this session. */
  onBackendUp: () => void;
}

/**
 * The whole start-up, with a visible stage list, deadlines and Retry. Resolves once the first attempt has
 * finished, failed, or is waiting for the learner to press Start; retries run on their own afterwards.
 * Each attempt has a number: whatever an older attempt reports after a Retry is ignored.
 */
export async function startSandbox(context: SandboxBootContext): Promise<void> {
  const { root, panel } = context;
  let attemptNumber = 0;
  let clock: StageClock | null = null;
  let current: { sandbox: Sandbox | null; session: WorkspaceSession | null } = { sandbox: null, session: null };
  let pressStart: (() => void) | null = null;
  let startPressed = false;

  const show = (state: BootPanelState, stage: BootStage | null, phase: SandboxPhase) => {
    root.dataset.bootStage = state === 'running' || state === 'late' ? (stage ?? 'runtime') : state;
    renderBootPanel(panel, { state, stage });
    $sandboxPhase.set(phase);
  };
  const fail = (message: string) => {
    const stage = clock?.current ?? null;
    clock?.stop();
    root.dataset.sandboxFailed = 'true';
    show('failed', stage, { kind: 'failed', message });
  };

  panel.start.addEventListener('click', () => {
    startPressed = true;
    panel.start.hidden = true;
    pressStart?.();
  });
  panel.retry.addEventListener('click', () => void retry());

  const retry = async () => {
    attemptNumber++;
    clock?.stop();
    const previous = current;
    current = { sandbox: null, session: null };
    delete root.dataset.sandboxFailed;
    delete root.dataset.sandboxReady;
    delete root.dataset.provider;
    // Shown before any await: it hides Retry at once, so a double click cannot start two sandboxes.
    show('running', 'runtime', { kind: 'booting', message: stageMessage('runtime', 'stopping the previous sandbox') });
    await context.setSession(null, {});
    await (previous.session ? previous.session.stop() : previous.sandbox?.teardown())?.catch(() => undefined);
    await attempt();
  };

  const attempt = async () => {
    const mine = ++attemptNumber;
    const stale = () => mine !== attemptNumber;
    const stageClock = createStageClock({
      onLate: (stage, afterMs) => {
        if (!stale()) show('late', stage, { kind: 'booting', message: lateMessage(stage, afterMs) });
      },
    });
    clock = stageClock;
    const enter = (stage: BootStage, detail?: string) => {
      if (stale()) return;
      stageClock.enter(stage);
      if (stageClock.current === stage) show('running', stage, { kind: 'booting', message: stageMessage(stage, detail) });
    };

    // The clock starts with the provider boot, not before: waiting for the learner's Start is not being late.
    show('running', 'runtime', { kind: 'booting', message: stageMessage('runtime') });
    try {
      const isolation = await prepareCrossOriginIsolation();
      if (isolation === 'register-and-reload') {
        $sandboxPhase.set({ kind: 'booting', message: 'Reloading the page once so the in-browser sandbox can run on this host…' });
        return;
      }
      let booting = false;
      const { sandbox, notices } = await bootWorkspaceSandbox(
        (message) => {
          if (stale()) return;
          if (!booting) {
            booting = true;
            enter('runtime', message);
          } else {
            $sandboxPhase.set({ kind: 'booting', message: stageMessage('runtime', message) });
          }
        },
        (reason) => {
          if (startPressed) return Promise.resolve();
          show('gated', null, { kind: 'booting', message: reason });
          return new Promise<void>((resolve) => {
            pressStart = () => {
              pressStart = null;
              resolve();
            };
          });
        },
      );
      if (stale()) {
        await sandbox.teardown();
        return;
      }
      current.sandbox = sandbox;
      for (const text of notices) context.showNotice(text);
      root.dataset.provider = sandbox.kind;
      sandbox.onError((error) => {
        if (!stale()) fail(`${error.message} Press Retry to start a new sandbox; your edits are saved.`);
      });
      const { backendPort, otlpPort } = sandbox.services;
      // The preview needs the session's ports, so it is shown once the backend is up AND the session is handed over.
      let backendUp = false;
      let handedOver = false;
      let previewPointed = false;
      const pointPreview = () => {
        if (!backendUp || !handedOver || previewPointed) return;
        previewPointed = true;
        context.onBackendUp();
      };
      sandbox.onPort(({ port, type }) => {
        if (stale()) return;
        if (port === otlpPort && type === 'open') enter('app');
        if (port !== backendPort) return;
        if (type === 'open') {
          stageClock.stop();
          delete root.dataset.sandboxFailed;
          show('ready', null, { kind: 'ready', message: `Cruddur backend is running (${sandbox.kind === 'local' ? 'local sandbox' : 'WebContainer'}).` });
          if (root.dataset.sandboxReady !== 'true') performance.mark('workspace:sandbox-ready');
          root.dataset.sandboxReady = 'true';
          backendUp = true;
          pointPreview();
        } else {
          $sandboxPhase.set({ kind: 'booting', message: 'The backend stopped; it restarts when you save a change.' });
        }
      });
      enter('files', sandbox.kind === 'webcontainer' ? 'the prebuilt dependencies first' : undefined);
      const mounted = context.files();
      const session = await startSession(sandbox, context.stepId, mounted, {
        onMounted: () => enter('cloud'),
        onOutput: (service, text) => {
          if (!stale()) context.output.write(service, text);
        },
        onExit: (service, code) => {
          if (!stale()) context.output.write(service, `\r\n[${service} exited with code ${code}]\r\n`);
        },
      }, fetchKit(context.stepId, { withChecks: context.hasChecks }));
      if (stale()) {
        await session.stop();
        return;
      }
      current.session = session;
      await context.setSession(session, mounted);
      handedOver = true;
      pointPreview();
    } catch (error) {
      if (stale()) return;
      if (error instanceof GateBlocked) {
        stageClock.stop();
        root.dataset.sandboxFailed = 'true';
        show('blocked', null, { kind: 'failed', message: error.message });
        return;
      }
      const message = (error as Error).message;
      fail(/\bRetry\b/.test(message) ? message : `${message} Press Retry to try again; your edits are saved.`);
    }
  };

  await attempt();
}
