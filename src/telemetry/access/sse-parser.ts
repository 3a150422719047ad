/**
 * Parses a text/event-stream (the HTML spec's event stream format) from arbitrary chunks. EventSource cannot be
 * used: it only delivers named events to listeners registered by name, and the local cloud's feeds use several
 * names (spans, segments, events, items); the tap transport also hands us raw text rather than a URL.
 */
export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

export function createSseParser(onMessage: (message: SseMessage) => void): { push(chunk: string): void } {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const dispatch = () => {
    if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n'), id });
    event = '';
    data = [];
  };
  return {
    push(chunk) {
      buffer += chunk;
      let newline = buffer.search(/\r\n|\r|\n/);
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        const width = buffer.startsWith('\r\n', newline) ? 2 : 1;
        // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
        if (buffer[newline] === '\r' && newline === buffer.length - 1) break;
        buffer = buffer.slice(newline + width);
        if (line === '') dispatch();
        else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id' && !value.includes('\0')) id = value;
        }
        newline = buffer.search(/\r\n|\r|\n/);
      }
    },
  };
}

/** Adds or replaces `after=<id>` so a resumed feed replays exactly what was missed (src/kit/store/sse-feed.ts). */
export function resumePath(path: string, lastId: string | undefined): string {
  if (lastId === undefined) return path;
  const [base = '', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('after', lastId);
  return `${base}?${params.toString()}`;
}
