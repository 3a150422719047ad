import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema, stepSchema } from './lessons/schema.ts';

/** Step ids are their folder paths, e.g. `01-honeycomb/01-home-activities-span`. */
const steps = defineCollection({
  loader: glob({
    pattern: '*/*/index.mdx',
    base: './lessons',
    generateId: ({ entry }) => entry.replace(/\/index\.mdx$/, ''),
  }),
  schema: stepSchema,
});

const chapters = defineCollection({
  loader: glob({
    pattern: '*/chapter.json',
    base: './lessons',
    generateId: ({ entry }) => entry.replace(/\/chapter\.json$/, ''),
  }),
  schema: chapterSchema,
});

export const collections = { steps, chapters };
