import type { APIRoute, GetStaticPaths } from 'astro';
import { orderedSteps } from '../../lessons/course.ts';
import { filesForStep } from '../../lessons/step-files.ts';
import type { StepPayload } from '../../workspace/step-payload.ts';

export const getStaticPaths = (async () => {
  const steps = await orderedSteps();
  return steps.map((step) => ({ params: { id: step.id } }));
}) satisfies GetStaticPaths;

/** Fetched by the workspace after the lesson text has painted, so the page itself stays light. */
export const GET: APIRoute = async ({ params }) => {
  const steps = await orderedSteps();
  const ids = steps.map((step) => step.id);
  const id = String(params.id);
  const { start, solution } = filesForStep(id, ids);
  const payload: StepPayload = { id, start, solution };
  return new Response(JSON.stringify(payload), { headers: { 'Content-Type': 'application/json' } });
};
