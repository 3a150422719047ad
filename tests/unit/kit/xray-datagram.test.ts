import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDatagram, maxDatagramBytes, parseDatagram } from '../../../src/kit/xray/datagram.ts';
import { checkDocument } from '../../../src/kit/xray/segment-doc.ts';

const doc = { name: 'backend-flask', id: '70de5b6f19ff9a0a', start_time: 1.478293361271e9, trace_id: '1-581cf771-a006649127e371903a2de979', end_time: 1.478293361449e9 };

describe('daemon datagrams', () => {
  it('accepts what the SDK sends (and the AWS docs\' minimal document)', () => {
    const parsed = parseDatagram(Buffer.from(formatDatagram(doc)));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.id, doc.id);
  });

  it('accepts the header format in any case, and in_progress instead of end_time', () => {
    const open = { ...doc, end_time: undefined, in_progress: true };
    assert.ok(parseDatagram(`{"format":"JSON","version":1}\n${JSON.stringify(open)}`).ok);
  });

  it('splits at the FIRST newline only, so a pretty-printed document is fine', () => {
    assert.ok(parseDatagram(`{"format":"json","version":1}\n${JSON.stringify(doc, null, 2)}`).ok);
  });

  const reasonOf = (data: string) => {
    const parsed = parseDatagram(data);
    return parsed.ok ? 'ok' : parsed.reason;
  };

  it('names the reason for each kind of bad datagram', () => {
    assert.equal(reasonOf(JSON.stringify(doc)), 'missingHeader');
    assert.equal(reasonOf('{"format":"json","version":1}\n'), 'missingHeader');
    assert.equal(reasonOf(`not json\n${JSON.stringify(doc)}`), 'badHeader');
    assert.equal(reasonOf(`{"format":"json","version":2}\n${JSON.stringify(doc)}`), 'badHeader');
    assert.equal(reasonOf(`{"format":"xml","version":1}\n${JSON.stringify(doc)}`), 'badHeader');
    assert.equal(reasonOf(`{"version":1}\n${JSON.stringify(doc)}`), 'badHeader');
    assert.equal(reasonOf('{"format":"json","version":1}\n{"name":'), 'badJson');
    assert.equal(reasonOf(`{"format":"json","version":1}\n[1,2]`), 'badDocument');
    assert.equal(reasonOf(formatDatagram({ ...doc, padding: 'x'.repeat(maxDatagramBytes) })), 'tooLarge');
  });

  it('requires name, a 16-hex id, a well-formed trace id, start_time and end_time or in_progress', () => {
    const missing = (change: Record<string, unknown>) => {
      const checked = checkDocument({ ...doc, ...change });
      return checked.ok ? 'ok' : `${checked.reason}: ${checked.message}`;
    };
    assert.match(missing({ name: undefined }), /^missingField: "name"/);
    assert.match(missing({ name: '' }), /^missingField: "name"/);
    assert.match(missing({ id: 'xyz' }), /^missingField: "id"/);
    assert.match(missing({ id: '70de5b6f19ff9a0' }), /^missingField: "id"/);
    assert.match(missing({ trace_id: '1-581cf771-a006649127e37190' }), /^missingField: "trace_id"/);
    assert.match(missing({ trace_id: '2-581cf771-a006649127e371903a2de979' }), /^missingField: "trace_id"/);
    assert.match(missing({ start_time: '1478293361' }), /^missingField: "start_time"/);
    assert.match(missing({ end_time: undefined }), /^missingField: "end_time"/);
    assert.match(missing({ type: 'subsegment' }), /^missingField: .*parent_id/);
    assert.equal(missing({ type: 'subsegment', parent_id: '53995c3f42cd8ad8' }), 'ok');
    assert.match(missing({ subsegments: [{ name: 'a', id: '53995c3f42cd8ad8', start_time: 1 }] }), /^missingField: subsegment "end_time"/);
    assert.match(missing({ subsegments: 'nope' }), /^badDocument/);
  });

  it('refuses absurdly deep subsegment nesting (keeps later walks stack-safe)', () => {
    let nested: Record<string, unknown> = { name: 'leaf', id: '53995c3f42cd8ad8', start_time: 1, end_time: 2 };
    for (let i = 0; i < 100; i++) nested = { name: `n${i}`, id: '53995c3f42cd8ad8', start_time: 1, end_time: 2, subsegments: [nested] };
    const checked = checkDocument({ ...doc, subsegments: [nested] });
    assert.equal(checked.ok, false);
  });
});
