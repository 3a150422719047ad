/**
 * The daemon's datagram format: a JSON header line, `\n`, one JSON segment document. The SDKs send exactly
 * `{"format":"json","version":1}\n{...}`. Same rules as aws-xray-daemon: split at the FIRST newline, the header's
 * `format` must equal "json" ignoring case and `version` must be 1. Used for UDP datagrams and for the HTTP
 * ingest path the WebContainer shim posts to, so both are judged alike.
 */
import { checkDocument, type Checked, type SegmentDocument } from './segment-doc.ts';

/**
 * AWS documents a segment document as at most "64 kB". The daemon reads into a 64 KiB buffer; a UDP datagram over
 * IPv4 cannot carry more than 65,507 bytes anyway. We apply 64,000 bytes (the decimal reading) to the whole
 * datagram so an oversized one can still reach us over loopback and be counted instead of vanishing in the kernel.
 */
export const maxDatagramBytes = 64_000;

export function parseDatagram(data: Buffer | string): Checked<SegmentDocument> {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > maxDatagramBytes) return { ok: false, reason: 'tooLarge', message: `datagram of ${size} bytes is over the ${maxDatagramBytes}-byte limit` };
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) return { ok: false, reason: 'missingHeader', message: 'Missing header or segment: expected {"format":"json","version":1} then a newline then the document' };
  const headerText = text.slice(0, newline);
  const body = text.slice(newline + 1);
  if (body.trim() === '') return { ok: false, reason: 'missingHeader', message: 'Missing header or segment: nothing after the header line' };
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    return { ok: false, reason: 'badHeader', message: `Invalid header: ${excerpt(headerText)} is not JSON` };
  }
  if (!isValidHeader(header)) return { ok: false, reason: 'badHeader', message: `Invalid header: ${excerpt(headerText)} (need "format":"json" and "version":1)` };
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: 'badJson', message: `the segment document is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return checkDocument(doc);
}

function isValidHeader(header: unknown): boolean {
  if (header === null || typeof header !== 'object') return false;
  const { format, version } = header as Record<string, unknown>;
  return typeof format === 'string' && format.toLowerCase() === 'json' && version === 1;
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** What the Node SDK puts on the wire for one document. */
export function formatDatagram(doc: unknown): string {
  return `{"format":"json","version":1}\n${JSON.stringify(doc)}`;
}
