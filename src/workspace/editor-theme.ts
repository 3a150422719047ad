import * as monaco from 'monaco-editor/editor/editor.api.js';
import { currentTheme, onThemeChange, type Theme } from './theme.ts';

/** Monaco themes in the site's colours (global.css), so the editor does not look pasted in. */
monaco.editor.defineTheme('workshop-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#ffffff', 'editorLineNumber.foreground': '#6b6479' },
});
monaco.editor.defineTheme('workshop-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#1b1726', 'editorGutter.background': '#1b1726', 'editorLineNumber.foreground': '#a49db3' },
});

export const monacoTheme = (theme: Theme) => (theme === 'dark' ? 'workshop-dark' : 'workshop-light');

/** Applies the page's theme now and whenever it changes (Monaco's theme is global to all its editors). */
let following = false;

/** Monaco's theme is global: one listener serves every editor of the visit. */
export function followPageTheme(): void {
  monaco.editor.setTheme(monacoTheme(currentTheme()));
  if (following) return;
  following = true;
  onThemeChange((theme) => monaco.editor.setTheme(monacoTheme(theme)));
}
