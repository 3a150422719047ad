import { $activeFile, $checkResults, $checkRun, $files, $sandboxPhase } from './state.ts';
import { diffFromStart, loadEdits, saveEdits } from './persistence.ts';
import { markStepComplete } from './progress.ts';
import { renderFileTree } from './file-tree.ts';
import { renderCheckResults } from './check-panel.ts';
import { createLineSplitter } from './line-splitter.ts';
import { parseRunnerLine, type CheckResult } from './check-result.ts';
import { wireTabs } from './tabs.ts';
import { wirePreview, servicePort, type PreviewService } from './preview.ts';
import { createOutputLog } from './output-log.ts';
import { startSession, type WorkspaceSession } from './sandbox-session.ts';
import { bootWorkspaceSandbox } from './boot.ts';
import { createSaveQueue } from './save-queue.ts';
import type { StepPayload } from './step-payload.ts';
import type { WorkspaceEditor } from './editor.ts';
import { normaliseNewPath } from './new-file-path.ts';

interface WorkspaceConfig {
  stepId: string;
  openFiles: string[];
  preview: { service: PreviewService; path: string };
}

function readConfig(root: HTMLElement): WorkspaceConfig {
  return {
    stepId: root.dataset.stepId ?? '',
    openFiles: JSON.parse(root.dataset.openFiles ?? '[]') as string[],
    preview: JSON.parse(root.dataset.preview ?? '{"service":"backend","path":"/"}') as WorkspaceConfig['preview'],
  };
}

function need<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Workspace markup is missing ${selector}`);
  return element;
}

async function fetchStep(stepId: string): Promise<StepPayload> {
  const response = await fetch(`/steps/${stepId}.json`);
  if (!response.ok) throw new Error(`Could not load the step's files (HTTP ${response.status}).`);
  return (await response.json()) as StepPayload;
}

const attemptsKey = (stepId: string) => `cruddur-workshop:attempts:${stepId}`;

export async function startWorkspace(root: HTMLElement): Promise<void> {
  const config = readConfig(root);
  const statusLine = need<HTMLElement>(root, '[data-sandbox-status]');
  const notice = need<HTMLElement>(root, '[data-workspace-notice]');
  const buttons = {
    run: root.querySelector<HTMLButtonElement>('[data-action="run-checks"]'),
    reset: need<HTMLButtonElement>(root, '[data-action="reset"]'),
    solve: need<HTMLButtonElement>(root, '[data-action="solve"]'),
    newFile: need<HTMLButtonElement>(root, '[data-action="new-file"]'),
  };
  const checkList = need<HTMLOListElement>(root, '[data-check-list]');
  const checkSummary = need<HTMLElement>(root, '[data-checks-summary]');
  const output = createOutputLog();

  $sandboxPhase.subscribe((phase) => {
    statusLine.textContent = phase.message;
    statusLine.dataset.phase = phase.kind;
  });
  const showNotice = (text: string) => {
    notice.textContent = text;
    notice.hidden = false;
  };

  // Files first: the editor and the sandbox both start from them.
  let payload: StepPayload;
  try {
    const [step, edits] = await Promise.all([fetchStep(config.stepId), loadEdits(config.stepId)]);
    payload = step;
    $files.set({ ...step.start, ...edits });
  } catch (error) {
    $sandboxPhase.set({ kind: 'failed', message: (error as Error).message });
    return;
  }

  let editor: WorkspaceEditor | null = null;
  let session: WorkspaceSession | null = null;
  const fileTree = need<HTMLElement>(root, '[data-file-tree]');
  const openFile = (path: string) => {
    $activeFile.set(path);
    editor?.open(path);
  };
  const drawTree = () => renderFileTree(fileTree, Object.keys($files.get()), $activeFile.get(), openFile);
  $activeFile.subscribe(drawTree);
  openFile(config.openFiles.find((path) => path in $files.get()) ?? Object.keys($files.get())[0] ?? '');

  const saves = createSaveQueue({
    persist: () => saveEdits(config.stepId, diffFromStart($files.get(), payload.start)),
    write: (path, contents) => session?.writeFile(path, contents) ?? Promise.resolve(),
    onState: (state) => {
      root.dataset.saveState = state;
    },
  });

  const onEdit = (path: string, contents: string) => {
    $files.setKey(path, contents);
    saves.changed(path, contents);
    const run = $checkRun.get();
    if ($checkResults.get().length > 0 && !run.stale) $checkRun.set({ ...run, stale: true });
  };

  $checkResults.subscribe((results) => renderCheckResults(checkList, results, $checkRun.get().stale));
  $checkRun.subscribe((run) => {
    renderCheckResults(checkList, $checkResults.get(), run.stale);
    if (buttons.run) buttons.run.disabled = run.running || !session;
  });

  // Heavy parts load after the lesson text has painted.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const editorReady = import('./editor.ts').then(({ createEditor }) => {
    editor = createEditor(need(root, '[data-editor-host]'), (path) => $files.get()[path] ?? '', onEdit);
    const active = $activeFile.get();
    if (active) editor.open(active);
    root.dataset.editorReady = 'true';
    performance.mark('workspace:editor-ready');
  });
  wireTabs(need(root, '.output-panels'), (name) => {
    if (name === 'terminal') terminalReady.then((terminal) => terminal?.fit());
  });
  const terminalReady = import('./terminal.ts')
    .then(({ createTerminal }) => {
      const terminal = createTerminal(need(root, '[data-terminal-host]'));
      output.attach((text) => terminal.write(text));
      return terminal;
    })
    .catch(() => null);

  // Replace whole-file contents from outside (Reset / Solve) in editor, state, storage and sandbox alike.
  const applyFiles = async (next: Record<string, string>) => {
    const current = $files.get();
    for (const path of Object.keys(current)) {
      if (!(path in next)) await session?.sandbox.fs.rm(path, { force: true });
    }
    $files.set({ ...next });
    for (const [path, contents] of Object.entries(next)) {
      editor?.setContents(path, contents);
      if (current[path] !== contents) saves.changed(path, contents);
    }
    const active = $activeFile.get();
    if (!active || !(active in next)) openFile(config.openFiles[0] ?? Object.keys(next)[0] ?? '');
    drawTree();
    await saves.flush();
    if ($checkResults.get().length > 0) $checkRun.set({ ...$checkRun.get(), stale: true });
  };
  buttons.reset.addEventListener('click', () => void applyFiles(payload.start));
  buttons.solve.addEventListener('click', () => void applyFiles(payload.solution));
  buttons.newFile.addEventListener('click', () => {
    const answer = window.prompt('Path of the new file, relative to the app (for example backend/tracing.js)');
    if (answer === null) return;
    const path = normaliseNewPath(answer);
    if (!path) {
      showNotice(`"${answer}" is not a usable file path: use a relative path like backend/tracing.js, without "..".`);
      return;
    }
    if (!(path in $files.get())) onEdit(path, '');
    openFile(path);
    drawTree();
  });
  buttons.reset.disabled = false;
  buttons.solve.disabled = false;
  buttons.newFile.disabled = false;

  // Sandbox boot.
  const preview = wirePreview(
    need(root, '[data-preview-form]'),
    need(root, '[data-preview-frame]'),
    need(root, '[data-preview-open]'),
    (service) => (session ? `http://localhost:${servicePort(session.sandbox.services, service)}/` : null),
  );
  try {
    const { sandbox, notices } = await bootWorkspaceSandbox((message) => $sandboxPhase.set({ kind: 'booting', message }));
    for (const text of notices) showNotice(text);
    root.dataset.provider = sandbox.kind;
    sandbox.onError((error) => {
      $sandboxPhase.set({ kind: 'failed', message: `${error.message} Reload the page to start a new sandbox; your edits are saved.` });
    });
    $sandboxPhase.set({ kind: 'booting', message: 'Starting the local cloud and the Cruddur app…' });
    const backendPort = sandbox.services.backendPort;
    let previewShown = false;
    sandbox.onPort(({ port, type }) => {
      if (port === backendPort && type === 'open') {
        $sandboxPhase.set({ kind: 'ready', message: `Cruddur backend is running (${sandbox.kind === 'local' ? 'local sandbox' : 'WebContainer'}).` });
        if (root.dataset.sandboxReady !== 'true') performance.mark('workspace:sandbox-ready');
        root.dataset.sandboxReady = 'true';
        if (!previewShown) {
          previewShown = true;
          preview.show(config.preview.service, config.preview.path);
        }
      }
      if (port === backendPort && type === 'close') {
        $sandboxPhase.set({ kind: 'booting', message: 'The backend stopped; it restarts when you save a change.' });
      }
    });
    const mounted = $files.get();
    session = await startSession(sandbox, config.stepId, mounted, {
      onOutput: (service, text) => output.write(service, text),
      onExit: (service, code) => output.write(service, `\r\n[${service} exited with code ${code}]\r\n`),
    });
    // Edits typed while the sandbox booted were not written yet: write whatever differs from what was mounted.
    for (const [path, contents] of Object.entries($files.get())) if (mounted[path] !== contents) saves.changed(path, contents);
    await saves.flush();
    $checkRun.set({ ...$checkRun.get() });
    window.addEventListener('pagehide', () => void session?.stop());
  } catch (error) {
    $sandboxPhase.set({ kind: 'failed', message: (error as Error).message });
    root.dataset.sandboxFailed = 'true';
  }

  buttons.run?.addEventListener('click', async () => {
    if (!session || $checkRun.get().running) return;
    await saves.flush();
    const attempt = Number(localStorage.getItem(attemptsKey(config.stepId)) ?? '0') + 1;
    $checkRun.set({ running: true, stale: false });
    root.dataset.checkRun = 'running';
    $checkResults.set([]);
    checkSummary.textContent = 'Running checks against a fresh copy of your app…';
    const results = new Map<string, CheckResult>();
    let runnerError: string | null = null;
    const splitter = createLineSplitter((line) => {
      const parsed = parseRunnerLine(line);
      if (!parsed) return;
      if (parsed.type === 'waiting') results.set(parsed.id, { id: parsed.id, title: parsed.title, status: 'waiting' });
      else if (parsed.type === 'check') results.set(parsed.id, parsed);
      else if (parsed.type === 'error') runnerError = parsed.message;
      $checkResults.set([...results.values()]);
    });
    const exitCode = await session.runChecks(attempt, (chunk) => splitter.push(chunk));
    splitter.flush();
    const all = [...results.values()];
    const passed = all.filter((r) => r.status === 'passed').length;
    const learnerFailures = all.filter((r) => r.status === 'failed' && r.failure?.kind !== 'environment' && r.failure?.kind !== 'checker');
    if (learnerFailures.length > 0) localStorage.setItem(attemptsKey(config.stepId), String(attempt));
    if (runnerError || (exitCode !== 0 && all.length === 0)) {
      checkSummary.textContent = `The check runner could not run (${runnerError ?? `exit code ${exitCode}`}). This is not your code: press Run checks to try again.`;
    } else if (all.length > 0 && passed === all.length) {
      checkSummary.textContent = `All ${all.length} checks passed. Step complete!`;
      await markStepComplete(config.stepId);
      root.dataset.stepComplete = 'true';
    } else {
      checkSummary.textContent = `${passed} of ${all.length} checks passed.`;
    }
    $checkRun.set({ running: false, stale: false });
    root.dataset.checkRun = 'done';
  });

  await editorReady;
}
