// Method look-ups for other clients: search the active pack's guideline
// sections, glossary, measures and item guidance, and read one guideline
// section whole. Method text carries no personal data, so any authenticated
// officer may read it and nothing is written to the audit log (which records
// personal-data processing); every hit names the pack version it cites.
import type { MethodDocument } from '../methodology/methodDocuments.js';
import { methodSearchFor } from '../methodology/methodSearch.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { LocalizedText } from '../methodology/packSchema.js';
import { itemIdSchema } from './idSchemas.js';
import { guidelineSectionResponseSchema, methodSearchQuerySchema, methodSearchResponseSchema, type GuidelineSectionResponse, type MethodSearchResponse } from './methodologyContract.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError } from './problem.js';
import { parseRequestPart } from './routeGuards.js';

export interface MethodologyHandlersDeps {
  methodology: MethodologySource;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function methodologyHandlers({ methodology }: MethodologyHandlersDeps): OperationHandlers<'searchMethodology' | 'getGuidelineSection'> {
  const active = () => methodology.active(methodology.defaultPackId);
  return {
    searchMethodology(req, res) {
      const { q, limit } = parseRequestPart(methodSearchQuerySchema, req.query, 'query');
      const search = methodSearchFor(active());
      const result = search.search(q, limit);
      const hit = (doc: MethodDocument, excerpt: LocalizedText, score: number) => ({ kind: doc.kind, id: doc.id, title: doc.title, excerpt, guidelines: doc.guidelines, score: round(score) });
      res.json(
        methodSearchResponseSchema.parse({
          pack: search.pack,
          hits: result.hits.map((h) => hit(h.doc, h.excerpt, h.score)),
          suggestions: result.suggestions,
        } satisfies MethodSearchResponse),
      );
    },
    getGuidelineSection(req, res) {
      const id = parseRequestPart(itemIdSchema, req.params.id, 'path');
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
    },
  };
}
