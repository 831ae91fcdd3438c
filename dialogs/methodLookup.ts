// The chat side of method look-ups: a question becomes a card of cited hits
// (or an honest "nothing found" with the closest pack words), a "show the
// whole section" button becomes the section in the exact pack version the
// card came from, and "?" / "vägledning" inside an assessment shows the
// guidance of the item on screen. It only reads the dialog's place, never
// writes it, so the officer continues where they were.
import { z } from 'zod';
import { methodSearchFor, type MethodHit, type MethodSearch } from '../methodology/methodSearch.js';
import { findItem } from '../methodology/instrumentEngine.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { Instrument, Item } from '../methodology/packSchema.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { fullSectionCard, guidanceCard, lookupResultCard, showSectionSubmitSchema, type ShowSectionSubmit } from './lookupCards.js';
import { localize, t, type Locale } from './messageCatalogue.js';

/** Related guideline sections shown with an item's guidance. */
const RELATED_SECTIONS = 2;

/**
 * The place of an assessment, read from the dialog instance state the
 * assessment dialog keeps (its runner snapshot). Read loosely on purpose: only
 * the pack version and the current item matter here, whatever else the
 * snapshot's version carries.
 */
const placeSchema = z
  .object({
    runner: z
      .object({ packId: z.string(), packVersion: z.string(), instrumentId: z.string().optional(), current: z.string().optional() })
      .loose(),
  })
  .loose();

const text = (value: string): OutgoingMessage => ({ kind: 'text', text: value });

export class MethodLookup {
  constructor(private readonly methodology: MethodologySource) {
    // Built now (a few hundred ms once) rather than on the first officer's question.
    this.activeSearch();
  }

  private activeSearch(): MethodSearch {
    return methodSearchFor(this.methodology.active(this.methodology.defaultPackId));
  }

  /** The data of a "show the whole section" button, or undefined when a submit is something else. */
  static showSectionOf(value: unknown): ShowSectionSubmit | undefined {
    const parsed = showSectionSubmitSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  /** The hits for a question in the active pack, with the pack they cite (for the Teams search command). */
  find(query: string, limit?: number): { hits: MethodHit[]; pack: MethodSearch['pack']; suggestions: string[] } {
    const search = this.activeSearch();
    return { ...search.search(query, limit), pack: search.pack };
  }

  /** Replies to a method question. */
  answer(query: string, locale: Locale): OutgoingMessage[] {
    if (query.trim() === '') return [text(t(locale, 'lookup.emptyQuery'))];
    const search = this.activeSearch();
    const { hits, suggestions } = search.search(query);
    if (hits.length) return [{ kind: 'card', card: lookupResultCard(hits, search.pack, locale) }];
    const lines = [t(locale, 'lookup.noResult')];
    const [first] = suggestions;
    if (first) lines.push(t(locale, 'lookup.suggestions', { terms: suggestions.map((s) => `**${s}**`).join(', '), first }));
    lines.push(t(locale, 'lookup.hint'));
    return [text(lines.join('\n\n'))];
  }

  /** The whole section a button names, from the pack version the button was made with. */
  showSection(data: ShowSectionSubmit, locale: Locale): OutgoingMessage[] {
    const loaded = this.methodology.get(data.pack, data.version);
    const doc = loaded && methodSearchFor(loaded).get({ kind: data.kind, id: data.id });
    if (!loaded || !doc) return [text(t(locale, 'lookup.sectionMissing', { pack: data.pack, version: data.version }))];
    const search = methodSearchFor(loaded);
    const measure = doc.kind === 'measure' ? loaded.pack.measures.find((m) => m.id === doc.id) : undefined;
    const children = doc.kind === 'guideline' ? loaded.pack.guidelines.filter((g) => g.parent === doc.id).flatMap((g) => search.get({ kind: 'guideline', id: g.id }) ?? []) : [];
    return [{ kind: 'card', card: fullSectionCard(doc, search.pack, locale, measure, children) }];
  }

  /**
   * The guidance of the item the assessment stands on, with the guideline
   * sections the item names (or its section's items name, or that best match
   * its question); a note when the dialog stands on no item yet.
   */
  guidance(dialogInstanceState: unknown, locale: Locale): OutgoingMessage[] {
    const place = placeSchema.safeParse(dialogInstanceState);
    const runner = place.success ? place.data.runner : undefined;
    const loaded = runner && this.methodology.get(runner.packId, runner.packVersion);
    const instrument = loaded && runner.instrumentId ? loaded.pack.instruments.find((i) => i.id === runner.instrumentId) : undefined;
    const item = instrument && runner?.current ? findItem(instrument, runner.current) : undefined;
    if (!loaded || !instrument || !item) return [text(t(locale, 'guidance.noQuestion'))];
    const search = methodSearchFor(loaded);
    const doc = search.get({ kind: 'guidance', id: `${instrument.id}/${item.id}` });
    const question = `${localize(item.shortText, 'sv')} ${localize(item.text, 'sv')}`;
    let related: MethodHit[] = guidelinesOf(instrument, item)
      .map((id) => search.hit({ kind: 'guideline', id }))
      .filter((h): h is MethodHit => h !== undefined)
      .slice(0, RELATED_SECTIONS);
    if (related.length === 0) related = search.search(question, RELATED_SECTIONS, ['guideline']).hits;
    const card = guidanceCard(
      { title: item.shortText, guidance: doc && item.guidance ? { doc, text: item.guidance } : undefined },
      related,
      search.pack,
      locale,
    );
    return [{ kind: 'card', card }];
  }
}

/**
 * The guideline sections an item's guidance points to: its own references; else its section's,
 * where the section speaks with one voice — a domain's factors share the scale its first factor
 * names — but not where its items name sections of their own (the red flags: the honour section
 * belongs to the honour question, not to the suicide threat beside it); else none, and the
 * search finds the best match.
 */
export function guidelinesOf(instrument: Instrument, item: Item): string[] {
  if (item.guidelines.length) return item.guidelines;
  const section = instrument.sections.find((s) => s.items.some((i) => i.id === item.id));
  const named = new Set((section?.items ?? []).filter((i) => i.guidelines.length).map((i) => JSON.stringify(i.guidelines)));
  return named.size === 1 ? (JSON.parse([...named][0]!) as string[]) : [];
}
