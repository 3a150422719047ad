import { $activeFile, $checkResults, $checkRun, $files, $sandboxPhase } from './state.ts';
import { diffFromStart, loadEdits, saveEdits } from './persistence.ts';
import { focusFileTree, renderFileTree } from './file-tree.ts';
import { renderCheckResults } from './check-panel.ts';
import { wireTabs } from './tabs.ts';
import { wirePreview, servicePort, type PreviewService } from './preview.ts';
import { createOutputLog } from './output-log.ts';
import type { WorkspaceSession } from './sandbox-session.ts';
import { startSandbox } from './boot.ts';
import { wireCommandPrompt } from './command-prompt.ts';
import { createSaveQueue, type SaveState } from './save-queue.ts';
import type { StepPayload } from './step-payload.ts';
import type { Problems, WorkspaceEditor } from './editor.ts';
import { normaliseNewPath } from './new-file-path.ts';
import { wireSplitters } from './splitter.ts';
import { trackActiveTime } from './time-tracking.ts';
import { createCheckRun } from './check-run.ts';
import { wireSolve } from './file-actions.ts';
import { wireWorkspaceKeys } from './workspace-keys.ts';
import { wireDisclosure } from './disclosure.ts';

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

export async function startWorkspace(root: HTMLElement): Promise<void> {
  const config = readConfig(root);
  wireSplitters(document);
  trackActiveTime(config.stepId);
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

  $sandboxPhase.subscribe((phase) => {
    statusLine.textContent = phase.message;
    statusLine.dataset.phase = phase.kind;
  });
  const showNotice = (text: string) => {
    notice.textContent = text;
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
    editorFile.textContent = path;
  };
  const drawTree = () => renderFileTree(fileTree, Object.keys($files.get()), $activeFile.get(), openFile);
  $activeFile.subscribe(drawTree);
  openFile(config.openFiles.find((path) => path in $files.get()) ?? Object.keys($files.get())[0] ?? '');

  const saves = createSaveQueue({
    persist: () => saveEdits(config.stepId, diffFromStart($files.get(), payload.start)),
    write: (path, contents) => session?.writeFile(path, contents) ?? Promise.resolve(),
    onState: (state) => {
      root.dataset.saveState = state;
      saveIndicator.textContent = SAVE_LABELS[state];
      saveIndicator.dataset.state = state;
    },
  });

  const onEdit = (path: string, contents: string) => {
    $files.setKey(path, contents);
    saves.changed(path, contents);
    const run = $checkRun.get();
    if ($checkResults.get().length > 0 && !run.stale) $checkRun.set({ ...run, stale: true });
  };

  const compare = async () => {
    const { openSolutionDiff } = await import('./diff-view.ts');
    await openSolutionDiff($files.get(), payload.solution, $activeFile.get() ?? undefined);
  };
  const checks = createCheckRun({ root, stepId: config.stepId, summary: checkSummary, session: () => session, flush: () => saves.flush() });
  const drawChecks = () => renderCheckResults(checkList, $checkResults.get(), $checkRun.get().stale, { isLastHint: checks.isLastHint, onCompare: () => void compare() });
  $checkResults.subscribe(drawChecks);
  $checkRun.subscribe((run) => {
    drawChecks();
    if (buttons.run) buttons.run.disabled = run.running || !session;
  });

  // Heavy parts load after the lesson text has painted.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const editorReady = import('./editor.ts').then(({ createEditor }) => {
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
  const terminalReady = import('./terminal.ts')
    .then(({ createTerminal }) => {
      const terminal = createTerminal(need(root, '[data-terminal-host]'));
      output.attach((text) => terminal.write(text));
      return terminal;
    })
    .catch(() => null);

  // Replace whole-file contents from outside (Reset / Solve / Undo solve) in editor, state, storage and sandbox.
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

  wireWorkspaceKeys({
    save: async () => {
      await saves.flush();
      saveIndicator.textContent = SAVE_LABELS[(root.dataset.saveState as SaveState | undefined) ?? 'saved'];
    },
    runChecks: () => {
      if (buttons.run && !buttons.run.disabled) void checks.run();
    },
    go: async (href) => {
      await saves.flush();
      location.href = href;
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

  // Telemetry views load only after the page's load event, so the first paint's JS stays the same size.
  const telemetryHost = root.querySelector<HTMLElement>('[data-telemetry-host]');
  const loadTelemetry = () =>
    void import('../telemetry/panel.ts').then(({ mountTelemetryPanel }) =>
      telemetryHost ? mountTelemetryPanel(telemetryHost, { sandbox: () => session?.sandbox ?? null, subscribePhase: (listener) => $sandboxPhase.subscribe(listener) }) : undefined,
    );
  if (document.readyState === 'complete') loadTelemetry();
  else window.addEventListener('load', loadTelemetry, { once: true });

  // Sandbox boot.
  const preview = wirePreview(
    need(root, '[data-preview-form]'),
    need(root, '[data-preview-frame]'),
    need(root, '[data-preview-open]'),
    (service) => (session ? `http://localhost:${servicePort(session.sandbox.services, service)}/` : null),
  );
  wireCommandPrompt(
    {
      form: need(root, '[data-command-form]'),
      input: need(root, '[data-command-input]'),
      stop: need(root, '[data-command-stop]'),
      status: need(root, '[data-command-status]'),
    },
    { session: () => session, write: (text) => output.write('shell', text) },
  );
  window.addEventListener('pagehide', () => void session?.stop());
  await startSandbox({
    root,
    stepId: config.stepId,
    hasChecks: config.hasChecks,
    panel: { panel: need(root, '[data-boot-panel]'), start: need(root, '[data-action="boot-start"]'), retry: need(root, '[data-action="boot-retry"]') },
    files: () => $files.get(),
    output,
    showNotice,
    setSession: async (next, mounted) => {
      session = next;
      if (next) {
        // Edits typed while the sandbox booted were not written yet: write whatever differs from what was mounted.
        for (const [path, contents] of Object.entries($files.get())) if (mounted[path] !== contents) saves.changed(path, contents);
        await saves.flush();
      }
      $checkRun.set({ ...$checkRun.get() });
    },
    // Each new session (a Retry) has new ports on the local provider, so the preview is pointed at them again.
    onBackendUp: () => preview.show(config.preview.service, config.preview.path),
  });

  buttons.run?.addEventListener('click', () => void checks.run());

  await editorReady;
}
