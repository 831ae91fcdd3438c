// What an officer sees of a method look-up: the hits as one Adaptive Card
// (schema 1.5, Action.Submit only, so Teams and the Agents Playground both
// operate it), each with title, a verbatim excerpt, the citation ("Källa:
// <pack> <version>, avsnitt <id>") and a button that shows the whole section;
// the whole section; and the guidance of the item an assessment stands on.
// Pure data: the text is the pack's, the frame is the message catalogue's.
import { z } from 'zod';
import { METHOD_DOCUMENT_KINDS, type MethodDocument } from '../methodology/methodDocuments.js';
import type { MethodHit } from '../methodology/methodSearch.js';
import type { LocalizedText } from '../methodology/packSchema.js';
import type { AdaptiveCard } from './cardRenderer.js';
import { SHOW_SECTION_VERB } from './commands.js';
import { localize, t, type Locale, type MessageKey } from './messageCatalogue.js';

export interface CitedPack {
  id: string;
  version: string;
  title: LocalizedText;
}

/** The data of a "show the whole section" button: which document, in which pack version. */
export const showSectionSubmitSchema = z.strictObject({
  verb: z.literal(SHOW_SECTION_VERB),
  kind: z.enum(METHOD_DOCUMENT_KINDS),
  id: z.string().min(1).max(200),
  pack: z.string().min(1).max(64),
  version: z.string().min(1).max(32),
});
export type ShowSectionSubmit = z.infer<typeof showSectionSubmitSchema>;

const card = (body: unknown[], fallbackText: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText,
  body,
});

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** "Källa: Bops metodstöd (exempelpaket) 1.0.0, avsnitt kontaktforbud" and its kin per kind of document. */
export function sourceLine(doc: MethodDocument, pack: CitedPack, locale: Locale): string {
  const base = { pack: localize(pack.title, locale), version: pack.version };
  switch (doc.kind) {
    case 'guideline':
      return t(locale, 'lookup.source.guideline', { ...base, id: doc.id });
    case 'glossary':
      return t(locale, 'lookup.source.glossary', { ...base, term: localize(doc.title, locale) });
    case 'measure':
      return t(locale, 'lookup.source.measure', { ...base, id: doc.id });
    case 'guidance':
      return t(locale, 'lookup.source.guidance', { ...base, instrument: doc.instrument ? localize(doc.instrument, locale) : '', id: doc.id.split('/').at(-1) ?? doc.id });
    default: {
      const never: never = doc.kind;
      return never;
    }
  }
}

function showButton(doc: MethodDocument, pack: CitedPack, locale: Locale) {
  const data: ShowSectionSubmit = { verb: SHOW_SECTION_VERB, kind: doc.kind, id: doc.id, pack: pack.id, version: pack.version };
  return { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'lookup.showSection'), data }] };
}

/** One hit as card elements: title, excerpt, citation and (in chat with the bot) the button. */
export function hitElements(hit: MethodHit, pack: CitedPack, locale: Locale, options: { withButton: boolean }): unknown[] {
  const elements: unknown[] = [
    textBlock(localize(hit.doc.title, locale), { weight: 'Bolder', separator: true, spacing: 'Medium' }),
    textBlock(localize(hit.excerpt, locale)),
    textBlock(sourceLine(hit.doc, pack, locale), { size: 'Small', isSubtle: true }),
  ];
  if (options.withButton) elements.push(showButton(hit.doc, pack, locale));
  return elements;
}

/** The hits of a look-up in one card. The question is not repeated: it may hold words the officer would not want echoed. */
export function lookupResultCard(hits: readonly MethodHit[], pack: CitedPack, locale: Locale): AdaptiveCard {
  const title = t(locale, 'lookup.title');
  const body: unknown[] = [textBlock(title, { size: 'Medium', weight: 'Bolder' })];
  for (const hit of hits) body.push(...hitElements(hit, pack, locale, { withButton: true }));
  const fallback = [title, ...hits.map((h) => `${localize(h.doc.title, locale)} – ${sourceLine(h.doc, pack, locale)}`)].join('\n');
  return card(body, fallback);
}

/** One hit alone, as a message extension inserts it into any chat (no button: the bot may not be in that chat). */
export function citedHitCard(hit: MethodHit, pack: CitedPack, locale: Locale): AdaptiveCard {
  return card(hitElements(hit, pack, locale, { withButton: false }), `${localize(hit.doc.title, locale)} – ${sourceLine(hit.doc, pack, locale)}`);
}

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

const DECIDER_KEYS: Record<string, MessageKey> = {
  polis: 'decider.polis',
  aklagare: 'decider.aklagare',
  skatteverket: 'decider.skatteverket',
  socialtjanst: 'decider.socialtjanst',
  domstol: 'decider.domstol',
  brottsofferstod: 'decider.brottsofferstod',
  kriminalvarden: 'decider.kriminalvarden',
};

/** Details of a measure beyond its passages: who decides. Passed in by the caller, which has the pack. */
export interface MeasureFacts {
  decidedBy: readonly string[];
  legalBasis: readonly LocalizedText[];
  preconditions: LocalizedText;
  followUp: LocalizedText;
  description: LocalizedText;
}

/** The whole document: every passage of it, with the citation; a measure with its labelled facts; a section with buttons to its sub-sections. */
export function fullSectionCard(doc: MethodDocument, pack: CitedPack, locale: Locale, measure?: MeasureFacts, children: readonly MethodDocument[] = []): AdaptiveCard {
  const title = localize(doc.title, locale);
  const body: unknown[] = [textBlock(title, { size: 'Medium', weight: 'Bolder' })];
  if (measure) {
    body.push(...paragraphs(localize(measure.description, locale)).map((p) => textBlock(p)));
    const facts = [
      { title: t(locale, 'measure.decidedBy'), value: measure.decidedBy.map((d) => (DECIDER_KEYS[d] ? t(locale, DECIDER_KEYS[d]) : d)).join(', ') },
      ...(measure.legalBasis.length ? [{ title: t(locale, 'measure.legalBasis'), value: measure.legalBasis.map((b) => localize(b, locale)).join('; ') }] : []),
      { title: t(locale, 'measure.preconditions'), value: localize(measure.preconditions, locale) },
      { title: t(locale, 'measure.followUp'), value: localize(measure.followUp, locale) },
    ];
    body.push({ type: 'FactSet', facts });
  } else {
    for (const passage of doc.passages) body.push(...paragraphs(localize(passage, locale)).map((p) => textBlock(p)));
  }
  const source = sourceLine(doc, pack, locale);
  body.push(textBlock(source, { size: 'Small', isSubtle: true }));
  if (children.length) {
    body.push(textBlock(t(locale, 'lookup.subsections'), { weight: 'Bolder', separator: true, spacing: 'Medium' }));
    body.push({
      type: 'ActionSet',
      actions: children.map((child) => {
        const data: ShowSectionSubmit = { verb: SHOW_SECTION_VERB, kind: child.kind, id: child.id, pack: pack.id, version: pack.version };
        return { type: 'Action.Submit', title: localize(child.title, locale), data };
      }),
    });
  }
  return card(body, `${title}\n${source}`);
}

/** The item an assessment stands on: its short name and, when the pack has one, its guidance document. */
export interface ItemGuidance {
  title: LocalizedText;
  guidance: { doc: MethodDocument; text: LocalizedText } | undefined;
}

/** The guidance of the item on screen, and the guideline sections that explain it, each with its button. */
export function guidanceCard(item: ItemGuidance, related: readonly MethodHit[], pack: CitedPack, locale: Locale): AdaptiveCard {
  const title = t(locale, 'guidance.title', { item: localize(item.title, locale) });
  const body: unknown[] = [textBlock(title, { size: 'Medium', weight: 'Bolder' })];
  if (item.guidance) {
    body.push(...paragraphs(localize(item.guidance.text, locale)).map((p) => textBlock(p)));
    body.push(textBlock(sourceLine(item.guidance.doc, pack, locale), { size: 'Small', isSubtle: true }));
  } else {
    body.push(textBlock(t(locale, 'guidance.none'), { isSubtle: true }));
  }
  if (related.length) {
    body.push(textBlock(t(locale, 'guidance.related'), { weight: 'Bolder', separator: true, spacing: 'Medium' }));
    for (const hit of related) body.push(...hitElements(hit, pack, locale, { withButton: true }));
  }
  return card(body, title);
}
