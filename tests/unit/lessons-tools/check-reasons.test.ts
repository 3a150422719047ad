import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickedKeysIn, reasonsIn, splitArguments } from '../../../src/lessons-tools/check-reasons.ts';
import realStep from '../../../lessons/01-honeycomb/01-home-activities-span/checks.ts';

describe('reasonsIn', () => {
  it('finds literal reasons, ternaries, and non-learner kinds', () => {
    const source = `async run(ctx) {
      if (a) return fail('home-status', \`answered \${res.status}, (expected) 200\`, { response });
      if (b) return fail(x?.problem === 'typo' ? 'tracer-typo' : 'wrong-tracer', 'm', evidence);
      if (c) return fail('service-name-unset', 'm, with a comma', evidence, 'environment');
      return fail(reasonVariable, 'm');
    }`;
    assert.deepEqual(reasonsIn(source), { learner: ['home-status', 'tracer-typo', 'wrong-tracer'], other: ['service-name-unset'], dynamic: 1 });
  });

  it('reads every reason of the real first step', () => {
    const byId = Object.fromEntries(realStep.checks.map((c) => [c.id, reasonsIn(c.run.toString())]));
    assert.deepEqual(byId['span-named']?.learner, ['span-name-typo', 'span-missing', 'tracer-typo', 'wrong-tracer']);
    assert.deepEqual(byId['exports-spans']?.other, ['service-name-unset']);
    assert.equal(Object.values(byId).reduce((n, r) => n + r.dynamic, 0), 0);
  });

  it('splits top-level arguments only', () => {
    assert.deepEqual(splitArguments("'a', f(1, 2), { b: [3, 4] }, 'x,y')", 0), ["'a'", 'f(1, 2)', '{ b: [3, 4] }', "'x,y'"]);
  });

  it('finds the keys a pickHint returns', () => {
    assert.deepEqual(pickedKeysIn("async function f() { if (x) return 'no-file'; return undefined; return \"late\"; }"), ['no-file', 'late']);
  });
});
