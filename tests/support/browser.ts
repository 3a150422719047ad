import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Deadlines for every page of every browser test. Playwright's 30 s default is too short for a 2-core CI machine
 * running two test files at once (Chromium, Monaco's TypeScript worker and the sandbox's Node processes share
 * it). These are deadlines only: no test asserts how fast anything is (that is `npm run bench`).
 */
const ACTION_DEADLINE_MS = 60_000;
const NAVIGATION_DEADLINE_MS = 90_000;

/**
 * Debian's Chromium (the project cannot download Playwright's own browsers). The flags keep Chromium from
 * reaching for the network this machine does not have.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
    const context = await newContext(...args);
    context.setDefaultTimeout(ACTION_DEADLINE_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_DEADLINE_MS);
    return context;
  };
  return browser;
}
