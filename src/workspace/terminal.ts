import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';

export interface WorkspaceTerminal {
  write(text: string): void;
  fit(): void;
}

/** A read-only terminal showing the sandbox processes' output. */
export function createTerminal(host: HTMLElement): WorkspaceTerminal {
  const terminal = new Terminal({
    convertEol: true,
    disableStdin: true,
    fontSize: 13,
    scrollback: 5000,
    screenReaderMode: false,
    theme: { background: '#16121f', foreground: '#e8e3f3' },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(host);
  const refit = () => {
    if (host.offsetParent !== null) fit.fit();
  };
  new ResizeObserver(refit).observe(host);
  refit();
  return { write: (text) => terminal.write(text), fit: refit };
}
