import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { STEP, openLesson } from '../support/workbench.ts';
import { LessonPage } from '../support/lesson-page.ts';

const INITIAL_JS_BUDGET = 60 * 1024;

describe('layout', () => {
  const suite = useWorkshopAndBrowser();

  test('the panel separators move with the keyboard and the mouse, and the sizes are remembered', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    const lessonSplit = page.getByRole('separator', { name: 'Resize the lesson text and the workspace' });
    const editorSplit = page.getByRole('separator', { name: 'Resize the editor and the checks and output below it' });
    const checksSplit = page.getByRole('separator', { name: 'Resize the checks and the output' });
    const width = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().width);
    const height = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().height);

    assert.equal(await lessonSplit.getAttribute('aria-valuenow'), '40');
    const before = await width('[data-lesson]');
    await lessonSplit.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await lessonSplit.getAttribute('aria-valuenow'), '50');
    assert.ok((await width('[data-lesson]')) > before + 50, 'the lesson text got wider');

    const editorBefore = await height('.workspace-editor');
    await editorSplit.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('PageUp');
    assert.equal(await editorSplit.getAttribute('aria-valuenow'), '48');
    assert.ok((await height('.workspace-editor')) < editorBefore);

    await checksSplit.focus();
    await page.keyboard.press('End');
    assert.equal(await checksSplit.getAttribute('aria-valuenow'), '80');
    await page.keyboard.press('Home');
    assert.equal(await checksSplit.getAttribute('aria-valuenow'), '15');

    // Dragging with the mouse.
    const box = (await lessonSplit.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(1440 * 0.3, box.y + 200, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await lessonSplit.getAttribute('aria-valuenow'));
    assert.ok(dragged > 26 && dragged < 34, `dragged to about 30%: ${dragged}`);

    await page.reload();
    await lesson.open(suite.workshop.url, STEP);
    assert.equal(Number(await lessonSplit.getAttribute('aria-valuenow')), dragged);
    assert.equal(await editorSplit.getAttribute('aria-valuenow'), '48');
    assert.equal(await checksSplit.getAttribute('aria-valuenow'), '15');
    assert.equal(await page.evaluate(() => document.documentElement.style.getPropertyValue('--editor-a')), '48fr', 'applied before the scripts ran');
    await context.close();
  });

  test('on a 390×844 phone the lesson text is fully readable, the workspace follows below', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await lesson.open(suite.workshop.url, STEP);
    const layout = await page.evaluate(() => {
      const article = document.querySelector<HTMLElement>('[data-lesson]')!.getBoundingClientRect();
      const workspace = document.querySelector<HTMLElement>('[data-workspace]')!.getBoundingClientRect();
      const paragraphs = [...document.querySelectorAll<HTMLElement>('[data-lesson] p:not(.eyebrow), [data-lesson] li')];
      const wideText = [...document.querySelectorAll<HTMLElement>('[data-lesson] p, [data-lesson] li, [data-lesson] h1, [data-lesson] h2')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
      return {
        pageScrollWidth: document.documentElement.scrollWidth,
        article: { left: article.left, right: article.right, height: article.height },
        articleScrolls: document.querySelector<HTMLElement>('[data-lesson]')!.scrollHeight > document.querySelector<HTMLElement>('[data-lesson]')!.clientHeight + 1,
        workspaceTop: workspace.top + window.scrollY,
        articleBottom: article.bottom + window.scrollY,
        smallestFont: Math.min(...paragraphs.map((p) => parseFloat(getComputedStyle(p).fontSize))),
        wideText: wideText.map((el) => el.textContent?.slice(0, 40)),
        headerHeight: document.querySelector('.site-header')!.getBoundingClientRect().height,
      };
    });
    assert.ok(layout.pageScrollWidth <= 390, `no sideways scrolling: ${layout.pageScrollWidth}px`);
    assert.ok(layout.article.left >= 0 && layout.article.right <= 390, JSON.stringify(layout.article));
    assert.equal(layout.articleScrolls, false, 'the text is not squeezed into a scrolling box: the page scrolls');
    assert.deepEqual(layout.wideText, [], 'no text runs off the screen');
    assert.ok(layout.smallestFont >= 16, `body text at full size: ${layout.smallestFont}px`);
    assert.ok(layout.workspaceTop >= layout.articleBottom - 1, 'the workspace comes after the text');
    assert.ok(layout.headerHeight < 200, `the header stays compact: ${layout.headerHeight}px`);
    for (const name of ['Resize the lesson text and the workspace', 'Resize the editor and the checks and output below it']) {
      assert.equal(await page.getByRole('separator', { name }).isVisible(), false, 'separators are not needed when stacked');
    }
    // The code blocks scroll inside themselves.
    const pre = await page.locator('[data-lesson] pre').first().evaluate((el) => ({ overflowX: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right }));
    assert.ok(pre.right <= 390 && pre.overflowX === 'auto', JSON.stringify(pre));
    await context.close();
  });

  test(`the lesson page's first JavaScript stays under ${INITIAL_JS_BUDGET / 1024} KB gzip; Monaco, xterm, types, search and axe load later or never`, async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const scripts: { url: string; gzip: number; beforeLoad: boolean }[] = [];
    let loaded = false;
    page.on('load', () => (loaded = true));
    page.on('response', async (response) => {
      const beforeLoad = !loaded;
      if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      scripts.push({ url: new URL(response.url()).pathname, gzip: gzipSync(body).length, beforeLoad });
    });
    await page.goto(new URL(`/lessons/${STEP}/`, suite.workshop.url).toString());
    await page.waitForSelector('[data-workspace][data-editor-ready="true"]');
    await page.waitForSelector('[data-workspace][data-types-ready="true"]', { timeout: 60_000 });
    const initial = scripts.filter((s) => s.beforeLoad);
    const total = initial.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`initial JS: ${initial.length} files, ${(total / 1024).toFixed(1)} KB gzip: ${initial.map((s) => s.url.replace('/_astro/', '')).join(', ')}`);
    assert.ok(total < INITIAL_JS_BUDGET, `initial JS ${total} bytes gzip`);
    for (const heavy of [/editor\.api/, /ts\.worker/, /tsMode/, /terminal/, /pagefind/, /axe/, /diff-view|export-work|patch/]) {
      assert.ok(!initial.some((s) => heavy.test(s.url)), `${heavy} is not in the first load`);
    }
    assert.ok(scripts.some((s) => /editor\.api/.test(s.url) && !s.beforeLoad), 'Monaco arrived later');
    await context.close();
  });
});
