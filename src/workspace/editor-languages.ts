import * as monaco from 'monaco-editor/editor/editor.api.js';

/**
 * Which Monaco language a file opens in. JavaScript under frontend/ is browser code the lessons do not touch;
 * type-checking it against Node's types only produces noise, so it gets JavaScript colouring without the
 * language service ("javascript-unchecked"). The solution diff uses the same for its throwaway models.
 */
export const UNCHECKED_JS = 'javascript-unchecked';

const LANGUAGES: Record<string, string> = {
  js: 'javascript',
  cjs: 'javascript',
  mjs: 'javascript',
  ts: 'typescript',
  json: 'json',
  html: 'html',
  css: 'css',
  md: 'markdown',
};

export function languageOf(path: string, options: { checked?: boolean } = {}): string {
  const language = LANGUAGES[path.split('.').pop() ?? ''] ?? 'plaintext';
  if (language === 'javascript' && (options.checked === false || path.startsWith('frontend/'))) return UNCHECKED_JS;
  return language;
}

let registered = false;

/** Idempotent: the editor and the solution diff both ask for it. */
export function registerUncheckedJavaScript(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: UNCHECKED_JS, aliases: ['JavaScript'] });
  monaco.languages.onLanguage(UNCHECKED_JS, async () => {
    const { conf, language } = await import('monaco-editor/languages/definitions/javascript/javascript.js');
    monaco.languages.setMonarchTokensProvider(UNCHECKED_JS, language);
    monaco.languages.setLanguageConfiguration(UNCHECKED_JS, conf);
  });
}
