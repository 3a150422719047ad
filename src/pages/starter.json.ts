import type { APIRoute } from 'astro';
import { starterFiles } from '../lessons/step-files.ts';

/** The starter app's files: what "Download patch" diffs against, fetched only when a learner asks for a patch. */
export const GET: APIRoute = () => new Response(JSON.stringify(starterFiles()), { headers: { 'Content-Type': 'application/json' } });
