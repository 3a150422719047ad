/**
 * Process output arrives before the (lazily loaded) terminal exists: keep it, bounded, and replay it once the
 * terminal attaches.
 */
const MAX_BUFFERED_CHARS = 200_000;
const LABEL_COLOURS: Record<string, string> = { cloud: '36', backend: '35', frontend: '33' };

export function createOutputLog() {
  let buffer = '';
  let sink: ((text: string) => void) | null = null;
  const atLineStart = new Map<string, boolean>();
  const emit = (text: string) => {
    if (sink) sink(text);
    else buffer = (buffer + text).slice(-MAX_BUFFERED_CHARS);
  };
  return {
    /** Prefixes each line with its service's name, so interleaved output stays readable. */
    write(service: string, text: string) {
      const label = `\x1b[${LABEL_COLOURS[service] ?? '37'}m${service.padEnd(8)}\x1b[0m│ `;
      let out = '';
      for (const char of text) {
        if (atLineStart.get(service) !== false) out += label;
        out += char;
        atLineStart.set(service, char === '\n');
      }
      emit(out);
    },
    attach(next: (text: string) => void) {
      sink = next;
      if (buffer) next(buffer);
      buffer = '';
    },
  };
}
