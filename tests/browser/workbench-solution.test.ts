import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { STEP, fileButton, openLesson } from '../support/workbench.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

describe('solution: compare, solve with a question, undo', () => {
  const suite = useWorkshopAndBrowser();

  test('Solve asks before overwriting work; "Undo solve" brings the work back, also after a reload', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    const marker = `// my own work ${Date.now()}\n`;
    await lesson.typeAtTop('backend/app.js', marker);

    await page.getByRole('button', { name: 'Solve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace your files with the solution?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /overwrites the 1 file\(s\) you changed/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Keep my files', 'focus starts on the safe choice');
    assert.deepEqual(describeViolations(await axeViolations(page)), '', 'the question passes axe');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.match(await lesson.editorText(), /my\sown\swork/, 'Escape keeps the files');
    assert.equal(await fileButton(page, 'backend/tracing.js').count(), 0);

    await page.getByRole('button', { name: 'Solve', exact: true }).click();
    await dialog.getByRole('button', { name: 'Replace with the solution' }).click();
    await fileButton(page, 'backend/tracing.js').waitFor();
    await lesson.waitSaved();
    await fileButton(page, 'backend/app.js').click();
    assert.doesNotMatch(await lesson.editorText(), /my\sown\swork/);
    assert.match(await page.locator('[data-workspace-notice]').innerText(), /Undo solve/);

    await page.reload();
    await lesson.open(suite.workshop.url, STEP);
    const undo = page.getByRole('button', { name: 'Undo solve' });
    await undo.click();
    await fileButton(page, 'backend/tracing.js').waitFor({ state: 'detached' });
    await lesson.waitSaved();
    await fileButton(page, 'backend/app.js').click();
    assert.match(await lesson.editorText(), /my\sown\swork/, 'the work from before Solve is back');
    await undo.waitFor({ state: 'hidden' });

    await page.reload();
    await lesson.open(suite.workshop.url, STEP);
    await fileButton(page, 'backend/app.js').click();
    assert.match(await lesson.editorText(), /my\sown\swork/, 'and it is saved');
    assert.equal(await page.getByRole('button', { name: 'Undo solve' }).count(), 0);
    await context.close();
  });

  test('"Compare with solution" shows a diff per differing file, and passes axe', async () => {
    const { context, page } = await openLesson(suite.browser, suite.workshop.url);
    const compare = page.getByRole('button', { name: 'Compare with solution' });
    await compare.click();
    const dialog = page.getByRole('dialog', { name: 'Compare with solution' });
    await dialog.waitFor();
    const files = dialog.getByRole('navigation', { name: 'Files that differ from the solution' }).getByRole('button');
    assert.deepEqual(
      (await files.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()),
      ['backend/app.js changed', 'backend/services/home_activities.js changed', 'backend/tracing.js only in the solution'],
    );
    await dialog.locator('.monaco-diff-editor').waitFor();
    await files.filter({ hasText: 'backend/tracing.js' }).click();
    await dialog.locator('.monaco-diff-editor .modified .view-lines', { hasText: 'NodeSDK' }).waitFor();
    assert.deepEqual(describeViolations(await axeViolations(page)), '');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Compare with solution', 'focus returns to the button');
    await context.close();
  });

  test('the last hint level of a failing check offers the diff', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    const first = await lesson.runChecks();
    assert.ok(first.some((r) => r.status === 'failed' && /Hint:/.test(r.text)));
    const offer = page.getByRole('button', { name: 'Compare your files with the solution' });
    // A hint seen for the first time may have a more specific level after it: no offer yet.
    assert.equal(await offer.count(), 0);
    // Same failure again: the hint repeats, which means it was the last level.
    const second = await lesson.runChecks();
    const repeated = second.filter((r) => r.status === 'failed' && first.some((f) => f.title === r.title && f.text.match(/Hint: .*/)?.[0] === r.text.match(/Hint: .*/)?.[0]));
    assert.ok(repeated.length > 0, 'some hint repeated');
    assert.ok((await offer.count()) >= 1);
    assert.match(await page.getByRole('region', { name: 'Checks' }).innerText(), /That was the last hint for this check/);
    await offer.first().click();
    await page.getByRole('dialog', { name: 'Compare with solution' }).waitFor();
    await context.close();
  });
});
