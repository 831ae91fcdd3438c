// The contract of the method look-ups (/methodology/…): query and response
// schemas, shared by the handlers that validate with them, the OpenAPI
// document and the clients that parse with them. Every hit cites the pack
// version it comes from.
import { z } from 'zod';
import { METHOD_DOCUMENT_KINDS } from '../methodology/methodDocuments.js';
import { DEFAULT_HIT_LIMIT, MAX_HIT_LIMIT, MAX_QUERY_LENGTH } from '../methodology/methodSearch.js';
import { localizedTextSchema } from '../methodology/packSchema.js';

export const methodSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
  limit: z.coerce.number().int().min(1).max(MAX_HIT_LIMIT).default(DEFAULT_HIT_LIMIT),
});

const citedPackSchema = z.object({ id: z.string(), version: z.string(), title: localizedTextSchema });

export const methodHitSchema = z.object({
  kind: z.enum(METHOD_DOCUMENT_KINDS),
  id: z.string(),
  title: localizedTextSchema,
  excerpt: localizedTextSchema,
  /** Guideline sections the hit refers to (for glossary entries, measures and items). */
  guidelines: z.array(z.string()),
  score: z.number(),
});

export const methodSearchResponseSchema = z.object({
  pack: citedPackSchema,
  hits: z.array(methodHitSchema),
  /** Pack words closest to the question, when there are no hits. */
  suggestions: z.array(z.string()),
});
export type MethodSearchResponse = z.infer<typeof methodSearchResponseSchema>;

export const guidelineSectionResponseSchema = z.object({
  pack: citedPackSchema,
  id: z.string(),
  parent: z.string().nullable(),
  title: localizedTextSchema,
  body: localizedTextSchema,
  /** Sections directly under this one. */
  children: z.array(z.object({ id: z.string(), title: localizedTextSchema })),
});
export type GuidelineSectionResponse = z.infer<typeof guidelineSectionResponseSchema>;
