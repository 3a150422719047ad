/**
 * `lessons:new`'s engine: a new step folder with everything an author fills in. Never overwrites: a step folder
 * that exists is refused, and chapter.json is only written when missing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** lint reports this file while it still holds exactly this text (everything in solution/ is laid into the sandbox). */
export const solutionNotePath = 'README.md';
export const solutionNote = `Put here ONLY the files this step adds or changes, at their sandbox paths (backend/tracing.js,
backend/app.js, ...). The step starts from the previous step's solution; its solution is that plus this folder.

Delete this README once the folder holds the step's files: everything in solution/ is laid into the sandbox,
so a README.md here would replace the app's own. \`npm run lessons:lint\` reports it until then.
`;

const folderPattern = /^\d{2,}-[a-z0-9]+(-[a-z0-9]+)*$/;
const checksApi = fileURLToPath(new URL('../checks/index.ts', import.meta.url));

export interface ScaffoldOptions {
  lessonsRoot: string;
  /** "01-honeycomb/02-custom-span". */
  target: string;
  title?: string;
  chapterTitle?: string;
}

export type ScaffoldResult = { ok: true; created: string[] } | { ok: false; error: string };

/** "02-custom-span" → "Custom span". */
export function titleFromSlug(folder: string): string {
  const words = folder.replace(/^\d+-/, '').split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function scaffoldStep(options: ScaffoldOptions): ScaffoldResult {
  const parts = options.target.replace(/\/+$/, '').split('/');
  const [chapter, step] = parts;
  if (parts.length !== 2 || chapter === undefined || step === undefined || !folderPattern.test(chapter) || !folderPattern.test(step)) {
    return { ok: false, error: `expected <NN-chapter>/<NN-step-slug> (e.g. 01-honeycomb/02-custom-span), got "${options.target}"` };
  }
  const title = options.title ?? titleFromSlug(step);
  if (title.trim().length < 3) return { ok: false, error: '--title must be at least 3 characters (the schema says so)' };
  const chapterDir = join(options.lessonsRoot, chapter);
  const stepDir = join(chapterDir, step);
  if (existsSync(stepDir)) return { ok: false, error: `${stepDir} already exists; lessons:new never overwrites` };

  const files: Record<string, string> = {
    [join(stepDir, 'index.mdx')]: indexMdx(title),
    [join(stepDir, 'checks.ts')]: checksTs(stepDir, title),
    [join(stepDir, 'solution', solutionNotePath)]: solutionNote,
    [join(stepDir, 'variants', 'example', 'variant.json')]: variantJson(),
  };
  const chapterJson = join(chapterDir, 'chapter.json');
  if (!existsSync(chapterJson)) files[chapterJson] = `${JSON.stringify({ title: options.chapterTitle ?? titleFromSlug(chapter), summary: 'TODO: one sentence on what this chapter traces, shown in the course overview.' }, null, 2)}\n`;

  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents, { flag: 'wx' });
  }
  return { ok: true, created: Object.keys(files) };
}

function indexMdx(title: string): string {
  return `---
title: ${JSON.stringify(title)}
summary: "TODO: one or two sentences on what the learner builds in this step."
openFiles:
  - backend/app.js
preview:
  service: backend
  path: /api/activities/home
minutes: 10
---

TODO: the step's text. What the learner changes, and why, one small section at a time.

Show the code a learner writes in a fenced block titled with its sandbox path; \`npm run lessons:lint\` checks such
blocks against this step's solution (see lessons/AUTHORING.md, "Code shown in the text"):

~~~md
\`\`\`js title="backend/app.js"
require('./tracing'); // [!code ++]
\`\`\`
~~~
`;
}

function checksTs(stepDir: string, title: string): string {
  const api = relative(stepDir, checksApi).split(sep).join('/');
  return `/**
 * Step ${JSON.stringify(title)}: what "done" means, judged on what the app does (its answers and the spans it
 * exports). Source text may only choose a hint (pickHint). See lessons/AUTHORING.md.
 */
import { defineChecks, fail, pass, span, spanEvidence } from '${api.startsWith('.') ? api : `./${api}`}';

export default defineChecks({
  app: { cwd: 'backend', command: 'node', args: ['app.js'] },
  checks: [
    {
      id: 'example-span',
      title: 'TODO: a span "example" from service "backend-flask"',
      timeoutMs: 3000,
      hints: {
        'span-missing': 'TODO: what to do when no span named "example" arrives.',
      },
      async run(ctx) {
        await ctx.requestOnce('GET', '/api/activities/home');
        const result = await ctx.spans.waitFor(span({ name: 'example', service: 'backend-flask' }), { timeoutMs: 1500 });
        if (result.found) return pass(undefined, spanEvidence(result));
        return fail('span-missing', 'No span named "example" arrived after GET /api/activities/home.', spanEvidence(result));
      },
    },
  ],
});
`;
}

function variantJson(): string {
  return `${JSON.stringify(
    {
      description: 'TODO: one realistic mistake; put its broken files next to this file, at their sandbox paths.',
      fails: ['example-span'],
    },
    null,
    2,
  )}\n`;
}
