// Monaco ships this module (the JavaScript Monarch grammar) without a declaration file; editor-languages.ts
// reuses it for JavaScript that is coloured but not type-checked.
declare module 'monaco-editor/languages/definitions/javascript/javascript.js' {
  import type { languages } from 'monaco-editor/editor/editor.api.js';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
