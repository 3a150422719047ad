/**
 * The sandbox's start-up as four stages the learner can follow, each with a deadline. A deadline that passes
 * does not abort anything (a slow machine may still get there, and then the boot simply carries on); it makes
 * the workspace say which stage is stuck, what usually causes it, and offer Retry.
 */
export type BootStage = 'runtime' | 'files' | 'cloud' | 'app';

export const BOOT_STAGES: ReadonlyArray<{ id: BootStage; label: string }> = [
  { id: 'runtime', label: 'Loading the runtime' },
  { id: 'files', label: 'Mounting the files' },
  { id: 'cloud', label: 'Starting the local cloud' },
  { id: 'app', label: 'Starting the app' },
];

/**
 * How long each stage may take before the learner is told. The runtime's own limit is the provider boot
 * timeout (choose-provider.ts), which fails the boot; this one only warns, a little later.
 */
export const STAGE_DEADLINES_MS: Readonly<Record<BootStage, number>> = { runtime: 75_000, files: 90_000, cloud: 45_000, app: 60_000 };

const LATE_ADVICE: Record<BootStage, string> = {
  runtime: 'The sandbox runtime has not loaded. The in-browser sandbox needs network access to StackBlitz; the local one needs `npm start` to be running.',
  files: 'The files are still being copied into the sandbox.',
  cloud: 'The local cloud has not opened its ports; its output is in the terminal.',
  app: 'The Cruddur backend has not started listening; its output is in the terminal. A mistake in the code stops it: fix it and save, and it restarts.',
};

export function stageNumber(stage: BootStage): number {
  return BOOT_STAGES.findIndex((entry) => entry.id === stage) + 1;
}

/** What the status line says while a stage runs, e.g. "Starting the sandbox, step 2 of 4: mounting the files…". */
export function stageMessage(stage: BootStage, detail?: string): string {
  const entry = BOOT_STAGES[stageNumber(stage) - 1];
  const label = (entry?.label ?? stage).toLowerCase();
  return `Starting the sandbox, step ${stageNumber(stage)} of ${BOOT_STAGES.length}: ${label}${detail ? ` (${detail})` : ''}…`;
}

export function lateMessage(stage: BootStage, afterMs: number): string {
  return `Step ${stageNumber(stage)} of ${BOOT_STAGES.length} (${(BOOT_STAGES[stageNumber(stage) - 1]?.label ?? stage).toLowerCase()}) has taken more than ${Math.round(afterMs / 1000)} s. ${LATE_ADVICE[stage]} Press Retry to start the sandbox again; your edits are saved.`;
}

export interface StageClockOptions {
  deadlines?: Partial<Record<BootStage, number>>;
  onLate: (stage: BootStage, afterMs: number) => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface StageClock {
  /** Moves to a stage (forward only; a stage already passed is ignored) and restarts the deadline. */
  enter(stage: BootStage): void;
  /** The stage running now, or null once stopped. */
  readonly current: BootStage | null;
  /** No more deadlines: the boot finished, failed or was replaced by a retry. */
  stop(): void;
}

export function createStageClock(options: StageClockOptions): StageClock {
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let current: BootStage | null = null;
  let timer: unknown = null;
  let stopped = false;
  const disarm = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  return {
    enter(stage) {
      if (stopped) return;
      if (current !== null && stageNumber(stage) <= stageNumber(current)) return;
      disarm();
      current = stage;
      const ms = options.deadlines?.[stage] ?? STAGE_DEADLINES_MS[stage];
      timer = setTimer(() => {
        timer = null;
        if (!stopped && current === stage) options.onLate(stage, ms);
      }, ms);
    },
    get current() {
      return stopped ? null : current;
    },
    stop() {
      stopped = true;
      disarm();
    },
  };
}
