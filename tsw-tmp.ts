import { TypeScriptWorker } from 'monaco-editor/languages/features/typescript/tsWorker.js';
import { collectTypeBundle } from '/work/main/src/scripts/build-types.ts';
import { JS_COMPILER_OPTIONS } from '/work/main/src/workspace/type-options.ts';
import { readTree } from '/work/main/src/lessons/step-files.ts';
const bundle = collectTypeBundle('/work/main/starter-app/node_modules');
const extraLibs: Record<string, {content: string; version: number}> = {};
for (const [p, c] of Object.entries(bundle.files)) extraLibs['file:///' + p] = { content: c, version: 1 };
const files = { ...readTree('/work/main/starter-app', new Set(['node_modules','test','package-lock.json'])), ...readTree('/work/main/lessons/01-honeycomb/01-home-activities-span/solution') };
files['backend/typo.js'] = "const { trace } = require('@opentelemetry/api');\ntrace.getTracer('x').startActiveSpan('s', (span) => { span.setAtribute('a', 1); span.end(); });\n";
const models = Object.entries(files).filter(([p]) => p.endsWith('.js')).map(([p, text]) => ({ uri: { path: '/' + p, toString: () => 'file:///' + p }, getValue: () => text, version: 1 }));
const worker = new TypeScriptWorker({ getMirrorModels: () => models } as any, { compilerOptions: JS_COMPILER_OPTIONS, extraLibs, inlayHintsOptions: {} } as any);
const t = Date.now();
for (const m of models) {
  const d = [...await worker.getSyntacticDiagnostics(m.uri.toString()), ...await worker.getSemanticDiagnostics(m.uri.toString()), ...await worker.getSuggestionDiagnostics(m.uri.toString())];
  if (d.length) console.log(m.uri.toString(), d.map((x: any) => x.code + ' ' + (typeof x.messageText === 'string' ? x.messageText : x.messageText.messageText)));
}
console.log('ms', Date.now() - t);
const src = files['backend/typo.js']; const pos = src.indexOf('setAtribute');
console.log(await worker.getQuickInfoAtPosition('file:///backend/typo.js', src.indexOf('getTracer') + 2));
