/**
 * `npm run bench`: what a learner waits on, measured in headless Chromium against the real workshop server
 * (the `npm start` code path). Prints ONE JSON object. Timings are medians over repeated page loads because
 * these machines are noisy; compare runs by ratios, not absolute numbers.
 */
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../support/browser.ts';
import { repoRoot, startTestWorkshop } from '../support/workshop-server.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { siteNeedsBuild } from '../../src/scripts/build-freshness.ts';
import { percentile } from './stats.ts';
import { benchCheckRuns } from './check-run-bench.ts';
import { benchCloud } from './cloud-bench.ts';
import { benchXray } from './xray-bench.ts';

const STEP = process.env.BENCH_STEP ?? '01-honeycomb/01-home-activities-span';
const PAGE_LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 5);
const CHECK_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 12);

// Build output goes to stderr: stdout carries only the JSON figures.
if (siteNeedsBuild()) {
  const build = spawnSync(process.execPath, ['src/scripts/build.ts'], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const workshop = await startTestWorkshop();
const browser = await launchChromium();
const url = new URL(`/lessons/${STEP}/`, workshop.url).toString();

try {
  const loads: Array<{ initialJs: number; totalJs: number; fcp: number; editor: number; sandbox: number; stages: Record<string, number> }> = [];
  for (let i = 0; i < PAGE_LOADS; i++) loads.push(await measurePageLoad());
  const switches = await measureStepSwitches(Number(process.env.BENCH_STEP_SWITCHES ?? 6));
  const checkRunMs = await measureCheckRuns('solution');
  const failingCheckRunMs = await measureCheckRuns('starter');
  // The runner alone (no browser), on a fixed three-check step: cold = fresh sandbox folder, warm = reused.
  const threeCheckStep = (await benchCheckRuns({ runs: Number(process.env.BENCH_RUNNER_RUNS ?? 10) })).threeCheckStep;
  // The local cloud on its own, over loopback: ingest rates and memory with every store full.
  const ingestMs = Number(process.env.BENCH_INGEST_MS ?? 3000);
  const cloud = await benchCloud({ durationMs: ingestMs });
  const xray = await benchXray({ durationMs: ingestMs });
  const median = (values: number[]) => percentile(values, 50);
  const summary = (values: number[]) => ({ runs: values.length, p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)) });
  console.log(
    JSON.stringify(
      {
        step: STEP,
        pageLoads: PAGE_LOADS,
        lessonPageInitialJsGzipBytes: median(loads.map((l) => l.initialJs)),
        lessonPageTotalJsGzipBytes: median(loads.map((l) => l.totalJs)),
        firstContentfulPaintMs: Math.round(median(loads.map((l) => l.fcp))),
        editorReadyMs: Math.round(median(loads.map((l) => l.editor))),
        sandboxReadyMs: Math.round(median(loads.map((l) => l.sandbox))),
        sandboxStageStartMs: Object.fromEntries(['runtime', 'files', 'cloud', 'app'].map((stage) => [stage, Math.round(median(loads.map((l) => l.stages[stage] ?? NaN)))])),
        stepSwitch: {
          runs: switches.length,
          editorReadyMs: Math.round(median(switches.map((s) => s.editor))),
          sandboxReadyMs: Math.round(median(switches.map((s) => s.sandbox))),
        },
        checkRunMs: summary(checkRunMs),
        checkRunOnStarterMs: summary(failingCheckRunMs),
        runnerThreeCheckStepMs: { runs: threeCheckStep.runs, cold: threeCheckStep.cold, warm: threeCheckStep.warm },
        otlpSpansPerSecondProtobuf: cloud.otlpSpansPerSecondProtobuf,
        otlpSpansPerSecondJson: cloud.otlpSpansPerSecondJson,
        xraySegmentsPerSecond: xray.xraySegmentsPerSecond,
        logEventsPerSecond: cloud.logEventsPerSecond,
        cloudRssMbWithStoresFull: cloud.rssMbWithStoresFull,
        sandboxSnapshot: snapshotSize(),
        sandboxKit: kitSize(),
        notes:
          'initial JS = scripts fetched before the load event (lesson text paints with these); total adds the lazily loaded editor and terminal. Page times from navigation start, medians. sandboxStageStartMs: when each boot stage began (runtime = provider boot, files = mount, cloud = services spawned, app = cloud listening; the backend answering is sandboxReady). stepSwitch: click on the next/previous step link to the other step’s editor and backend ready, on the visit’s sandbox (no reboot). checkRunMs: click to last result on the solution (all pass); checkRunOnStarterMs: on the starter, where a check waits out its 2.5 s span deadline. runnerThreeCheckStepMs: the runner alone on a fixed three-check step.',
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await workshop.close();
}

/** The prebuilt sandbox a WebContainer mounts (written by `npm run build`, target < 8 MB gzip); null if not built. */
function snapshotSize(): { bytes: number; gzipBytes: number } | null {
  const path = join(repoRoot, 'public', 'sandbox', 'node_modules.snapshot');
  if (!existsSync(path)) return null;
  const data = readFileSync(path);
  return { bytes: data.length, gzipBytes: gzipSync(data).length };
}

/** The kit every boot sends into the sandbox (local cloud, runner, shims; not a step's checks module). */
function kitSize(): { bytes: number; gzipBytes: number } | null {
  const dir = join(repoRoot, 'public', 'sandbox', 'kit');
  if (!existsSync(dir)) return null;
  const data = Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
  return { bytes: data.length, gzipBytes: gzipSync(data).length };
}

async function measurePageLoad() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const jsBytes: Array<{ bytes: number; beforeLoad: boolean }> = [];
  let loaded = false;
  page.on('load', () => (loaded = true));
  page.on('response', async (response) => {
    const beforeLoad = !loaded;
    if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    jsBytes.push({ bytes: gzipSync(body).length, beforeLoad });
  });
  await page.goto(url);
  await page.waitForSelector('[data-workspace][data-editor-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('[data-workspace][data-sandbox-ready="true"]', { timeout: 60_000 });
  const marks = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const read = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const stages = Object.fromEntries(['runtime', 'files', 'cloud', 'app'].map((stage) => [stage, read(`workspace:stage-${stage}`)]));
    return { fcp, editor: read('workspace:editor-ready'), sandbox: read('workspace:sandbox-ready'), stages };
  });
  await context.close();
  const sum = (items: typeof jsBytes) => items.reduce((total, item) => total + item.bytes, 0);
  return { initialJs: sum(jsBytes.filter((j) => j.beforeLoad)), totalJs: sum(jsBytes), ...marks };
}

/** Next, previous, next…: from the click to the other step's editor, and to its backend answering on its files. */
async function measureStepSwitches(count: number): Promise<Array<{ editor: number; sandbox: number }>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-workspace][data-sandbox-ready="true"]', { timeout: 60_000 });
  const results: Array<{ editor: number; sandbox: number }> = [];
  for (let i = 0; i < count; i++) {
    const link = page.locator(`a[data-step-link="${i % 2 === 0 ? 'next' : 'previous'}"]`);
    const target = new URL((await link.getAttribute('href')) ?? '', url).pathname;
    const started = performance.now();
    await link.click();
    await page.waitForURL((next) => next.pathname === target);
    await page.waitForSelector('[data-workspace][data-editor-ready="true"]', { timeout: 60_000 });
    const editor = performance.now() - started;
    await page.waitForSelector('[data-workspace][data-sandbox-ready="true"]', { timeout: 60_000 });
    results.push({ editor, sandbox: performance.now() - started });
  }
  const boots = await page.evaluate(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.sandboxBoots);
  if (boots !== '1') throw new Error(`step switches booted the sandbox again (${boots} boots)`);
  await context.close();
  return results;
}

/** Click to result in the page: on the reference solution (every check passes) or the untouched starter. */
async function measureCheckRuns(files: 'solution' | 'starter'): Promise<number[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-workspace][data-sandbox-ready="true"]', { timeout: 60_000 });
  if (files === 'solution') {
    await page.getByRole('button', { name: 'Solve' }).click();
    // A confirmation dialog guards Solve when there is work to lose; a fresh context has none.
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.saveState === 'saved');
  }
  const durations: number[] = [];
  for (let i = 0; i < CHECK_RUNS; i++) {
    const started = performance.now();
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.waitForFunction(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-action="run-checks"]');
      return button && !button.disabled && document.querySelectorAll('[data-check-list] .check').length > 0;
    }, undefined, { timeout: 60_000 });
    durations.push(performance.now() - started);
  }
  await context.close();
  return durations;
}
