// What a method look-up can find in a pack, as one flat list: guideline
// sections, glossary entries, measures (with legal basis, preconditions and
// follow-up) and the guidance of instrument items. Every document keeps the
// pack's own texts unchanged (passages), so whatever the search shows is an
// excerpt of the method with a citable id, never text of ours.
import type { LoadedPack } from './methodologySource.js';
import type { LocalizedText } from './packSchema.js';

export const METHOD_DOCUMENT_KINDS = ['guideline', 'glossary', 'measure', 'guidance'] as const;
export type MethodDocumentKind = (typeof METHOD_DOCUMENT_KINDS)[number];

/** Where a document sits in the pack: the citation, together with the pack's title and version. */
export interface MethodRef {
  kind: MethodDocumentKind;
  /** Guideline, glossary and measure ids as in the pack; guidance as "<instrument>/<item>". */
  id: string;
}

export interface MethodDocument extends MethodRef {
  /** `${kind}:${id}`, unique within a pack. */
  key: string;
  title: LocalizedText;
  /** The pack texts of this document, in reading order (for a measure: description, legal bases, preconditions, follow-up). */
  passages: LocalizedText[];
  /** Guideline sections this document refers to (glossary, measures, items). */
  guidelines: string[];
  /** A guideline section's parent section. */
  parent?: string;
  /** A guidance document's instrument title. */
  instrument?: LocalizedText;
}

export const refKey = (ref: MethodRef): string => `${ref.kind}:${ref.id}`;

/** Every searchable document of the pack, in pack order. */
export function methodDocuments({ pack }: LoadedPack): MethodDocument[] {
  const docs: MethodDocument[] = [];
  const add = (doc: Omit<MethodDocument, 'key'>) => docs.push({ ...doc, key: refKey(doc) });
  for (const section of pack.guidelines) {
    add({ kind: 'guideline', id: section.id, title: section.title, passages: [section.body], guidelines: [], ...(section.parent ? { parent: section.parent } : {}) });
  }
  for (const entry of pack.glossary) {
    add({ kind: 'glossary', id: entry.id, title: entry.term, passages: [entry.definition], guidelines: [...entry.guidelines] });
  }
  for (const measure of pack.measures) {
    add({
      kind: 'measure',
      id: measure.id,
      title: measure.title,
      passages: [measure.description, ...measure.legalBasis, measure.preconditions, measure.followUp],
      guidelines: [...measure.guidelines],
    });
  }
  for (const instrument of pack.instruments) {
    for (const item of instrument.sections.flatMap((s) => s.items)) {
      if (!item.guidance) continue;
      add({
        kind: 'guidance',
        id: `${instrument.id}/${item.id}`,
        title: item.shortText,
        passages: [item.text, item.guidance],
        guidelines: [...item.guidelines],
        instrument: instrument.title,
      });
    }
  }
  return docs;
}
