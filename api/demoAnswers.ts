// The answers of a demo assessment (issue 16, items 4–5): one to every item of
// its instrument in the methodology pack, so the demo data holds answers in the
// number real use would — about 17 per initial assessment and 40–70 per
// structured one; at 100,000 cases over three million — and the figures are
// measured over that (`npm run bench statistics`). What the figures read is
// kept true to the case: the initial assessment's decision ('beslut') is its
// referral, the overall judgement item is the judgement, the measures items
// name the plan's measures. Every other answer is picked from the item's own
// options by a hash of the assessment and item, so the same set writes the
// same answers without holding millions of them in memory. Free text is a
// fixed, clearly fictitious sentence: never anything about a person.
import type { AnswerValue } from '../methodology/givenAnswers.js';
import { NO_MEASURE, type Instrument, type Pack } from '../methodology/packSchema.js';
import type { DemoAssessment, DemoCase } from './demoDataSet.js';

/** The initial instrument's decision item and its code for a referral to Bops. */
export const REFERRAL_ITEM = 'beslut';
export const REFERRAL_CODE = 'remittera';
const NOT_REFERRED_CODE = 'remittera_inte';
export const DEMO_TEXT = 'Demodata (fiktiv text)';
export const DEMO_RATIONALE = 'Demodata (fiktiv motivering)';

export interface DemoAnswer {
  itemId: string;
  value: AnswerValue;
  rationale: string | null;
}

type AnswerOf = (a: DemoAssessment, c: DemoCase) => AnswerValue;
export type DemoAnswerSheet = ReadonlyMap<string, readonly { itemId: string; answer: AnswerOf; rationale: string | null }[]>;

/** FNV-1a of the assessment id and item id: cheap, stable, spread enough to pick demo options. */
function pickIndex(assessmentId: string, itemId: string, n: number): number {
  let h = 0x811c9dc5;
  const s = `${assessmentId}/${itemId}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

function sheetOf(pack: Pack, instrument: Instrument) {
  const codes = (answerSet: string) => {
    const set = pack.answerSets.find((s) => s.id === answerSet);
    if (!set) throw new Error(`pack ${pack.id}@${pack.version} has no answer set "${answerSet}"`);
    return set.options.map((o) => o.code);
  };
  return instrument.sections.flatMap((s) => s.items).map((item) => {
    const itemId = item.id;
    const pick = (options: readonly string[], salt = ''): AnswerOf => (a) => options[pickIndex(a.id, itemId + salt, options.length)]!;
    let answer: AnswerOf;
    if (instrument.level === 'initial' && itemId === REFERRAL_ITEM) answer = (a) => (a.referred ? REFERRAL_CODE : NOT_REFERRED_CODE);
    else if (itemId === instrument.judgements?.overall) answer = (a, c) => a.judgement ?? pick(codes((item as { answerSet: string }).answerSet))(a, c);
    else
      switch (item.type) {
        case 'choice':
        case 'relevance':
          answer = pick(codes(item.answerSet));
          break;
        case 'text':
          answer = () => DEMO_TEXT;
          break;
        case 'presence': {
          const options = codes(item.answerSet);
          answer = (a, c) => item.periods.map((p) => `${p}:${pick(options, p)(a, c) as string}`);
          break;
        }
        case 'measures':
          answer = (_a, c) => {
            const ids = (c.plan?.measures ?? []).filter((m) => item.parts.includes(m.part)).map((m) => m.measureId);
            return ids.length > 0 ? [...new Set(ids)] : [NO_MEASURE];
          };
          break;
        default: {
          const never: never = item;
          throw new Error(`no demo answer for ${String(never)}`);
        }
      }
    return { itemId, answer, rationale: instrument.level === 'initial' && itemId === REFERRAL_ITEM ? DEMO_RATIONALE : null };
  });
}

/** What to answer for each instrument of the pack, by instrument id. */
export function demoAnswerSheet(pack: Pack): DemoAnswerSheet {
  return new Map(pack.instruments.map((i) => [i.id, sheetOf(pack, i)]));
}

/** Every answer of one demo assessment; throws when the pack has no such instrument. */
export function demoAnswersOf(sheet: DemoAnswerSheet, a: DemoAssessment, c: DemoCase): DemoAnswer[] {
  const items = sheet.get(a.instrumentId);
  if (!items) throw new Error(`the pack has no instrument "${a.instrumentId}" for demo answers`);
  return items.map(({ itemId, answer, rationale }) => ({ itemId, value: answer(a, c), rationale }));
}
