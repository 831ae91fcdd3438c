import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { readTyped, recogniseRating } from './answerRecognition.js';
import { readChoice, readChoiceByWord } from './typedChoice.js';

const { pack } = new FilePackSource().active('bops-exempel');
const set = (id: string) => pack.answerSets.find((s) => s.id === id)!.options;
const code = (options: ReturnType<typeof set>, typed: string) => {
  const read = readChoice(options, typed);
  return read.kind === 'one' ? read.option.code : read.kind;
};

describe('forgiving typed choices', () => {
  it('reads the number, the label, the label as the button shows it, and ignores case, accents, spacing and punctuation', () => {
    const yesNo = set('ja-nej-vetej');
    for (const typed of ['3', '3.', '3. Vet ej', '3 vet ej', 'vet ej', 'Vet Ej', 'VET EJ', 'vetej', 'vet-ej', "don't know", 'vet_ej']) expect(code(yesNo, typed), typed).toBe('vet_ej');
    for (const typed of ['1. Ja', '1. ja', 'Ja!', 'yes', 'j']) expect(code(yesNo, typed), typed).toBe('ja');
    // "vet inte" is how an officer says the method's "vet ej" (the red flags of the initial assessment).
    for (const typed of ['vet inte', 'Vet inte.', 'VET INTE', 'vetinte', 'jag vet inte', 'vet ej.', '3. Vet inte']) expect(code(yesNo, typed), typed).toBe('vet_ej');
    const relevance = set('relevans');
    for (const typed of ['1. Låg relevans', '1. lag relevans', 'låg relevans', 'Låg', 'lag', 'low']) expect(code(relevance, typed), typed).toBe('lag');
    expect(code(relevance, '3. Hög relevans')).toBe('hog');
  });

  it('asks back what fits more than one option, and never reads a number with another option\'s label', () => {
    const referral = set('remissbeslut');
    const read = readChoice(referral, 'remit');
    expect(read.kind).toBe('ambiguous');
    expect(read.kind === 'ambiguous' && read.candidates.map((o) => o.code)).toEqual(['remittera', 'remittera_inte']);
    expect(code(referral, 'remittera inte')).toBe('remittera_inte');
    expect(code(set('ja-nej-vetej'), '1. Nej')).toBe('none');
    for (const typed of ['', '0', '4', 'kanske', '   ']) expect(code(set('ja-nej-vetej'), typed), typed).toBe('none');
  });

  it('reads a presence rating as its letter, its word, its dash or the label on the button', () => {
    const presence = set('narvaro');
    const rating = (typed: string) => recogniseRating(presence, typed)?.code;
    for (const typed of ['J', 'j', 'ja', 'yes', 'J – förekommer']) expect(rating(typed), typed).toBe('j');
    for (const typed of ['D', 'delvis']) expect(rating(typed), typed).toBe('d');
    for (const typed of ['N', 'nej', 'no']) expect(rating(typed), typed).toBe('n');
    for (const typed of ['–', '-', '—', 'otillräcklig']) expect(rating(typed), typed).toBe('otillracklig');
    expect(rating('kanske')).toBeUndefined();
  });

  it('reads both periods of a presence question typed as letters, words or the labels the buttons show', () => {
    const sarasv = pack.instruments.find((i) => i.id === 'sarasv')!;
    const factor = sarasv.sections.flatMap((x) => x.items).find((i) => i.type === 'presence')!;
    const typed = (text: string) => readTyped(pack, factor, text);
    for (const [text, expected] of [
      ['J – förekommer, N – förekommer inte', ['nu:j', 'tidigare:n']],
      ['– otillräcklig information, J – förekommer', ['nu:otillracklig', 'tidigare:j']],
      ['förekommer, förekommer inte', ['nu:j', 'tidigare:n']],
      ['förekommer inte förekommer delvis', ['nu:n', 'tidigare:d']],
      ['ja vet ej', ['nu:j', 'tidigare:otillracklig']],
      ['vet ej, nej', ['nu:otillracklig', 'tidigare:n']],
      ['nu J tidigare D', ['nu:j', 'tidigare:d']],
      ['JD', ['nu:j', 'tidigare:d']],
    ] as const) expect(typed(text), text).toEqual(expected);
    for (const text of ['J – förekommer', 'kanske, ja', 'ja nej ja']) expect(typed(text), text).toBeUndefined();
  });
});

// The cases the engine's recogniseChoice (now removed: one reader for typed choices) was held to, on the pack version they were written for.
describe('typed choice, held to the cases of the engine’s former reader (1.0.0)', () => {
  const v1 = new FilePackSource().get('bops-exempel', '1.0.0')!.pack;
  const yesNo = v1.answerSets.find((s) => s.id === 'ja-nej-vetej')!.options;
  const relation = v1.answerSets.find((s) => s.id === 'relation')!.options;

  it('recognises a typed number, a label in either language and ignores case and diacritics', () => {
    expect(code(yesNo, '2')).toBe('nej');
    expect(code(yesNo, ' 3. ')).toBe('vet_ej');
    expect(code(yesNo, 'VET EJ')).toBe('vet_ej');
    expect(code(yesNo, 'yes')).toBe('ja');
    expect(code(relation, 'okand eller ingen kand person')).toBe('okand');
  });

  it('recognises the label exactly as the button shows it, number included, and a label typed without its spaces', () => {
    expect(code(yesNo, '1. Ja')).toBe('ja');
    expect(code(yesNo, '3. Vet ej')).toBe('vet_ej');
    expect(code(yesNo, 'vetej')).toBe('vet_ej');
    expect(code(yesNo, 'Vet Ej')).toBe('vet_ej');
    // A number and a label that disagree are not guessed at.
    expect(code(yesNo, '2. Ja')).toBe('none');
  });

  it('recognises nothing for an out-of-range number, empty text or an unknown word', () => {
    expect(code(yesNo, '0')).toBe('none');
    expect(code(yesNo, '4')).toBe('none');
    expect(code(yesNo, '   ')).toBe('none');
    expect(code(yesNo, 'kanske')).toBe('none');
  });
});

describe('measures typed by a word of their name', () => {
  const instrument = pack.instruments.find((i) => i.id === 'sarasv')!;
  const item = (part: string) => instrument.sections.flatMap((s) => s.items).find((i) => i.type === 'measures' && i.parts.includes(part as never))!;

  it('reads a word inside a measure’s name, alone or in a list, and nothing too short to tell or begun by no word', () => {
    expect(readTyped(pack, item('stod'), 'socialtjänsten')).toEqual(['socialtjanst']);
    expect(readTyped(pack, item('stod'), 'socialtjänsten, boende')).toEqual(['socialtjanst', 'skyddat_boende']);
    expect(readTyped(pack, item('stod'), 'Målsägandebiträde')).toEqual(['malsagandebitrade']);
    // "med" is in no name here but too short to read anyway; "stöd" begins only one name, read as before.
    expect(readTyped(pack, item('stod'), 'med')).toBeUndefined();
    // "kontaktförbud" is a name of its own and a word of three others: the exact name wins.
    expect(readTyped(pack, item('reducering'), 'kontaktförbud')).toEqual(['kontaktforbud']);
    // "Särskilt utvidgat kontaktförbud" and "Utvidgat kontaktförbud" both have a word "utvidgat": by word, neither.
    expect(readTyped(pack, item('reducering'), 'särskilt utvidgat')).toEqual(['kontaktforbud_sarskilt_utvidgat']);
    expect(readChoiceByWord(pack.measures.filter((m) => m.part === 'reducering').map((m) => ({ code: m.id, text: m.title })), 'utvidgat kontakt')).toBeUndefined();
    expect(readTyped(pack, item('reducering'), 'förbud')).toBeUndefined();
  });
});
