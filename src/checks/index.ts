/**
 * The check-authoring API imported by each `lessons/<chapter>/<step>/checks.ts`.
 *
 *   export default defineChecks({
 *     app: { cwd: 'backend', command: 'node', args: ['app.js'] },
 *     checks: [{ id, title, hints: { reason: 'hint' }, async run(ctx) { ... return pass() / fail(reason, message) } }],
 *   });
 *
 * Checks judge what the app really did (responses, spans received); source text may only pick a hint (`pickHint`).
 */
export { defineChecks, defineCheck, pass, fail, spanEvidence, diffOn, hintFor } from './define.ts';
export { span, type SpanSpec } from './span-matcher.ts';
export { equals, present, anyString, anyNumber, anyInteger, anyBoolean, matching, oneOf, isoString, typeName } from './values.ts';
export { describeDiffs, summarizeSpan } from './span-search.ts';
export type * from './types.ts';
export type * from './results.ts';
