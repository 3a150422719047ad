/** The CloudWatch Logs view's compute: query paths, the bounded live buffer, timestamps and levels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventBuffer, eventsPath, levelOf, tailPath, type LogEvent } from '../../../src/telemetry/logs/log-data.ts';

const ev = (seq: number, message = `m${seq}`): LogEvent => ({ seq, group: 'cruddur', stream: 'app', timestamp: seq, message, ingestionTime: seq });

describe('logs view data', () => {
  it('builds the events and tail paths with the pattern encoded', () => {
    assert.equal(eventsPath({ group: 'cruddur', pattern: ' { $.level = "error" } ' }, 500), '/workshop/logs/events?group=cruddur&pattern=%7B+%24.level+%3D+%22error%22+%7D&limit=500');
    assert.equal(tailPath({ stream: 'app' }, 42), '/workshop/logs/events/stream?stream=app&after=42');
  });

  it('merges live batches newest first, skips repeats, keeps at most its capacity', () => {
    const buffer = new EventBuffer(4);
    buffer.reset([ev(2), ev(1)], 2);
    assert.equal(buffer.add([ev(2), ev(3)]), 1, 'seq 2 was already there');
    assert.equal(buffer.add([ev(5), ev(4), ev(6)]), 3);
    assert.deepEqual(buffer.events.map((e) => e.seq), [6, 5, 4, 3]);
    assert.equal(buffer.lastSeq, 6);
    assert.equal(buffer.add([]), 0);
  });

  it('tells the level of winston JSON and plain lines', () => {
    assert.equal(levelOf('{"level":"error","message":"boom"}'), 'error');
    assert.equal(levelOf('WARNING disk'), 'warn');
    assert.equal(levelOf('Hello Cruddur!'), undefined);
    assert.equal(levelOf('info - 127.0.0.1 GET http /api/activities/home 200'), 'info', 'winston-cloudwatch writes the level in lower case');
    assert.equal(levelOf('warn - disk almost full'), 'warn');
    assert.equal(levelOf('silly - details'), 'debug');
    assert.equal(levelOf('nothing to say - info'), undefined, 'only as the prefix');
  });
});
