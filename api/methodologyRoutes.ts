// Method look-ups for other clients: search the active pack's guideline
// sections, glossary, measures and item guidance, and read one guideline
// section whole. Method text carries no personal data, so any authenticated
// officer may read it and nothing is written to the audit log (which records
// personal-data processing); every hit names the pack version it cites.
import { Router } from 'express';
import { z } from 'zod';
import { METHOD_DOCUMENT_KINDS, type MethodDocument } from '../methodology/methodDocuments.js';
import { DEFAULT_HIT_LIMIT, MAX_HIT_LIMIT, MAX_QUERY_LENGTH, methodSearchFor } from '../methodology/methodSearch.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { localizedTextSchema } from '../methodology/packSchema.js';
import { ProblemError } from './problem.js';
import { parseRequestPart } from './routeGuards.js';

export const METHODOLOGY_ROUTES = {
  search: '/methodology/search',
  section: '/methodology/sections/:id',
} as const;

export interface MethodologyRoutesDeps {
  methodology: MethodologySource;
}

export const methodSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
  limit: z.coerce.number().int().min(1).max(MAX_HIT_LIMIT).default(DEFAULT_HIT_LIMIT),
});

const sectionIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/);

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

const round = (n: number) => Math.round(n * 1000) / 1000;

export function methodologyRoutes({ methodology }: MethodologyRoutesDeps): Router {
  const router = Router();
  const active = () => methodology.active(methodology.defaultPackId);

  router.get(METHODOLOGY_ROUTES.search, (req, res) => {
    const { q, limit } = parseRequestPart(methodSearchQuerySchema, req.query, 'query');
    const search = methodSearchFor(active());
    const result = search.search(q, limit);
    const hit = (doc: MethodDocument, excerpt: z.infer<typeof localizedTextSchema>, score: number) => ({
      kind: doc.kind,
      id: doc.id,
      title: doc.title,
      excerpt,
      guidelines: doc.guidelines,
      score: round(score),
    });
    res.json(
      methodSearchResponseSchema.parse({
        pack: search.pack,
        hits: result.hits.map((h) => hit(h.doc, h.excerpt, h.score)),
        suggestions: result.suggestions,
      } satisfies MethodSearchResponse),
    );
  });

  router.get(METHODOLOGY_ROUTES.section, (req, res) => {
    const id = parseRequestPart(sectionIdSchema, req.params.id, 'path');
    const loaded = active();
    const section = loaded.pack.guidelines.find((s) => s.id === id);
    if (!section) throw new ProblemError('not-found', `no guideline section "${id}" in ${loaded.pack.id}@${loaded.pack.version}`);
    const { id: packId, version, title } = loaded.pack;
    res.json(
      guidelineSectionResponseSchema.parse({
        pack: { id: packId, version, title },
        id: section.id,
        parent: section.parent ?? null,
        title: section.title,
        body: section.body,
        children: loaded.pack.guidelines.filter((s) => s.parent === section.id).map((s) => ({ id: s.id, title: s.title })),
      } satisfies GuidelineSectionResponse),
    );
  });

  return router;
}
