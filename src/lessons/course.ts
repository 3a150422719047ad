import { getCollection, type CollectionEntry } from 'astro:content';

export type Step = CollectionEntry<'steps'>;
export type Chapter = CollectionEntry<'chapters'>;

export interface CourseChapter {
  id: string;
  data: Chapter['data'];
  steps: Step[];
}

/** Course order is folder order: `NN-chapter/NN-step`. */
export async function loadCourse(): Promise<CourseChapter[]> {
  const [chapters, steps] = await Promise.all([getCollection('chapters'), getCollection('steps')]);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return chapters.sort(byId).map((chapter) => ({
    id: chapter.id,
    data: chapter.data,
    steps: steps.filter((step) => step.id.startsWith(`${chapter.id}/`)).sort(byId),
  }));
}

export async function orderedSteps(): Promise<Step[]> {
  return (await loadCourse()).flatMap((chapter) => chapter.steps);
}

export function stepUrl(stepId: string): string {
  return `/lessons/${stepId}/`;
}

