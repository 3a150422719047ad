import { $activeFile, $checkResults, $checkRun, $files, $sandboxPhase } from './state.ts';
import { diffFromStart, loadEdits, saveEdits } from './persistence.ts';
import { focusFileTree, renderFileTree } from './file-tree.ts';
import { renderCheckResults } from './check-panel.ts';
import { wireTabs } from './tabs.ts';
import { wirePreview, servicePort, type PreviewService } from './preview.ts';
import { createOutputLog } from './output-log.ts';
import type { WorkspaceSession } from './sandbox-session.ts';
import { attachSandboxPage, fileWritten } from './sandbox-visit.ts';
import { wireCommandPrompt } from './command-prompt.ts';
import { createSaveQueue, type SaveState } from './save-queue.ts';
import type { StepPayload } from './step-payload.ts';
import type { Problems, WorkspaceEditor } from './editor.ts';
import { wireSplitters } from './splitter.ts';
import { trackActiveTime } from './time-tracking.ts';
import { createCheckRun } from './check-run.ts';
import { wireReset, wireSolve } from './file-actions.ts';
import { wireWorkspaceKeys } from './workspace-keys.ts';
import { wireDisclosure } from './disclosure.ts';
import type { PagePart } from './page-parts.ts';
import type { WorkspaceTerminal } from './terminal.ts';

interface WorkspaceConfig {
  stepId: string;
  openFiles: string[];
  preview: { service: PreviewService; path: string };
  /** Reading steps have no checks module to fetch or run. */
  hasChecks: boolean;
}

function readConfig(root: HTMLElement): WorkspaceConfig {
  return {
    stepId: root.dataset.stepId ?? '',
    openFiles: JSON.parse(root.dataset.openFiles ?? '[]') as string[],
    preview: JSON.parse(root.dataset.preview ?? '{"service":"backend","path":"/"}') as WorkspaceConfig['preview'],
    hasChecks: root.dataset.hasChecks !== 'false',
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

const SAVE_LABELS: Record<SaveState, string> = { saved: 'All changes saved', saving: 'Saving…', error: 'Not saved: your browser refused to store the files' };

function problemsText({ errors, warnings }: Problems): string {
  if (errors === 0 && warnings === 0) return 'No problems in this file';
  const part = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [errors > 0 ? part(errors, 'error') : '', warnings > 0 ? part(warnings, 'warning') : ''].filter(Boolean).join(', ') + ' (F8 goes to the next)';
}

/**
 * One step's workspace on one page: files, editor, terminal, checks, telemetry views. The sandbox under it is the
 * visit's (sandbox-visit.ts) and outlives the page; everything here ends with `dispose` when the learner moves on.
 */
export function mountWorkspace(root: HTMLElement): PagePart {
  const cleanups: Array<() => void> = [];
  const page = { ended: false, flush: async () => {} };
  void startWorkspace(root, page, cleanups).catch((error: unknown) => {
    if (!page.ended) $sandboxPhase.set({ kind: 'failed', message: `The workspace could not start: ${(error as Error).message}` });
  });
  return {
    flush: () => page.flush(),
    dispose() {
      page.ended = true;
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          cleanup();
        } catch {
          // One part failing to stop must not keep the others running.
        }
      }
    },
  };
}

async function startWorkspace(root: HTMLElement, page: { ended: boolean; flush: () => Promise<void> }, cleanups: Array<() => void>): Promise<void> {
  const config = readConfig(root);
  wireSplitters(document);
  cleanups.push(trackActiveTime(config.stepId));
  // The stores are the visit's: a new step starts with no check results of the last one.
  $checkResults.set([]);
  $checkRun.set({ running: false, stale: false });
  const statusLine = need<HTMLElement>(root, '[data-sandbox-status]');
  const notice = need<HTMLElement>(root, '[data-workspace-notice]');
  const buttons = {
    run: root.querySelector<HTMLButtonElement>('[data-action="run-checks"]'),
    reset: need<HTMLButtonElement>(root, '[data-action="reset"]'),
    solve: need<HTMLButtonElement>(root, '[data-action="solve"]'),
    undoSolve: need<HTMLButtonElement>(root, '[data-action="undo-solve"]'),
    compare: need<HTMLButtonElement>(root, '[data-action="compare"]'),
    newFile: need<HTMLButtonElement>(root, '[data-action="new-file"]'),
    zip: need<HTMLButtonElement>(root, '[data-action="download-zip"]'),
    patch: need<HTMLButtonElement>(root, '[data-action="download-patch"]'),
    shortcuts: need<HTMLButtonElement>(root, '[data-action="shortcuts"]'),
  };
  const checkList = need<HTMLOListElement>(root, '[data-check-list]');
  const checkSummary = need<HTMLElement>(root, '[data-checks-summary]');
  const editorFile = need<HTMLElement>(root, '[data-editor-file]');
  const problems = need<HTMLElement>(root, '[data-problems]');
  const saveIndicator = need<HTMLElement>(root, '[data-save-indicator]');
  const output = createOutputLog();
  const closeExportMenu = wireDisclosure(need(root, '[data-action="export-menu"]'), need(root, '[data-export-menu]'));

  cleanups.push(
    $sandboxPhase.subscribe((phase) => {
      statusLine.textContent = phase.message;
      statusLine.dataset.phase = phase.kind;
    }),
  );
  const showNotice = (text: string) => {
    notice.textContent = text;
  };

  // Files first: the editor and the sandbox both start from them.
  let payload: StepPayload;
  try {
    const [step, edits] = await Promise.all([fetchStep(config.stepId), loadEdits(config.stepId)]);
    if (page.ended) return;
    payload = step;
    $files.set({ ...step.start, ...edits });
  } catch (error) {
    if (!page.ended) $sandboxPhase.set({ kind: 'failed', message: (error as Error).message });
    return;
  }
  /** This step's files: after the page ends, the store holds the next step's, and a late save must not take those. */
  let finalFiles: Record<string, string> | null = null;
  const stepFiles = () => finalFiles ?? $files.get();
  cleanups.push(() => {
    finalFiles = { ...$files.get() };
  });

  let editor: WorkspaceEditor | null = null;
  let session: WorkspaceSession | null = null;
  const fileTree = need<HTMLElement>(root, '[data-file-tree]');
  const openFile = (path: string) => {
    $activeFile.set(path);
    editor?.open(path);
    editorFile.textContent = path;
  };
  const drawTree = () => renderFileTree(fileTree, Object.keys($files.get()), $activeFile.get(), openFile);
  cleanups.push($activeFile.subscribe(drawTree));
  openFile(config.openFiles.find((path) => path in $files.get()) ?? Object.keys($files.get())[0] ?? '');

  const saves = createSaveQueue({
    persist: () => saveEdits(config.stepId, diffFromStart(stepFiles(), payload.start)),
    // Only into a session holding this step: after a step change the sandbox has the next step's files.
    write: async (path, contents) => {
      if (!session || session.stepId !== config.stepId) return;
      await session.writeFile(path, contents);
      fileWritten();
    },
    onState: (state) => {
      root.dataset.saveState = state;
      saveIndicator.textContent = SAVE_LABELS[state];
      saveIndicator.dataset.state = state;
    },
  });

  page.flush = () => saves.flush();
  const onEdit = (path: string, contents: string) => {
    if (page.ended) return;
    $files.setKey(path, contents);
    saves.changed(path, contents);
    const run = $checkRun.get();
    if ($checkResults.get().length > 0 && !run.stale) $checkRun.set({ ...run, stale: true });
  };

  const compare = async () => {
    const { openSolutionDiff } = await import('./diff-view.ts');
    await openSolutionDiff($files.get(), payload.solution, $activeFile.get() ?? undefined);
  };
  const checks = createCheckRun({
    root,
    stepId: config.stepId,
    summary: checkSummary,
    session: () => session,
    flush: () => saves.flush(),
    current: () => !page.ended,
  });
  cleanups.push(() => checks.stop());
  const drawChecks = () => renderCheckResults(checkList, $checkResults.get(), $checkRun.get().stale, { isLastHint: checks.isLastHint, onCompare: () => void compare() });
  cleanups.push($checkResults.subscribe(drawChecks));
  cleanups.push(
    $checkRun.subscribe((run) => {
      drawChecks();
      if (buttons.run) buttons.run.disabled = run.running || !session;
    }),
  );

  // Heavy parts load after the lesson text has painted.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  if (page.ended) return;
  const editorReady = import('./editor.ts').then(({ createEditor }) => {
    if (page.ended) return;
    editor = createEditor(need(root, '[data-editor-host]'), (path) => $files.get()[path] ?? '', onEdit, {
      allPaths: () => Object.keys($files.get()),
      onProblems: (counts) => {
        const text = problemsText(counts);
        // A live region: only touch it when the words change, or every keystroke would be announced.
        if (problems.textContent !== text) problems.textContent = text;
        problems.title = counts.details.join('\n');
        problems.dataset.errors = String(counts.errors);
      },
    });
    cleanups.push(() => editor?.dispose());
    const active = $activeFile.get();
    if (active) editor.open(active);
    root.dataset.editorReady = 'true';
    performance.mark('workspace:editor-ready');
    void editor.typesReady.then((loaded) => {
      root.dataset.typesReady = String(loaded);
    });
  });
  const showOutputTab = wireTabs(need(root, '.output-panels'), (name) => {
    if (name === 'terminal') terminalReady.then((terminal) => terminal?.fit());
  });
  const terminalReady: Promise<WorkspaceTerminal | null> = import('./terminal.ts')
    .then(({ createTerminal }) => {
      if (page.ended) return null;
      const terminal = createTerminal(need(root, '[data-terminal-host]'));
      cleanups.push(() => terminal.dispose());
      output.attach((text) => terminal.write(text));
      return terminal;
    })
    .catch(() => null);

  // Replace whole-file contents from outside (Reset / Solve / Undo solve) in editor, state, storage and sandbox.
  const applyFiles = async (next: Record<string, string>) => {
    const current = $files.get();
    for (const path of Object.keys(current)) {
      if (!(path in next) && session?.stepId === config.stepId) await session.sandbox.fs.rm(path, { force: true });
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
  wireReset({ payload, reset: buttons.reset, files: () => $files.get(), apply: applyFiles, notify: showNotice });
  wireSolve({
    stepId: config.stepId,
    payload,
    solve: buttons.solve,
    undo: buttons.undoSolve,
    files: () => $files.get(),
    apply: applyFiles,
    notify: showNotice,
  });
  buttons.compare.addEventListener('click', () => void compare());
  buttons.newFile.addEventListener('click', async () => {
    const { askNewFilePath } = await import('./new-file-dialog.ts');
    const path = await askNewFilePath();
    if (!path || page.ended) return;
    if (!(path in $files.get())) onEdit(path, '');
    openFile(path);
    drawTree();
  });
  buttons.zip.addEventListener('click', async () => {
    closeExportMenu();
    const { downloadZip } = await import('./export-work.ts');
    showNotice(`Downloaded ${downloadZip(config.stepId, $files.get())}.`);
  });
  buttons.patch.addEventListener('click', async () => {
    closeExportMenu();
    const { downloadPatch } = await import('./export-work.ts');
    try {
      const name = await downloadPatch(config.stepId, $files.get());
      showNotice(name ? `Downloaded ${name}: apply it in a checkout of the starter app with git apply ${name}.` : 'Your files equal the starter app: there is nothing to put in a patch.');
    } catch (error) {
      showNotice((error as Error).message);
    }
  });
  const openHelp = () => void import('./help-dialog.ts').then(({ openShortcutHelp }) => openShortcutHelp());
  buttons.shortcuts.addEventListener('click', openHelp);
  for (const button of [buttons.reset, buttons.solve, buttons.compare, buttons.newFile, buttons.zip, buttons.patch]) button.disabled = false;

  const stopKeys = wireWorkspaceKeys({
    save: async () => {
      await saves.flush();
      saveIndicator.textContent = SAVE_LABELS[(root.dataset.saveState as SaveState | undefined) ?? 'saved'];
    },
    runChecks: () => {
      if (buttons.run && !buttons.run.disabled) void checks.run();
    },
    // Through the router where there is one (lesson pages), so the sandbox goes on running; it flushes first.
    go: async (href) => {
      const link = document.querySelector<HTMLAnchorElement>(`a[href="${CSS.escape(new URL(href).pathname)}"]`);
      if (link) link.click();
      else {
        await saves.flush();
        location.href = href;
      }
    },
    help: openHelp,
    focus: {
      lesson: () => document.querySelector<HTMLElement>('[data-lesson]')?.focus(),
      files: () => focusFileTree(fileTree),
      editor: () => editor?.focus(),
      checks: () => need<HTMLElement>(root, '[data-checks]').focus(),
      output: () => {
        const selected = root.querySelector<HTMLElement>('.output-panels [role="tab"][aria-selected="true"]');
        showOutputTab(selected?.dataset.tab ?? 'terminal');
        selected?.focus();
      },
    },
  });
  cleanups.push(stopKeys);

  // Telemetry views load only after the page's load event, so the first paint's JS stays the same size.
  const telemetryHost = root.querySelector<HTMLElement>('[data-telemetry-host]');
  const loadTelemetry = () =>
    void import('../telemetry/panel.ts').then(({ mountTelemetryPanel }) => {
      if (!telemetryHost || page.ended) return;
      cleanups.push(mountTelemetryPanel(telemetryHost, { sandbox: () => session?.sandbox ?? null, subscribePhase: (listener) => $sandboxPhase.subscribe(listener) }));
    });
  if (document.readyState === 'complete') loadTelemetry();
  else window.addEventListener('load', loadTelemetry, { once: true });

  // Sandbox boot.
  const preview = wirePreview(
    need(root, '[data-preview-form]'),
    need(root, '[data-preview-frame]'),
    need(root, '[data-preview-open]'),
    (service) => (session ? `http://localhost:${servicePort(session.sandbox.services, service)}/` : null),
  );
  const stopCommand = wireCommandPrompt(
    {
      form: need(root, '[data-command-form]'),
      input: need(root, '[data-command-input]'),
      stop: need(root, '[data-command-stop]'),
      status: need(root, '[data-command-status]'),
    },
    { session: () => session, write: (text) => output.write('shell', text), clear: () => void terminalReady.then((terminal) => terminal?.clear()) },
  );
  cleanups.push(stopCommand);
  cleanups.push(
    attachSandboxPage({
      root,
      stepId: config.stepId,
      hasChecks: config.hasChecks,
      panel: { panel: need(root, '[data-boot-panel]'), start: need(root, '[data-action="boot-start"]'), retry: need(root, '[data-action="boot-retry"]') },
      files: () => stepFiles(),
      output,
      showNotice,
      setSession: async (next, mounted) => {
        session = next;
        if (next) {
          // Edits typed while the sandbox booted (or switched steps) were not written yet: write whatever differs.
          for (const [path, contents] of Object.entries(stepFiles())) if (mounted[path] !== contents) saves.changed(path, contents);
          await saves.flush();
        }
        $checkRun.set({ ...$checkRun.get() });
      },
      // Each new session (a Retry) has new ports on the local provider, so the preview is pointed at them again.
      onBackendUp: () => preview.showAgain(config.preview),
    }),
  );

  buttons.run?.addEventListener('click', () => void checks.run());

  await editorReady;
}
