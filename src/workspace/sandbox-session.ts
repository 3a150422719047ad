import type { Sandbox, SandboxProcess, SandboxServices } from '../runtime/sandbox.ts';
import { fileMapToTree } from '../runtime/file-map-tree.ts';
import { learnerEnv } from '../runtime/learner-env.ts';
import { checksModulePath } from './paths.ts';

export type ServiceName = 'cloud' | 'backend' | 'frontend';

interface ServiceSpec {
  name: ServiceName;
  cwd: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The long-running processes of a sandbox, in start order: the local cloud must be up before the app sends. */
function serviceSpecs(services: SandboxServices): ServiceSpec[] {
  return [
    {
      name: 'cloud',
      cwd: '.',
      command: 'node',
      args: ['.workshop/kit/cloud.mjs'],
      // The session's own ports: the learner's SDKs are pointed at exactly these (src/runtime/learner-env.ts).
      env: {
        WORKSHOP_OTLP_PORT: String(services.otlpPort),
        WORKSHOP_AWS_PORT: String(services.awsApiPort),
        WORKSHOP_XRAY_PORT: String(services.xrayDaemonPort),
      },
    },
    // --watch restarts the backend whenever a file it loaded changes, so edits show up in the preview at once.
    { name: 'backend', cwd: 'backend', command: 'node', args: ['--watch', 'app.js'], env: { PORT: String(services.backendPort) } },
    {
      name: 'frontend',
      cwd: 'frontend',
      command: 'node',
      args: ['server.js'],
      env: { PORT: String(services.frontendPort), BACKEND_URL: `http://127.0.0.1:${services.backendPort}` },
    },
  ];
}

export interface SessionCallbacks {
  /** The files are in the sandbox and the services are about to start (the boot shows this as a stage). */
  onMounted?(): void;
  onOutput(service: ServiceName, text: string): void;
  onExit(service: ServiceName, code: number): void;
}

export interface SwitchOptions {
  /** The app answers on its port now: with unchanged files it may keep running. */
  appAnswering?: boolean;
  /** Runs once the old app processes are gone and the files are in, before the new ones start. */
  onRestarting?: () => Promise<void> | void;
}

export interface WorkspaceSession {
  readonly sandbox: Sandbox;
  /** The step whose files and checks the sandbox holds now. */
  readonly stepId: string;
  writeFile(path: string, contents: string): Promise<void>;
  /**
   * Runs the step's checks in a fresh app instance; resolves when the runner exits. Aborting `signal` stops the
   * runner (and the app copy it started) instead of leaving it to finish unseen.
   */
  runChecks(attempt: number, onChunk: (text: string) => void, signal?: AbortSignal): Promise<number>;
  /**
   * Moves the running sandbox to another step without booting it again: the app's files become `files`, the
   * step's checks module is added, and the backend and frontend restart on them. The local cloud keeps running,
   * so the telemetry, sampling rules and groups of earlier steps stay. When the files are exactly what the app
   * runs already and it answers (`appAnswering`, known from its port), nothing restarts: `restarted` is false.
   */
  switchStep(stepId: string, files: Record<string, string>, kit: Promise<Record<string, string>>, options?: SwitchOptions): Promise<{ restarted: boolean }>;
  /**
   * Starts the backend again. `node --watch` restarts it when a file it loaded changes, but not when a file it
   * failed to find appears (app.js saved before the tracing.js it requires), so the page asks for this then.
   */
  restartBackend(): Promise<void>;
  stop(): Promise<void>;
}

/** Fetches the workshop's in-sandbox tools (built by src/scripts/build-sandbox.ts) for one step. */
async function fetchDependencySnapshot(): Promise<Uint8Array> {
  const response = await fetch('/sandbox/node_modules.snapshot');
  if (!response.ok) {
    throw new Error(`The prebuilt sandbox (/sandbox/node_modules.snapshot) is missing (HTTP ${response.status}): build the site with "npm run build".`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

const KIT_SOURCES: Record<string, string> = {
  '.workshop/kit/cloud.mjs': '/sandbox/kit/cloud.mjs',
  '.workshop/kit/run-checks.mjs': '/sandbox/kit/run-checks.mjs',
  '.workshop/kit/app-preload.cjs': '/sandbox/kit/app-preload.cjs',
  '.workshop/kit/xray-dgram-shim.cjs': '/sandbox/kit/xray-dgram-shim.cjs',
  '.workshop/kit/cruddur-aws.mjs': '/sandbox/kit/cruddur-aws.mjs',
};

async function download(sources: Record<string, string>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(sources).map(async ([path, url]) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}). Was the site built with "npm run build"?`);
      return [path, await response.text()] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The kit is the same for every step (about 650 KB): it is downloaded once per visit, and the download can start
 * before the sandbox is up (`prefetchKit`), while the main thread is still free of the editor's start-up. A
 * failed download is forgotten, so Retry downloads again.
 */
let sharedKit: Promise<Record<string, string>> | null = null;
function sandboxKit(): Promise<Record<string, string>> {
  if (!sharedKit) {
    const started = download(KIT_SOURCES);
    sharedKit = started;
    started.catch(() => {
      if (sharedKit === started) sharedKit = null;
    });
  }
  return sharedKit;
}

export function prefetchKit(): void {
  sandboxKit().catch(() => undefined);
}

/** The kit every sandbox runs, and the step's compiled checks unless it is a reading step (it has none). */
export async function fetchKit(stepId: string, options: { withChecks: boolean } = { withChecks: true }): Promise<Record<string, string>> {
  const [kit, checks] = await Promise.all([sandboxKit(), options.withChecks ? download({ [checksModulePath(stepId)]: `/sandbox/checks/${stepId}.mjs` }) : {}]);
  return { ...kit, ...checks };
}

export async function startSession(
  sandbox: Sandbox,
  stepId: string,
  files: Record<string, string>,
  callbacks: SessionCallbacks,
  kitDownload: Promise<Record<string, string>> = fetchKit(stepId),
  dependencySnapshot: () => Promise<Uint8Array> = fetchDependencySnapshot,
): Promise<WorkspaceSession> {
  // A WebContainer has no installed dependencies: mount the build's prebuilt node_modules first.
  if (sandbox.mountDependencies) await sandbox.mountDependencies(await dependencySnapshot());
  await sandbox.mount(fileMapToTree({ ...files, ...(await kitDownload) }));
  callbacks.onMounted?.();
  let currentStep = stepId;
  let mountedFiles = { ...files };
  /** What of the kit is in the sandbox: a step switch mounts only what differs (mostly one checks module). */
  const mountedKit = { ...(await kitDownload) };
  const kitChanges = (kitFiles: Record<string, string>) => {
    const changed = Object.fromEntries(Object.entries(kitFiles).filter(([path, contents]) => mountedKit[path] !== contents));
    Object.assign(mountedKit, changed);
    return changed;
  };
  const env = learnerEnv(sandbox.services);
  // No UDP in a WebContainer: the X-Ray SDK's datagrams go to the daemon over HTTP instead (learner code unchanged).
  if (sandbox.kind === 'webcontainer') env['WORKSHOP_XRAY_TRANSPORT'] = 'http';
  const processes = new Map<ServiceName, SandboxProcess>();

  /** Processes killed on purpose (a step switch): their exit is expected and not reported as a crash. */
  const retiring = new Set<SandboxProcess>();
  const startService = async (service: ServiceSpec) => {
    const shim: Record<string, string> =
      sandbox.kind === 'webcontainer' && service.name === 'backend' ? { NODE_OPTIONS: '--require ../.workshop/kit/xray-dgram-shim.cjs' } : {};
    const process = await sandbox.spawn(service.command, service.args, { cwd: service.cwd, env: { ...env, ...service.env, ...shim } });
    processes.set(service.name, process);
    void pipe(process.output, (text) => callbacks.onOutput(service.name, text));
    void process.exit.then(
      (code) => {
        if (processes.get(service.name) === process) processes.delete(service.name);
        if (!retiring.delete(process)) callbacks.onExit(service.name, code);
      },
      // No exit code: the sandbox itself went away, which its onError reports (as pipe's comment says).
      () => processes.get(service.name) === process && processes.delete(service.name),
    );
  };
  const stopServices = async (services: readonly ServiceSpec[]) => {
    const stopping = services.map((service) => processes.get(service.name)).filter((process): process is SandboxProcess => process !== undefined);
    for (const process of stopping) {
      retiring.add(process);
      process.kill();
    }
    await Promise.all(stopping.map((process) => process.exit.catch(() => 0)));
  };
  const specs = serviceSpecs(sandbox.services);
  for (const service of specs) await startService(service);
  const appServices = specs.filter((service) => service.name !== 'cloud');

  return {
    sandbox,
    get stepId() {
      return currentStep;
    },
    writeFile: async (path, contents) => {
      await sandbox.fs.writeFile(path, contents);
      mountedFiles[path] = contents;
    },
    async switchStep(nextStep, nextFiles, kit, options = {}) {
      const kitFiles = await kit;
      const unchanged =
        Object.keys(mountedFiles).every((path) => path in nextFiles) && Object.entries(nextFiles).every(([path, contents]) => mountedFiles[path] === contents);
      if (unchanged && options.appAnswering === true && appServices.every((service) => processes.has(service.name))) {
        await mountChanges(sandbox, kitChanges(kitFiles));
        currentStep = nextStep;
        return { restarted: false };
      }
      // Stop the app first, so it never runs on a mix of two steps' files.
      await stopServices(appServices);
      for (const path of Object.keys(mountedFiles)) {
        if (!(path in nextFiles)) await sandbox.fs.rm(path, { force: true });
      }
      const fileChanges = Object.fromEntries(Object.entries(nextFiles).filter(([path, contents]) => mountedFiles[path] !== contents));
      await mountChanges(sandbox, { ...fileChanges, ...kitChanges(kitFiles) });
      mountedFiles = { ...nextFiles };
      currentStep = nextStep;
      await options.onRestarting?.();
      for (const service of appServices) await startService(service);
      return { restarted: true };
    },
    async restartBackend() {
      const backend = appServices.filter((service) => service.name === 'backend');
      await stopServices(backend);
      for (const service of backend) await startService(service);
    },
    async runChecks(attempt, onChunk, signal) {
      const runner = await sandbox.spawn('node', ['.workshop/kit/run-checks.mjs', checksModulePath(currentStep), '--attempt', String(attempt)], { cwd: '.', env });
      const stop = () => runner.kill();
      if (signal?.aborted) stop();
      signal?.addEventListener('abort', stop, { once: true });
      try {
        await pipe(runner.output, onChunk);
        return await runner.exit;
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    },
    async stop() {
      for (const process of processes.values()) process.kill();
      await sandbox.teardown();
    },
  };
}

async function mountChanges(sandbox: Sandbox, changes: Record<string, string>): Promise<void> {
  if (Object.keys(changes).length > 0) await sandbox.mount(fileMapToTree(changes));
}

async function pipe(stream: ReadableStream<string>, onChunk: (text: string) => void): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onChunk(value);
    }
  } catch {
    // The stream ends with an error when the sandbox goes away; the session's onError reports that.
  } finally {
    reader.releaseLock();
  }
}
