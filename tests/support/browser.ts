import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (the project cannot download Playwright's own browsers). The flags keep Chromium from
 * reaching for the network this machine does not have.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}
