/**
 * `variants/<name>/variant.json`: what a broken solution is and which checks it must not pass.
 *
 *   { "description": "span named with the bootcamp's typo",
 *     "fails": ["span-named", "span-attributes", "span-in-request"],
 *     "reasons": { "span-named": "span-name-typo" },           optional: the failure reason a check must report
 *     "terminal": ["aws xray create-group ..."] }              optional: this step's terminal commands, mistyped
 *
 * `fails` lists every check that must end NOT passed (failed, or waiting because a check it needs did not pass),
 * optional checks included; every check not listed must pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { variantFileName } from './step-states.ts';

const checkId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a check id (kebab-case)');

export const variantSchema = z
  .object({
    description: z.string().min(10, 'say in a sentence what this variant gets wrong'),
    fails: z.array(checkId).min(1, 'a variant that fails no check proves nothing'),
    reasons: z.record(checkId, z.string().min(1)).optional(),
    /** The commands typed in the terminal in this step, instead of the step's terminal.json (a mistake made there). */
    terminal: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type VariantSpec = z.infer<typeof variantSchema>;

export type VariantRead = { ok: true; spec: VariantSpec } | { ok: false; problems: { field: string; message: string }[] };

export function readVariantSpec(variantDir: string): VariantRead {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(variantDir, variantFileName), 'utf8'));
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not valid JSON: ${(error as Error).message}`;
    return { ok: false, problems: [{ field: '', message }] };
  }
  const parsed = variantSchema.safeParse(raw);
  if (parsed.success) {
    const spec = parsed.data;
    const stray = Object.keys(spec.reasons ?? {}).filter((id) => !spec.fails.includes(id));
    if (stray.length > 0) return { ok: false, problems: stray.map((id) => ({ field: `reasons.${id}`, message: 'a reason is only expected for a check listed in "fails"' })) };
    return { ok: true, spec };
  }
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })) };
}
