/**
 * The whole course, walked in order by a learner who types each step's solution into the editor and runs the
 * checks: proof that every check can be passed by doing what the step asks, through the real workbench, the
 * real workshop server and the real Cruddur app. One test per step, so each gets its own deadline and a failure
 * names the step.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { repoRoot } from '../support/workshop-server.ts';
import { LessonPage } from '../support/lesson-page.ts';
import { courseStepIds, runCommand } from '../support/workbench.ts';
import { filesForStep } from '../../src/lessons/step-files.ts';

const steps = courseStepIds();

/** Reading steps (quizzes, wrap-up) say `hasChecks: false` in their frontmatter. */
function hasChecks(stepId: string): boolean {
  const mdx = readFileSync(join(repoRoot, 'lessons', stepId, 'index.mdx'), 'utf8');
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(mdx)?.[1] ?? '';
  return !/^hasChecks:\s*false\s*$/m.test(frontmatter);
}

/** Commands a step asks the learner to type in the terminal (`terminal.json`, as lessons:test replays them). */
function terminalCommands(stepId: string): string[] {
  const file = join(repoRoot, 'lessons', stepId, 'terminal.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { commands: string[] }).commands : [];
}

describe('the whole course, in order, by typing each solution', () => {
  let context: BrowserContext;
  let page: Page;

  const suite = useWorkshopAndBrowser({
    async setUp({ browser }) {
      // One context for the whole walk: progress and edits persist from step to step, as for a learner.
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      page = await context.newPage();
    },
    async tearDown() {
      await context?.close();
    },
  });

  test('the course has steps', () => {
    assert.ok(steps.length > 0);
  });

  /** Steps reached by loading their page (the first, or one after a failed step); the rest by the "next" link. */
  let pageLoads = 0;

  for (const [index, stepId] of steps.entries()) {
    test(stepId, async () => {
      const lesson = new LessonPage(page);
      const previous = steps[index - 1];
      if (previous && new URL(page.url()).pathname === `/lessons/${previous}/`) {
        await lesson.next(stepId);
      } else {
        await lesson.open(suite.workshop.url, stepId);
        pageLoads++;
      }
      if (!hasChecks(stepId)) {
        assert.equal(await page.getByRole('button', { name: 'Run checks' }).count(), 0, 'a reading step offers no checks');
        return;
      }
      const { start, solution } = filesForStep(stepId, steps);
      const existing = new Set(await page.getByRole('navigation', { name: 'Files' }).getByRole('button').allInnerTexts());
      for (const [path, contents] of Object.entries(solution)) {
        if (start[path] === contents) continue;
        if (!existing.has(path)) await lesson.newFile(path);
        await lesson.replaceFile(path, contents);
      }
      for (const command of terminalCommands(stepId)) {
        const ran = await runCommand(page, command);
        assert.equal(ran.exit, '0', `${command}: ${ran.status}`);
      }
      const results = await lesson.runChecks();
      assert.ok(results.length > 0, 'the step shows its checks');
      assert.deepEqual(
        results.filter((r) => r.status !== 'passed').map((r) => r.text),
        [],
        `every check of ${stepId} passes on its typed solution`,
      );
      await page.getByText('Step complete').waitFor();
      // The app the learner sees runs too, even when app.js was saved before a file it requires existed.
      await lesson.explainTimeout('the backend on the typed solution', () => page.waitForSelector('[data-workspace][data-backend-port="open"]', { timeout: 60_000 }));
    });
  }

  test('the walk booted one sandbox per page load, not one per step', async () => {
    const boots = await page.evaluate(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.sandboxBoots);
    assert.equal(pageLoads, 1, 'every step after the first was reached by the "next" link');
    assert.equal(boots, '1', `one sandbox for ${steps.length} steps`);
  });
});
