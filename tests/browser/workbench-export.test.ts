import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { STEP, openLesson, solveUnasked } from '../support/workbench.ts';
import { solutionDelta, starterFiles } from '../../src/lessons/step-files.ts';

async function downloadFrom(page: Page, item: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: item }).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

describe('export the step\'s work', () => {
  const suite = useWorkshopAndBrowser();

  test('a zip of the files and a patch that git apply takes in a copy of the starter app', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    await solveUnasked(lesson);
    const solution = { ...starterFiles(), ...solutionDelta(STEP) };

    const zip = await downloadFrom(page, 'Download files (.zip)');
    assert.equal(zip.name, 'cruddur-01-honeycomb--01-home-activities-span.zip');
    const entries = unzipSync(new Uint8Array(zip.bytes));
    assert.deepEqual(Object.keys(entries).sort(), Object.keys(solution).map((path) => `cruddur/${path}`).sort(), 'every learner file, no .workshop/ files');
    assert.equal(strFromU8(entries['cruddur/backend/tracing.js']!), solution['backend/tracing.js']);

    const patch = await downloadFrom(page, 'Download patch (git apply)');
    assert.equal(patch.name, 'cruddur-01-honeycomb--01-home-activities-span.patch');
    const text = patch.bytes.toString('utf8');
    assert.match(text, /^diff --git a\/backend\/app\.js b\/backend\/app\.js$/m);
    assert.match(await page.locator('[data-workspace-notice]').innerText(), /git apply/);

    const checkout = mkdtempSync(join(tmpdir(), 'starter-checkout-'));
    try {
      for (const [path, contents] of Object.entries(starterFiles())) {
        mkdirSync(dirname(join(checkout, path)), { recursive: true });
        writeFileSync(join(checkout, path), contents);
      }
      const patchFile = `${checkout}.patch`;
      writeFileSync(patchFile, text);
      const check = spawnSync('git', ['apply', '--check', patchFile], { cwd: checkout, encoding: 'utf8' });
      assert.equal(check.status, 0, `git apply --check: ${check.stderr}`);
      const apply = spawnSync('git', ['apply', patchFile], { cwd: checkout, encoding: 'utf8' });
      assert.equal(apply.status, 0, apply.stderr);
      for (const [path, contents] of Object.entries(solutionDelta(STEP))) assert.equal(readFileSync(join(checkout, path), 'utf8'), contents, path);
      rmSync(patchFile, { force: true });
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
    await context.close();
  });
});
