// The search core on a small fixture pack (fictitious wording written for
// this test): Swedish inflection, definite forms, compounds, diacritics,
// abbreviations via the glossary, excerpts and "did you mean".
import { describe, expect, it } from 'vitest';
import { canonicalHash } from './canonicalHash.js';
import { glossaryAbbreviations } from './glossaryAbbreviations.js';
import { methodSearchFor } from './methodSearch.js';
import type { LoadedPack } from './methodologySource.js';
import { parsePack } from './packValidation.js';

const raw = {
  id: 'sokfixtur',
  version: '1.0.0',
  status: 'active',
  effectiveFrom: '2026-01-01',
  title: { sv: 'Sökfixtur', en: 'Search fixture' },
  answerSets: [{ id: 'jn', options: [{ code: 'ja', text: { sv: 'Ja' } }, { code: 'nej', text: { sv: 'Nej' } }] }],
  instruments: [
    {
      id: 'initial',
      level: 'initial',
      title: { sv: 'Initial bedömning' },
      sections: [
        {
          id: 'hotbild',
          title: { sv: 'Hotbild' },
          items: [
            {
              id: 'hotbildsfraga',
              type: 'choice',
              answerSet: 'jn',
              text: { sv: 'Känner sig den utsatta hotad?' },
              shortText: { sv: 'Hotbildsfrågan' },
              guidance: { sv: 'Ställ hotbildsfrågan i varje anmälan om brott mot person.' },
              guidelines: ['initial-bedomning'],
            },
          ],
        },
      ],
    },
  ],
  measures: [
    {
      id: 'kontaktforbud-utvidgat',
      part: 'reducering',
      title: { sv: 'Utvidgat kontaktförbud' },
      description: { sv: 'Förbud att uppehålla sig i närheten av den skyddades bostad eller arbetsplats.' },
      legalBasis: [{ sv: 'lag (1988:688) om kontaktförbud 2 § första stycket' }],
      decidedBy: ['aklagare'],
      preconditions: { sv: 'Ett vanligt kontaktförbud har överträtts eller bedöms inte räcka.' },
      followUp: { sv: 'Följ upp efterlevnaden och anmäl överträdelser.' },
      guidelines: ['kontaktforbud'],
    },
  ],
  guidelines: [
    { id: 'initial-bedomning', title: { sv: 'Initial bedömning' }, body: { sv: 'Den initiala bedömningen görs när anmälan tas upp. Den som tar upp anmälan ställer hotbildsfrågan.' } },
    {
      id: 'kontaktforbud',
      title: { sv: 'Kontaktförbud', en: 'Contact bans' },
      body: {
        sv: 'Kontaktförbudet beslutas av åklagare. Ett utvidgat förbud gäller även områden nära bostaden. Överträdelser är brott och ska anmälas.',
        en: 'A contact ban is decided by a prosecutor. An extended ban also covers areas near the home. Breaches are crimes and are reported.',
      },
    },
    { id: 'forfoljelse', title: { sv: 'Förföljelse' }, body: { sv: 'Vid förföljelse används SAM. Upprepade kontakter, bevakning och hot är vanliga inslag.' } },
    { id: 'riskreducerande', title: { sv: 'Riskreducerande insatser' }, body: { sv: 'Samtal med hotaktören utanför utredningen, frivilligt och framåtblickande.' } },
    { id: 'offensiva', title: { sv: 'Offensiva åtgärder' }, body: { sv: 'Åtgärder mot hotaktören, till exempel riskreducerande insatser.' } },
    { id: 'riskbedomning', title: { sv: 'Riskbedömning' }, body: { sv: 'En strukturerad riskbedömning följer sex steg. Den gäller risken för nytt våld och dokumenteras med motivering.' } },
  ],
  glossary: [
    { id: 'rri', term: { sv: 'RRI' }, definition: { sv: 'Riskreducerande insatser: strukturerade samtal med hotaktören.' }, guidelines: ['riskreducerande'] },
    { id: 'spj', term: { sv: 'Strukturerad professionell bedömning (SPJ)' }, definition: { sv: 'Bedömning i bestämda steg utan poänggräns.' } },
  ],
};

function fixture(): LoadedPack {
  const parsed = parsePack(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { pack: parsed.pack, hash: canonicalHash(parsed.pack) };
}

const search = methodSearchFor(fixture());
const top = (q: string, n = 1) => search.search(q, n).hits.map((h) => h.doc.key);

describe('method search', () => {
  it('finds a section by an inflected form: plural and definite', () => {
    expect(top('förföljelser')).toEqual(['guideline:forfoljelse']);
    expect(top('vad gäller för kontaktförbudet?')).toContain('guideline:kontaktforbud');
  });

  it('ignores case and diacritics', () => {
    expect(top('KONTAKTFORBUD')).toContain('guideline:kontaktforbud');
    expect(top('forfoljelse')).toEqual(['guideline:forfoljelse']);
  });

  it('meets compounds from either side', () => {
    expect(search.vocabulary.compoundParts('riskbedomning')).toEqual(['risk', 'bedomning']);
    expect(top('bedömningar av risk', 3)).toContain('guideline:riskbedomning');
    expect(top('hotbildsfråga', 3)).toEqual(expect.arrayContaining(['guideline:initial-bedomning']));
  });

  it('finds the section behind an abbreviation through the glossary', () => {
    expect(top('vad är RRI?', 2)).toEqual(['glossary:rri', 'guideline:riskreducerande']);
  });

  it('reads abbreviations and their long forms from the glossary, and looks both up', () => {
    expect(glossaryAbbreviations(fixture().pack)).toEqual(new Map([['rri', 'Riskreducerande insatser'], ['spj', 'Strukturerad professionell bedömning']]));
    // The section says "riskreducerande insatser" only and no glossary entry points to it.
    expect(top('rri', 3)).toContain('guideline:offensiva');
  });

  it('searches measures with their legal basis and item guidance', () => {
    expect(top('1988:688 2 §', 1)).toEqual(['measure:kontaktforbud-utvidgat']);
    expect(search.get({ kind: 'guidance', id: 'initial/hotbildsfraga' })?.instrument?.sv).toBe('Initial bedömning');
  });

  it('shows a verbatim excerpt: the sentence that matches best', () => {
    const hit = search.search('vem beslutar om kontaktförbud').hits.find((h) => h.doc.key === 'guideline:kontaktforbud');
    expect(hit?.excerpt.sv.startsWith('Kontaktförbudet beslutas av åklagare.')).toBe(true);
    expect(raw.guidelines[1]!.body.sv.includes(hit!.excerpt.sv.replace(/ ?…$/, ''))).toBe(true);
    expect(hit?.excerpt.en).toBeDefined();
  });

  it('finds nothing for an unrelated question and suggests the closest pack words', () => {
    const result = search.search('pizza');
    expect(result.hits).toEqual([]);
    expect(search.search('vad är det här').hits).toEqual([]);
    const typo = search.search('hotaktr');
    expect(typo.hits.length === 0 ? typo.suggestions : search.suggest('hotaktr')).toContain('hotaktören');
  });
});
