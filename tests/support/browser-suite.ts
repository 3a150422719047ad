import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startTestWorkshop } from './workshop-server.ts';

export type TestWorkshop = Awaited<ReturnType<typeof startTestWorkshop>>;

export interface WorkshopAndBrowser {
  readonly browser: Browser;
  readonly workshop: TestWorkshop;
}

export interface SuiteHooks {
  /** Runs once both are up, in the same `before` hook (e.g. one context for the whole suite). */
  setUp?: (suite: WorkshopAndBrowser) => Promise<void>;
  /** Runs first in the `after` hook, while the browser is still open (e.g. closing that context). */
  tearDown?: () => Promise<void>;
}

/**
 * Every browser suite shares one workshop server and one Chromium: starting them per test would cost seconds each.
 * Call it directly inside `describe`: it registers node:test `before`/`after` hooks there, and closes the browser
 * before the workshop, so no page is still talking to the server as it stops. The two exist only once `before`
 * has run, hence getters rather than values to destructure.
 */
export function useWorkshopAndBrowser(hooks: SuiteHooks = {}): WorkshopAndBrowser {
  let browser: Browser | undefined;
  let workshop: TestWorkshop | undefined;
  const suite: WorkshopAndBrowser = {
    get browser() {
      if (!browser) throw new Error('no browser: the suite\'s before hook has not run or failed');
      return browser;
    },
    get workshop() {
      if (!workshop) throw new Error('no workshop server: the suite\'s before hook has not run or failed');
      return workshop;
    },
  };
  before(async () => {
    workshop = await startTestWorkshop();
    browser = await launchChromium();
    await hooks.setUp?.(suite);
  });
  after(async () => {
    await hooks.tearDown?.();
    await browser?.close();
    await workshop?.close();
  });
  return suite;
}
