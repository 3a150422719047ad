import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { currentTheme, onThemeChange, type Theme } from './theme.ts';

export interface WorkspaceTerminal {
  write(text: string): void;
  fit(): void;
  focus(): void;
  clear(): void;
  dispose(): void;
}

/** Colours per page theme; the service labels (output-log.ts) stay readable on both backgrounds. */
const THEMES: Record<Theme, ITheme> = {
  dark: { background: '#16121f', foreground: '#e8e3f3', cursor: '#e8e3f3', selectionBackground: '#4b3d6e' },
  light: {
    background: '#fbfaff',
    foreground: '#1d1828',
    cursor: '#1d1828',
    selectionBackground: '#d9cdf5',
    // ANSI colours dark enough for contrast on a light background.
    cyan: '#0a6b7a',
    magenta: '#8a2b8f',
    yellow: '#7a5600',
    white: '#3d3650',
  },
};

/** A read-only terminal showing the sandbox processes' output. */
export function createTerminal(host: HTMLElement): WorkspaceTerminal {
  const terminal = new Terminal({
    convertEol: true,
    disableStdin: true,
    fontSize: 13,
    scrollback: 5000,
    screenReaderMode: false,
    theme: THEMES[currentTheme()],
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(host);
  const stopFollowingTheme = onThemeChange((theme) => {
    terminal.options.theme = THEMES[theme];
  });
  const refit = () => {
    if (host.offsetParent !== null) fit.fit();
  };
  const resizes = new ResizeObserver(refit);
  resizes.observe(host);
  refit();
  return {
    write: (text) => terminal.write(text),
    fit: refit,
    focus: () => terminal.focus(),
    clear: () => terminal.clear(),
    dispose() {
      stopFollowingTheme();
      resizes.disconnect();
      terminal.dispose();
    },
  };
}
