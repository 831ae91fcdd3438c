// Look-up cards are what Teams and the Agents Playground can operate (schema
// 1.5, Action.Submit only), cite their source, and repeat nothing the officer typed.
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { methodSearchFor } from '../methodology/methodSearch.js';
import { adaptiveCardText, submitActions } from '../test/adaptiveCardText.js';
import { recogniseCommand, recogniseSearch, SHOW_SECTION_VERB } from './commands.js';
import { citedHitCard, fullSectionCard, lookupResultCard, showSectionSubmitSchema } from './lookupCards.js';
import { MethodLookup } from './methodLookup.js';

const loaded = new FilePackSource().active('bops-exempel');
const search = methodSearchFor(loaded);

const actionTypes = (card: unknown): string[] => JSON.stringify(card).match(/"type":"Action\.[A-Za-z]+"/g) ?? [];

describe('look-up cards', () => {
  it('show each hit with title, excerpt, citation and a submit that names the section and pack version', () => {
    // A question may name someone; the card must not repeat it.
    const { hits } = search.search('utvidgat kontaktförbud för Testperson Testsson');
    const card = lookupResultCard(hits, search.pack, 'sv');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(new Set(actionTypes(card))).toEqual(new Set(['"type":"Action.Submit"']));
    const text = adaptiveCardText(card);
    expect(text).toContain('Källa: Bops metodstöd (exempelpaket) 1.1.1, avsnitt kontaktforbud');
    expect(text).not.toContain('Testsson');
    const buttons = submitActions(card);
    expect(buttons).toHaveLength(hits.length);
    for (const [i, b] of buttons.entries()) {
      expect(b.title).toBe('Visa hela avsnittet');
      expect(showSectionSubmitSchema.parse(b.data)).toEqual({ verb: SHOW_SECTION_VERB, kind: hits[i]!.doc.kind, id: hits[i]!.doc.id, pack: 'bops-exempel', version: '1.1.1' });
    }
  });

  it('show a measure whole with who decides, legal basis, preconditions and follow-up', () => {
    const doc = search.get({ kind: 'measure', id: 'kontaktforbud_utvidgat' })!;
    const measure = loaded.pack.measures.find((m) => m.id === 'kontaktforbud_utvidgat');
    const text = adaptiveCardText(fullSectionCard(doc, search.pack, 'sv', measure));
    expect(text).toMatch(/^Utvidgat kontaktförbud\n/);
    expect(text).toContain('Beslutas av: Åklagare');
    expect(text).toContain('Rättslig grund: lag (1988:688) om kontaktförbud 2 § första stycket');
    expect(text).toMatch(/Källa: Bops metodstöd \(exempelpaket\) 1\.1\.1, åtgärdskatalogen: kontaktforbud_utvidgat$/);
  });

  it('names Kriminalvården as the one who gives notice before a release (1.1.1), in both languages', () => {
    const doc = search.get({ kind: 'measure', id: 'underrattelse_frigivning' })!;
    const measure = loaded.pack.measures.find((m) => m.id === 'underrattelse_frigivning');
    expect(adaptiveCardText(fullSectionCard(doc, search.pack, 'sv', measure))).toContain('Beslutas av: Kriminalvården');
    expect(adaptiveCardText(fullSectionCard(doc, search.pack, 'en', measure))).toContain('Prison and Probation Service');
  });

  it('show a section whole with buttons to its sub-sections, through the bot as an officer would press them', () => {
    const lookup = new MethodLookup(new FilePackSource());
    const [message] = lookup.showSection({ verb: SHOW_SECTION_VERB, kind: 'guideline', id: 'reducering', pack: 'bops-exempel', version: '1.0.0' }, 'sv');
    expect(message?.kind).toBe('card');
    const card = message?.kind === 'card' ? message.card : undefined;
    expect(adaptiveCardText(card)).toMatch(/^Reducering av hotaktör\nOffensiva åtgärder riktas mot hotaktören/);
    expect(submitActions(card).map((a) => a.title)).toEqual(['Riskreducerande insatser (RRI)', 'Kontaktförbud']);
    const [missing] = lookup.showSection({ verb: SHOW_SECTION_VERB, kind: 'guideline', id: 'reducering', pack: 'bops-exempel', version: '9.9.9' }, 'sv');
    expect(missing).toEqual({ kind: 'text', text: 'Det avsnittet finns inte i metodstödet bops-exempel 9.9.9.' });
  });

  it('insert a single hit without any button, in English when asked', () => {
    const [hit] = search.search('contact ban').hits;
    const card = citedHitCard(hit!, search.pack, 'en');
    expect(submitActions(card)).toEqual([]);
    expect(adaptiveCardText(card)).toMatch(/Source: Bops method support \(example pack\) 1\.1\.1, /);
  });
});

describe('look-up words', () => {
  it('take the question after sök or search, and nothing else', () => {
    expect(recogniseSearch('sök utvidgat kontaktförbud')).toBe('utvidgat kontaktförbud');
    expect(recogniseSearch('Search: contact ban')).toBe('contact ban');
    expect(recogniseSearch('sök')).toBe('');
    expect(recogniseSearch('söker skydd')).toBeUndefined();
    expect(recogniseSearch('vad är RRI?')).toBeUndefined();
  });

  it('make "?" guidance, no longer help', () => {
    expect(recogniseCommand('?')).toBe('guidance');
    expect(recogniseCommand('vägledning')).toBe('guidance');
    expect(recogniseCommand('hjälp')).toBe('help');
  });
});
