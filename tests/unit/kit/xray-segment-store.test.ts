import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SegmentDocument } from '../../../src/kit/xray/segment-doc.ts';
import { SegmentStore } from '../../../src/kit/xray/segment-store.ts';

const trace = '1-5759e988-bd862e3fe1be46a994272793';
const other = '1-5759e989-bd862e3fe1be46a994272794';

function seg(id: string, extra: Partial<SegmentDocument> = {}): SegmentDocument {
  return { name: 'backend-flask', id, trace_id: trace, start_time: 100, end_time: 101, ...extra };
}

describe('SegmentStore', () => {
  it('lets a complete document replace its in_progress copy, and ignores a late in_progress one', () => {
    const store = new SegmentStore();
    store.put([seg('aaaaaaaaaaaaaaaa', { end_time: undefined, in_progress: true })], 'udp');
    assert.equal(store.find({ traceId: trace })[0]?.value.inProgress, true);
    store.put([seg('aaaaaaaaaaaaaaaa')], 'udp');
    store.put([seg('aaaaaaaaaaaaaaaa', { end_time: undefined, in_progress: true })], 'udp');
    const found = store.find({ traceId: trace });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.value.inProgress, false);
    assert.equal(store.find().length, 1, 'the replaced record is not returned by scans either');
    assert.equal(store.ingestStats.superseded, 1);
    assert.equal(store.ingestStats.accepted, 2);
  });

  it('keeps lone subsegments and attaches them under their parent when assembling the trace', () => {
    const store = new SegmentStore();
    const lone = (id: string, parent: string, name: string): SegmentDocument => ({ ...seg(id), name, type: 'subsegment', parent_id: parent });
    // Arrival order is not parent-first: the SDK streams closed subsegments before the segment ends.
    store.put([lone('cccccccccccccccc', 'bbbbbbbbbbbbbbbb', 'mock-data')], 'udp');
    store.put([lone('dddddddddddddddd', 'ffffffffffffffff', 'orphan')], 'udp');
    store.put([seg('aaaaaaaaaaaaaaaa', { subsegments: [{ name: 'activities_users', id: 'bbbbbbbbbbbbbbbb', start_time: 100, end_time: 101 }] })], 'udp');
    const assembled = store.trace(trace);
    assert.ok(assembled);
    assert.equal(assembled.segments.length, 1);
    assert.equal(assembled.segments[0]?.subsegments?.[0]?.subsegments?.[0]?.name, 'mock-data');
    assert.deepEqual(assembled.orphans.map((o) => o.name), ['orphan']);
    assert.equal(store.serviceOf(store.find({ name: 'mock-data' })[0]!.value), 'backend-flask');
    // Assembly works on copies.
    assert.equal(store.find({ kind: 'segment' })[0]?.value.document.subsegments?.[0]?.subsegments, undefined);
  });

  it('survives lone subsegments that point at each other', () => {
    const store = new SegmentStore();
    store.put([
      { ...seg('1111111111111111'), type: 'subsegment', parent_id: '2222222222222222' },
      { ...seg('2222222222222222'), type: 'subsegment', parent_id: '1111111111111111' },
    ], 'udp');
    const assembled = store.trace(trace);
    assert.equal(assembled?.orphans.length, 2);
    assert.doesNotThrow(() => JSON.stringify(assembled));
  });

  it('queries by trace, service, name, kind, time range, newest first', () => {
    const store = new SegmentStore();
    store.put([seg('aaaaaaaaaaaaaaaa', { start_time: 100, end_time: 110 })], 'udp');
    store.put([{ ...seg('bbbbbbbbbbbbbbbb'), trace_id: other, name: 'frontend', start_time: 200, end_time: 210 }], 'http');
    store.put([{ ...seg('cccccccccccccccc'), trace_id: other, name: 'backend-flask', start_time: 205, end_time: 209 }], 'http');
    assert.deepEqual(store.find().map((r) => r.value.id), ['cccccccccccccccc', 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa']);
    assert.deepEqual(store.find({ service: 'backend-flask' }).map((r) => r.value.id), ['cccccccccccccccc', 'aaaaaaaaaaaaaaaa']);
    assert.deepEqual(store.find({ traceId: other.toUpperCase() }).map((r) => r.value.id), ['cccccccccccccccc', 'bbbbbbbbbbbbbbbb']);
    assert.deepEqual(store.find({ from: 150, to: 300 }).map((r) => r.value.id), ['cccccccccccccccc', 'bbbbbbbbbbbbbbbb']);
    assert.deepEqual(store.find({ from: 105, to: 106 }).map((r) => r.value.id), ['aaaaaaaaaaaaaaaa']);
    assert.deepEqual(store.find({ limit: 1 }).map((r) => r.value.id), ['cccccccccccccccc']);
    assert.deepEqual(store.traceIds(), [other, trace]);
    assert.equal(store.traceCount, 2);
  });

  it('stays bounded: evicts the oldest, counts it, and forgets evicted documents in its indexes', () => {
    const store = new SegmentStore({ capacity: 3 });
    for (let i = 0; i < 10; i++) store.put([{ ...seg(i.toString(16).padStart(16, '0')), trace_id: `1-5759e988-${i.toString(16).padStart(24, '0')}` }], 'udp');
    assert.equal(store.size, 3);
    assert.equal(store.evicted, 7);
    assert.equal(store.traceCount, 3);
    assert.equal(store.trace('1-5759e988-000000000000000000000000'), undefined);
    assert.ok(store.trace('1-5759e988-000000000000000000000009'));
  });

  it('feeds subscribers, which already see the new state', () => {
    const store = new SegmentStore();
    const seen: string[] = [];
    const unsubscribe = store.subscribe((added) => {
      for (const record of added) {
        assert.ok(store.isCurrent(record));
        assert.ok(store.trace(record.value.traceId));
        seen.push(record.value.id);
      }
    });
    store.put([seg('aaaaaaaaaaaaaaaa'), seg('bbbbbbbbbbbbbbbb')], 'udp');
    unsubscribe();
    store.put([seg('cccccccccccccccc')], 'udp');
    assert.deepEqual(seen, ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it('counts drops by reason', () => {
    const store = new SegmentStore();
    store.noteDrop('badJson', 'nope', 'udp');
    store.noteDrop('badJson', 'nope again', 'http');
    store.noteDrop('tooLarge', 'big', 'udp');
    const stats = store.ingestStats;
    assert.equal(stats.dropped.badJson, 2);
    assert.equal(stats.dropped.tooLarge, 1);
    assert.equal(stats.droppedTotal, 3);
    assert.equal(stats.lastDrop?.reason, 'tooLarge');
  });
});
