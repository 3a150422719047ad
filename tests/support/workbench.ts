import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { LessonPage } from './lesson-page.ts';
import { repoRoot } from './workshop-server.ts';

/** The workbench's own controls, on top of LessonPage's learner actions (tests/browser/workbench-*.test.ts). */
export const STEP = '01-honeycomb/01-home-activities-span';

/** Step ids in course order (folder order, as src/lessons/course.ts), without Astro. */
export function courseStepIds(): string[] {
  const lessons = join(repoRoot, 'lessons');
  const dirs = (path: string) => readdirSync(path, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return dirs(lessons).flatMap((chapter) => dirs(join(lessons, chapter)).filter((step) => /^\d/.test(step)).map((step) => `${chapter}/${step}`));
}

export async function openLesson(browser: Browser, baseUrl: string, options: BrowserContextOptions = {}, stepId = STEP): Promise<{ context: BrowserContext; page: Page; lesson: LessonPage }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  const page = await context.newPage();
  const lesson = new LessonPage(page);
  await lesson.open(baseUrl, stepId);
  return { context, page, lesson };
}

export const workspaceData = (page: Page, key: string) => page.evaluate((name) => document.querySelector<HTMLElement>('[data-workspace]')?.dataset[name], key);

export async function waitForTypes(page: Page): Promise<void> {
  await page.waitForSelector('[data-workspace][data-types-ready="true"]', { timeout: 60_000 });
}

/** Waits until the editor's problem count for the open file reads `text` (the language service is asynchronous). */
export async function waitForProblems(page: Page, text: RegExp): Promise<string> {
  const handle = await new LessonPage(page).explainTimeout(`problems to read ${text}`, () =>
    page.waitForFunction(
      (source) => {
        const current = document.querySelector('[data-problems]')?.textContent ?? '';
        return new RegExp(source).test(current) ? current : false;
      },
      text.source,
      { timeout: 60_000 },
    ),
  );
  return (await handle.jsonValue()) as string;
}

export const fileButton = (page: Page, path: string) => page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: path, exact: true });

/** Appends text at the very end of a file, through the editor. */
export async function appendToFile(lesson: LessonPage, path: string, text: string): Promise<void> {
  await fileButton(lesson.page, path).click();
  await lesson.focusEditor();
  await lesson.page.keyboard.press('ControlOrMeta+End');
  await lesson.page.keyboard.insertText(text);
  await lesson.waitSaved();
}

/** Clicks Solve when nothing would be overwritten (no dialog), and waits until the files are written. */
export async function solveUnasked(lesson: LessonPage): Promise<void> {
  await lesson.page.getByRole('button', { name: 'Solve', exact: true }).click();
  await fileButton(lesson.page, 'backend/tracing.js').waitFor();
  await lesson.waitSaved();
}

/** Moves the mouse onto a word of the editor's visible text (Monaco merges tokens into one span, so by text range). */
export async function hoverEditorText(page: Page, text: string): Promise<void> {
  const point = await page.waitForFunction((wanted) => {
    for (const line of document.querySelectorAll('[data-editor-host] .view-lines .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.search(new RegExp(`\\b${wanted}\\b`)) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
    }
    return false;
  }, text);
  const { x, y } = (await point.jsonValue()) as { x: number; y: number };
  await page.mouse.move(x, y);
}

/** The learner's stored edits of a step (IndexedDB, as persistence.ts writes them). */
export function storedEdits(page: Page, stepId = STEP): Promise<Record<string, string>> {
  return page.evaluate(
    (id) =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('cruddur-workshop');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('edits').objectStore('edits').get(`edits:${id}`);
          request.onsuccess = () => resolve((request.result as Record<string, string> | undefined) ?? {});
          request.onerror = () => reject(request.error);
        };
      }),
    stepId,
  );
}

/** Types a line into the workbench's command line and waits until it has been handled (run to its end, or refused). */
export async function runCommand(page: Page, line: string): Promise<{ exit: string; status: string }> {
  const form = page.locator('[data-command-form]');
  const input = page.getByRole('textbox', { name: 'Command' });
  const handled = Number((await form.getAttribute('data-handled')) ?? '0');
  await input.fill(line);
  await input.press('Enter');
  await page.waitForFunction((count) => Number(document.querySelector<HTMLElement>('[data-command-form]')?.dataset.handled ?? '0') > count, handled, { timeout: 60_000 });
  return { exit: (await form.getAttribute('data-last-exit')) ?? '', status: await page.locator('[data-command-status]').innerText() };
}

/**
 * Hovers a word of the editor until Monaco shows a hover holding `text`. One hover can miss on a loaded machine
 * (the text moves under the mouse as panels update, or the language worker answers after the hover gave up), so
 * it moves away and back until the deadline; on failure it says what the hover showed instead.
 */
export async function hoverUntil(page: Page, word: string, text: string, deadlineMs = 60_000): Promise<void> {
  const hover = page.locator('.monaco-hover:visible').filter({ hasText: text });
  const until = Date.now() + deadlineMs;
  for (;;) {
    await hoverEditorText(page, word);
    try {
      await hover.first().waitFor({ timeout: 8_000 });
      return;
    } catch (error) {
      if (Date.now() > until) {
        const shown = await page.locator('.monaco-hover:visible').allInnerTexts();
        throw new Error(`No hover with "${text}" over "${word}"; visible hovers: ${JSON.stringify(shown)}`, { cause: error });
      }
    }
    await page.mouse.move(0, 0);
  }
}
