import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carryVisitParams } from '../../../src/workspace/visit-params.ts';

const site = 'https://workshop.example';
const carry = (from: string, to: string) => carryVisitParams(new URL(from, site), new URL(to, site)).href;

test('the sandbox and telemetry choices go on to the next step', () => {
  assert.equal(carry('/lessons/a/?sandbox=webcontainer&telemetry=tap', '/lessons/b/'), `${site}/lessons/b/?sandbox=webcontainer&telemetry=tap`);
  assert.equal(carry('/lessons/a/?telemetry=tap', '/lessons/b/#checks'), `${site}/lessons/b/?telemetry=tap#checks`);
});

test('other parameters are not carried, and a choice the link makes itself wins', () => {
  assert.equal(carry('/lessons/a/?utm_source=mail&q=span', '/lessons/b/'), `${site}/lessons/b/`);
  assert.equal(carry('/lessons/a/?sandbox=webcontainer', '/lessons/b/?sandbox=local'), `${site}/lessons/b/?sandbox=local`);
});

test('pages outside the lessons and other sites are left alone', () => {
  assert.equal(carry('/lessons/a/?sandbox=local', '/'), `${site}/`);
  assert.equal(carryVisitParams(new URL(`${site}/lessons/a/?sandbox=local`), new URL('https://elsewhere.example/lessons/b/')).href, 'https://elsewhere.example/lessons/b/');
});
