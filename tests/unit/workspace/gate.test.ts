import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseProvider } from '../../../src/runtime/choose-provider.ts';
import { gateSandbox, isAppleMobile, safariVersion, type BrowserFacts } from '../../../src/workspace/browser-gate.ts';

const UA = {
  chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safari17: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  safari15: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  iphoneChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1',
  iphoneOld: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Mobile/15E148 Safari/604.1',
  // iPadOS asks for desktop sites: a Mac user agent, told apart by its touch screen.
  ipad: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
};
const facts = (userAgent: string, extra: Partial<BrowserFacts> = {}): BrowserFacts => ({ userAgent, maxTouchPoints: 0, deviceMemoryGb: undefined, ...extra });
const hosted = chooseProvider({ servedByWorkshopServer: false, webContainerUnavailableReason: null });
const local = chooseProvider({ servedByWorkshopServer: true, webContainerUnavailableReason: null });
const localOnly = chooseProvider({ servedByWorkshopServer: true, webContainerUnavailableReason: 'This page is not cross-origin isolated.' });
const noIsolation = chooseProvider({ servedByWorkshopServer: false, webContainerUnavailableReason: 'This page is not cross-origin isolated (it was served without COOP/COEP headers), so WebContainer cannot start.' });

describe('gateSandbox', () => {
  test('desktop Chrome, Firefox and Safari 16.4+ boot the hosted sandbox on their own', () => {
    for (const ua of [UA.chrome, UA.firefox, UA.safari17]) assert.deepEqual(gateSandbox(hosted, facts(ua)), { kind: 'go' }, ua);
  });

  test('the local sandbox (npm start) is never gated, whatever the device', () => {
    for (const plan of [local, localOnly]) {
      for (const f of [facts(UA.iphone, { maxTouchPoints: 5 }), facts(UA.safari15), facts(UA.chrome, { deviceMemoryGb: 1 })]) {
        assert.deepEqual(gateSandbox(plan, f), { kind: 'go' });
      }
    }
  });

  test('iPhone and iPad (also when it says Macintosh) boot only when the learner presses Start, and say why', () => {
    for (const f of [facts(UA.iphone, { maxTouchPoints: 5 }), facts(UA.iphoneChrome, { maxTouchPoints: 5 }), facts(UA.ipad, { maxTouchPoints: 5 })]) {
      const verdict = gateSandbox(hosted, f);
      assert.equal(verdict.kind, 'ask', f.userAgent);
      assert.match(verdict.kind === 'ask' ? verdict.reason : '', /memory.*read the lesson without it.*Start the sandbox.*npm install && npm start/);
    }
    assert.equal(gateSandbox(hosted, facts(UA.ipad, { maxTouchPoints: 0 })).kind, 'go', 'a Mac without touch is a Mac');
  });

  test('a device reporting 2 GB or less asks first; more does not', () => {
    assert.equal(gateSandbox(hosted, facts(UA.chrome, { deviceMemoryGb: 2 })).kind, 'ask');
    assert.equal(gateSandbox(hosted, facts(UA.chrome, { deviceMemoryGb: 4 })).kind, 'go');
  });

  test('Safari older than 16.4 (desktop or iOS) is blocked, with what to do instead', () => {
    for (const ua of [UA.safari15, UA.iphoneOld]) {
      const verdict = gateSandbox(hosted, facts(ua, { maxTouchPoints: ua === UA.iphoneOld ? 5 : 0 }));
      assert.equal(verdict.kind, 'blocked', ua);
      assert.match(verdict.kind === 'blocked' ? verdict.reason : '', /Safari 16\.4 or newer.*Chrome, Edge or Firefox.*npm install && npm start/);
    }
  });

  test('no cross-origin isolation (no SharedArrayBuffer) blocks, passing on the reason and the advice', () => {
    const verdict = gateSandbox(noIsolation, facts(UA.chrome));
    assert.equal(verdict.kind, 'blocked');
    assert.match(verdict.kind === 'blocked' ? verdict.reason : '', /not cross-origin isolated.*Chrome, Edge or Firefox.*npm install && npm start/);
  });
});

describe('browser facts', () => {
  test('Safari versions are read from desktop and mobile Safari only', () => {
    assert.deepEqual(safariVersion(UA.safari17), [17, 2]);
    assert.deepEqual(safariVersion(UA.iphone), [17, 4]);
    assert.equal(safariVersion(UA.chrome), null);
    assert.equal(safariVersion(UA.iphoneChrome), null);
    assert.equal(safariVersion(UA.firefox), null);
  });
  test('Apple mobile devices', () => {
    assert.equal(isAppleMobile(facts(UA.iphone)), true);
    assert.equal(isAppleMobile(facts(UA.ipad, { maxTouchPoints: 5 })), true);
    assert.equal(isAppleMobile(facts(UA.safari17)), false);
    assert.equal(isAppleMobile(facts(UA.chrome, { maxTouchPoints: 10 })), false, 'a Linux touch laptop');
  });
});
