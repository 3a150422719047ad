/**
 * One sandbox per visit. The first lesson page boots it; moving to another step (client-side navigation, see
 * lesson-navigation.ts) hands the same running sandbox to the next page, which only swaps the app's files and
 * restarts the app. A WebContainer can be booted once per page anyway, and booting is the slow part.
 *
 * The module lives as long as the document does, so its state is the visit's. Everything that draws goes through
 * `page`, the lesson page showing now (null between two pages); a boot that began on one page finishes on the next.
 */
import { prepareCrossOriginIsolation } from '../runtime/coi-fallback.ts';
import type { Sandbox } from '../runtime/sandbox.ts';
import { renderBootPanel, type BootPanelElements, type BootPanelState } from './boot-panel.ts';
import { createStageClock, lateMessage, stageMessage, type BootStage, type StageClock } from './boot-progress.ts';
import { bootWorkspaceSandbox, GateBlocked } from './boot.ts';
import { fetchKit, prefetchKit, startSession, type SessionCallbacks, type WorkspaceSession } from './sandbox-session.ts';
import { $sandboxPhase, type SandboxPhase } from './state.ts';

/** What one lesson page gives the sandbox: where to draw, what to mount, whom to hand the session. */
export interface SandboxPage {
  root: HTMLElement;
  stepId: string;
  /** False on reading steps: there is no checks module to download. */
  hasChecks: boolean;
  panel: BootPanelElements;
  files: () => Record<string, string>;
  output: { write(service: string, text: string): void };
  showNotice: (text: string) => void;
  /** The session, once it holds this page's step (or null while none does); the page writes pending edits into it. */
  setSession: (session: WorkspaceSession | null, mounted: Record<string, string>) => Promise<void>;
  /** The backend answers for this page's step: the preview can point at it. */
  onBackendUp: () => void;
}

/** Only the app restarts on a step change: past this, the page says the backend has not started and why. */
const SWITCH_LATE_MS = 20_000;

/** After a write while the backend waits: long enough for `node --watch` to say it restarts by itself. */
const REVIVE_AFTER_MS = 1000;

/** A killed backend's port is reported closed within a poll or two; past this the switch goes on regardless. */
const CLOSE_WAIT_MS = 3000;

let page: SandboxPage | null = null;
let attemptNumber = 0;
let clock: StageClock | null = null;
let current: { sandbox: Sandbox | null; session: WorkspaceSession | null } = { sandbox: null, session: null };
let pressStart: (() => void) | null = null;
let startPressed = false;
let started = false;
/** How many times this visit booted a provider (first boot and Retries): a step change must not add one. */
let boots = 0;
let shown: { state: BootPanelState; stage: BootStage | null } = { state: 'running', stage: 'runtime' };
let switching = 0;
/** Per page: the backend answers for its step, and the page has the session. Both, and the preview is pointed. */
let backendUp = false;
let handedOver = false;
let previewPointed = false;
let backendOpen = false;
let backendClosed: (() => void) | null = null;
/** A step switch is restarting the app: a down backend is expected, not to be revived. */
let moving = false;
let oldBackendLeaving = false;
/** `node --watch` reported that the backend ended and waits for a file change. */
let backendWaiting = false;
let backendTail = '';
let reviveTimer: ReturnType<typeof setTimeout> | undefined;
/** Step switches run one after another: two at once would start two apps on the same ports. */
let switchQueue: Promise<void> = Promise.resolve();
/** Between two pages (the swap, then the new page's scripts) there is none; a boot that needs one waits. */
let pageArrived: (() => void) | null = null;

function nextPage(): Promise<SandboxPage> {
  if (page) return Promise.resolve(page);
  return new Promise((resolve) => {
    pageArrived = () => {
      pageArrived = null;
      if (page) resolve(page);
    };
  });
}

function show(state: BootPanelState, stage: BootStage | null, phase: SandboxPhase): void {
  shown = { state, stage };
  if (page) {
    page.root.dataset.bootStage = state === 'running' || state === 'late' ? (stage ?? 'runtime') : state;
    renderBootPanel(page.panel, shown);
  }
  $sandboxPhase.set(phase);
}

function fail(message: string): void {
  const stage = clock?.current ?? null;
  clock?.stop();
  if (page) page.root.dataset.sandboxFailed = 'true';
  show('failed', stage, { kind: 'failed', message });
}

/** The backend answers on the files of the page's step: the sandbox is ready for it. */
function backendAnswering(kind: Sandbox['kind']): void {
  // The boot's clock, or a step switch's if one replaced it.
  clock?.stop();
  if (page) delete page.root.dataset.sandboxFailed;
  show('ready', null, { kind: 'ready', message: `Cruddur backend is running (${kind === 'local' ? 'local sandbox' : 'WebContainer'}).` });
  if (page && page.root.dataset.sandboxReady !== 'true') {
    performance.mark('workspace:sandbox-ready');
    page.root.dataset.sandboxReady = 'true';
  }
  backendUp = true;
  pointPreview();
}

function pointPreview(): void {
  if (!backendUp || !handedOver || previewPointed || !page) return;
  previewPointed = true;
  page.onBackendUp();
}

const sessionCallbacks = (stale: () => boolean): SessionCallbacks => ({
  onOutput: (service, text) => {
    if (stale()) return;
    if (service === 'backend') watchBackendOutput(text);
    page?.output.write(service, text);
  },
  onExit: (service, code) => {
    if (!stale()) page?.output.write(service, `\r\n[${service} exited with code ${code}]\r\n`);
  },
});

/**
 * Shows this page's sandbox: boots one if the visit has none, otherwise moves the running one to this page's
 * step. Returns the detach function the page calls when it goes away.
 */
export function attachSandboxPage(next: SandboxPage): () => void {
  page = next;
  pageArrived?.();
  next.panel.start.addEventListener('click', () => {
    startPressed = true;
    next.panel.start.hidden = true;
    pressStart?.();
  });
  next.panel.retry.addEventListener('click', () => void retry());
  if (current.sandbox) {
    next.root.dataset.provider = current.sandbox.kind;
    next.root.dataset.backendPort = backendOpen ? 'open' : 'close';
  }
  next.root.dataset.sandboxBoots = String(boots);
  if (shown.state === 'failed' || shown.state === 'blocked') next.root.dataset.sandboxFailed = 'true';
  show(shown.state, shown.stage, $sandboxPhase.get());

  if (!started) {
    started = true;
    window.addEventListener('pagehide', () => void (current.session ? current.session.stop() : current.sandbox?.teardown())?.catch(() => undefined));
    void attempt();
  } else if (current.session) {
    void switchTo(next);
  }
  // Otherwise a boot is under way (it hands its session to whichever page shows by then) or failed (Retry).
  return () => {
    if (page === next) page = null;
  };
}

async function retry(): Promise<void> {
  attemptNumber++;
  clock?.stop();
  const previous = current;
  current = { sandbox: null, session: null };
  if (page) {
    delete page.root.dataset.sandboxFailed;
    delete page.root.dataset.sandboxReady;
    delete page.root.dataset.provider;
  }
  // Shown before any await: it hides Retry at once, so a double click cannot start two sandboxes.
  show('running', 'runtime', { kind: 'booting', message: stageMessage('runtime', 'stopping the previous sandbox') });
  await page?.setSession(null, {});
  await (previous.session ? previous.session.stop() : previous.sandbox?.teardown())?.catch(() => undefined);
  await attempt();
}

/** Hands the session to the page once it holds the page's step; a page that changed meanwhile gets a switch. */
async function handOver(session: WorkspaceSession, mounted: Record<string, string>): Promise<void> {
  const target = page;
  if (!target) return;
  if (target.stepId !== session.stepId) {
    await switchTo(target);
    return;
  }
  await target.setSession(session, mounted);
  if (page !== target) return;
  handedOver = true;
  pointPreview();
}

/** Queues a move to `target`'s step; a move queued behind it for a later page makes this one moot. */
function switchTo(target: SandboxPage): Promise<void> {
  const mine = ++switching;
  switchQueue = switchQueue.then(() => (mine === switching && page === target ? moveSessionTo(target, mine) : undefined)).catch(() => undefined);
  return switchQueue;
}

async function moveSessionTo(target: SandboxPage, mine: number): Promise<void> {
  const session = current.session;
  if (!session) return;
  moving = true;
  try {
    await moveSession(session, target, mine);
  } finally {
    moving = false;
    oldBackendLeaving = false;
  }
}

async function moveSession(session: WorkspaceSession, target: SandboxPage, mine: number): Promise<void> {
  const attemptAtStart = attemptNumber;
  const stale = () => mine !== switching || attemptAtStart !== attemptNumber || page !== target;
  backendUp = false;
  handedOver = false;
  previewPointed = false;
  delete target.root.dataset.sandboxReady;
  // The app stage's deadline again, shorter: only the app restarts. A step whose code crashes says so.
  clock?.stop();
  const switchClock = createStageClock({
    deadlines: { app: SWITCH_LATE_MS },
    onLate: (stage, afterMs) => {
      if (!stale()) show('late', stage, { kind: 'booting', message: lateMessage(stage, afterMs) });
    },
  });
  clock = switchClock;
  switchClock.enter('app');
  show('running', 'app', { kind: 'booting', message: 'Moving the sandbox to this step: restarting the app on this step’s files…' });
  const mounted = target.files();
  let restarted: boolean;
  try {
    oldBackendLeaving = true;
    ({ restarted } = await session.switchStep(target.stepId, mounted, fetchKit(target.stepId, { withChecks: target.hasChecks }), {
      appAnswering: backendOpen,
      onRestarting: async () => {
        await waitForBackendClosed();
        oldBackendLeaving = false;
        backendWaiting = false;
      },
    }));
  } catch (error) {
    if (!stale()) fail(`Could not move the sandbox to this step: ${(error as Error).message} Press Retry to start a new sandbox; your edits are saved.`);
    return;
  }
  if (stale()) return;
  // Same files as running already: the backend answering now is this step's (no port event will come).
  if (!restarted && backendOpen) backendAnswering(session.sandbox.kind);
  await target.setSession(session, mounted);
  if (stale()) return;
  handedOver = true;
  pointPreview();
}

/**
 * The page wrote a file. If `node --watch` says the backend ended and waits for a change, start it again: it
 * restarts only for files the app loaded, not for one it failed to find (app.js saved before the tracing.js it
 * requires, then tracing.js created). The short wait lets `--watch` restart by itself first when it does.
 */
export function fileWritten(): void {
  if (!current.session || !backendWaiting) return;
  clearTimeout(reviveTimer);
  const attemptAtWrite = attemptNumber;
  reviveTimer = setTimeout(() => {
    const session = current.session;
    if (!session || !backendWaiting || moving || attemptAtWrite !== attemptNumber) return;
    backendWaiting = false;
    void session.restartBackend().catch(() => undefined);
  }, REVIVE_AFTER_MS);
}

/** Follows `node --watch`'s own words on the backend's output (split chunks included, through a short tail). */
function watchBackendOutput(text: string): void {
  backendTail = (backendTail + text).slice(-400);
  const ended = Math.max(backendTail.lastIndexOf("Failed running '"), backendTail.lastIndexOf("Completed running '"));
  const restarted = backendTail.lastIndexOf("Restarting '");
  if (ended > restarted) backendWaiting = true;
  else if (restarted > ended) backendWaiting = false;
  if (ended >= 0 || restarted >= 0) backendTail = '';
}

/** Resolves once the old backend's port is reported closed, so the next "open" is the new backend's. */
function waitForBackendClosed(): Promise<void> {
  if (!backendOpen) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(finish, CLOSE_WAIT_MS);
    function finish() {
      clearTimeout(timer);
      backendClosed = null;
      resolve();
    }
    backendClosed = finish;
  });
}

/**
 * The whole start-up, with a visible stage list, deadlines and Retry. Each attempt has a number: whatever an
 * older attempt reports after a Retry is ignored.
 */
async function attempt(): Promise<void> {
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
    // For npm run bench: where the start-up's time goes.
    if (stageClock.current !== stage) performance.mark(`workspace:stage-${stage}`);
    stageClock.enter(stage);
    if (stageClock.current === stage) show('running', stage, { kind: 'booting', message: stageMessage(stage, detail) });
  };
  backendUp = false;
  handedOver = false;
  previewPointed = false;
  backendOpen = false;
  backendWaiting = false;
  backendTail = '';

  // The clock starts with the provider boot, not before: waiting for the learner's Start is not being late.
  show('running', 'runtime', { kind: 'booting', message: stageMessage('runtime') });
  prefetchKit();
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
    boots++;
    if (page) {
      page.root.dataset.sandboxBoots = String(boots);
      page.root.dataset.provider = sandbox.kind;
    }
    for (const text of notices) page?.showNotice(text);
    sandbox.onError((error) => {
      if (!stale()) fail(`${error.message} Press Retry to start a new sandbox; your edits are saved.`);
    });
    const { backendPort, otlpPort } = sandbox.services;
    sandbox.onPort(({ port, type }) => {
      if (stale()) return;
      if (port === otlpPort && type === 'open') enter('app');
      if (port !== backendPort) return;
      backendOpen = type === 'open';
      if (page) page.root.dataset.backendPort = type;
      if (type === 'open') {
        backendWaiting = false;
        // During a step switch, until the old backend is gone, an "open" is still the old one's.
        if (!oldBackendLeaving) backendAnswering(sandbox.kind);
      } else {
        backendClosed?.();
        // A step switch stops the backend on purpose and says so itself.
        if (shown.state === 'ready') $sandboxPhase.set({ kind: 'booting', message: 'The backend stopped; it restarts when you save a change.' });
      }
    });
    const bootPage = await nextPage();
    if (stale()) return;
    enter('files', sandbox.kind === 'webcontainer' ? 'the prebuilt dependencies first' : undefined);
    const mounted = bootPage.files();
    const session = await startSession(
      sandbox,
      bootPage.stepId,
      mounted,
      { ...sessionCallbacks(stale), onMounted: () => enter('cloud') },
      fetchKit(bootPage.stepId, { withChecks: bootPage.hasChecks }),
    );
    if (stale()) {
      await session.stop();
      return;
    }
    current.session = session;
    await handOver(session, mounted);
  } catch (error) {
    if (stale()) return;
    if (error instanceof GateBlocked) {
      stageClock.stop();
      if (page) page.root.dataset.sandboxFailed = 'true';
      show('blocked', null, { kind: 'failed', message: error.message });
      return;
    }
    const message = (error as Error).message;
    fail(/\bRetry\b/.test(message) ? message : `${message} Press Retry to try again; your edits are saved.`);
  }
}
