import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BOOT_STAGES, createStageClock, lateMessage, stageMessage, STAGE_DEADLINES_MS, type BootStage } from '../../../src/workspace/boot-progress.ts';

/** Timers under the test's control: `fire()` runs what is due as if that much time had passed. */
function fakeTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  let next = 1;
  return {
    setTimer: (callback: () => void, ms: number) => {
      pending.set(next, { at: now + ms, callback });
      return next++;
    },
    clearTimer: (handle: unknown) => void pending.delete(handle as number),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at <= now) {
          pending.delete(id);
          timer.callback();
        }
      }
    },
    get armed() {
      return pending.size;
    },
  };
}

describe('the boot stages', () => {
  test('four stages, in the order the sandbox goes through them', () => {
    assert.deepEqual(
      BOOT_STAGES.map((stage) => stage.label),
      ['Loading the runtime', 'Mounting the files', 'Starting the local cloud', 'Starting the app'],
    );
  });

  test('messages say which step of how many, and what to do when late', () => {
    assert.equal(stageMessage('files'), 'Starting the sandbox, step 2 of 4: mounting the files…');
    assert.equal(stageMessage('runtime', 'connecting to the local sandbox'), 'Starting the sandbox, step 1 of 4: loading the runtime (connecting to the local sandbox)…');
    const late = lateMessage('app', 60_000);
    assert.match(late, /^Step 4 of 4 \(starting the app\) has taken more than 60 s\./);
    assert.match(late, /terminal.*fix it and save.*Retry.*edits are saved/);
    assert.match(lateMessage('runtime', 75_000), /StackBlitz.*npm start/);
  });
});

describe('createStageClock', () => {
  test('warns once about the stage that is late, with its deadline', () => {
    const timers = fakeTimers();
    const late: Array<[BootStage, number]> = [];
    const clock = createStageClock({ ...timers, deadlines: { files: 1_000 }, onLate: (stage, ms) => late.push([stage, ms]) });
    clock.enter('runtime');
    timers.advance(500);
    clock.enter('files');
    timers.advance(999);
    assert.deepEqual(late, [], 'the runtime deadline was replaced; files is not late yet');
    timers.advance(1);
    assert.deepEqual(late, [['files', 1_000]]);
    assert.equal(clock.current, 'files', 'late is not failed: the stage may still finish');
    timers.advance(100_000);
    assert.equal(late.length, 1);
  });

  test('each stage restarts the deadline; stages only move forward', () => {
    const timers = fakeTimers();
    const late: BootStage[] = [];
    const clock = createStageClock({ ...timers, onLate: (stage) => late.push(stage) });
    clock.enter('cloud');
    clock.enter('files');
    assert.equal(clock.current, 'cloud', 'a stage already passed is ignored');
    timers.advance(STAGE_DEADLINES_MS.cloud - 1);
    clock.enter('app');
    timers.advance(STAGE_DEADLINES_MS.app - 1);
    assert.deepEqual(late, []);
    timers.advance(1);
    assert.deepEqual(late, ['app']);
  });

  test('stop() cancels the deadline and later stages', () => {
    const timers = fakeTimers();
    const late: BootStage[] = [];
    const clock = createStageClock({ ...timers, onLate: (stage) => late.push(stage) });
    clock.enter('runtime');
    clock.stop();
    assert.equal(timers.armed, 0);
    clock.enter('files');
    timers.advance(1_000_000);
    assert.deepEqual(late, []);
    assert.equal(clock.current, null);
  });
});
