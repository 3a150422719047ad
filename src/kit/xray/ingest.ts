/**
 * The ways documents get in, all judged by the same rules and counted in the segment store: a daemon datagram
 * (UDP, or the same bytes POSTed by the WebContainer shim) and PutTraceSegments' list of JSON strings.
 */
import { invalid } from './aws-error.ts';
import { maxDatagramBytes, parseDatagram } from './datagram.ts';
import { checkDocument, type Checked, type SegmentDocument } from './segment-doc.ts';
import type { IngestVia, SegmentStore } from './segment-store.ts';

export function ingestDatagram(store: SegmentStore, data: Buffer | string, via: IngestVia): Checked<SegmentDocument> {
  const parsed = parseDatagram(data);
  if (parsed.ok) store.put([parsed.value], via);
  else store.noteDrop(parsed.reason, parsed.message, via);
  return parsed;
}

/** Many datagrams at once (a UDP burst): one store update and one change-feed batch instead of one per datagram. */
export function ingestDatagrams(store: SegmentStore, datagrams: readonly Buffer[], via: IngestVia): void {
  const accepted: SegmentDocument[] = [];
  for (const data of datagrams) {
    const parsed = parseDatagram(data);
    if (parsed.ok) accepted.push(parsed.value);
    else store.noteDrop(parsed.reason, parsed.message, via);
  }
  if (accepted.length > 0) store.put(accepted, via);
}

export interface PutTraceSegmentsResult {
  UnprocessedTraceSegments: { Id?: string; ErrorCode: string; Message: string }[];
}

export function ingestApiDocuments(store: SegmentStore, documents: unknown): PutTraceSegmentsResult {
  if (!Array.isArray(documents)) throw invalid('TraceSegmentDocuments is required (a list of JSON strings)');
  const accepted: SegmentDocument[] = [];
  const result: PutTraceSegmentsResult = { UnprocessedTraceSegments: [] };
  for (const text of documents) {
    const checked = checkApiDocument(text);
    if (checked.ok) {
      accepted.push(checked.value);
      continue;
    }
    store.noteDrop(checked.reason, checked.message, 'api');
    const unprocessed: { Id?: string; ErrorCode: string; Message: string } = { ErrorCode: checked.reason === 'tooLarge' ? 'SegmentTooLarge' : 'InvalidSegment', Message: checked.message };
    const id = idOf(text);
    if (id !== undefined) unprocessed.Id = id;
    result.UnprocessedTraceSegments.push(unprocessed);
  }
  if (accepted.length > 0) store.put(accepted, 'api');
  return result;
}

function checkApiDocument(text: unknown): Checked<SegmentDocument> {
  if (typeof text !== 'string') return { ok: false, reason: 'badDocument', message: 'each TraceSegmentDocuments entry must be a JSON string' };
  if (Buffer.byteLength(text) > maxDatagramBytes) return { ok: false, reason: 'tooLarge', message: `document of ${Buffer.byteLength(text)} bytes is over the ${maxDatagramBytes}-byte limit` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'badJson', message: `the segment document is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return checkDocument(value);
}

function idOf(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as { id?: unknown };
    return typeof value?.id === 'string' ? value.id : undefined;
  } catch {
    return undefined;
  }
}
