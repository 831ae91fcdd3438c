// What changed between a case's previous completed assessment and its
// re-assessment (omprövning, issue 12 item 5): the factors whose rating
// changed (presence now/earlier, relevance), the officer's summary judgements
// side by side, the measures of the plans (added, no longer planned, kept),
// and how far from the planned date the re-assessment was done. Pure: the
// dialog shows it at completion, and a test can recompute it from what the API
// holds. It describes; it never judges — the judgements are the officer's own.
import { applicableItems, type AnswerValue, type Answers } from './instrumentEngine.js';
import type { Instrument, Item, MeasurePart } from './packSchema.js';
import { readPresence } from './presenceAnswer.js';
import { JUDGEMENT_KINDS, type JudgementKind } from './reassessmentDue.js';

/** A measure of a plan, as the plans hold it; status only on a saved plan (the previous one). */
export interface PlannedMeasure {
  part: MeasurePart;
  measureId: string;
  status?: string;
}

/** One side of the comparison: the assessment's answers and the measures of its plan. */
export interface AssessmentSide {
  answers: Answers;
  measures: readonly PlannedMeasure[];
}

/** A factor (presence or relevance item) rated differently, or rated on one side only (undefined: not applicable there). */
export interface FactorChange {
  itemId: string;
  from: AnswerValue | undefined;
  to: AnswerValue | undefined;
}

/** A summary judgement on both sides; `changed` when the officer judged otherwise this time. */
export interface JudgementChange {
  kind: JudgementKind;
  itemId: string;
  from: string | undefined;
  to: string | undefined;
  changed: boolean;
}

export interface AssessmentChanges {
  /** In instrument order. */
  factors: FactorChange[];
  /** Factors rated on both sides with the same rating. */
  unchangedFactors: number;
  /** Every judgement the instrument has, in the order overall, serious violence, acute. */
  judgements: JudgementChange[];
  measures: { added: PlannedMeasure[]; removed: PlannedMeasure[]; kept: PlannedMeasure[] };
  /** Days from the previous plan's re-assessment date to this re-assessment (negative: early); undefined without either date. */
  daysFromDue: number | undefined;
}

const isFactor = (item: Item) => item.type === 'presence' || item.type === 'relevance';

/** Two answers are the same rating: presence tokens compared per period, whatever their order. */
function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  const ra = readPresence(a);
  const rb = readPresence(b);
  if (ra && rb) return JSON.stringify(Object.entries(ra).sort()) === JSON.stringify(Object.entries(rb).sort());
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

const singleCode = (value: AnswerValue | undefined) => (typeof value === 'string' ? value : undefined);

/** Whole days from `from` to `to` (YYYY-MM-DD); undefined when either is missing or malformed. */
function daysBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.round((b - a) / 86_400_000);
}

/**
 * Compares a re-assessment with the case's previous assessment of the same instrument. Only items
 * that apply on a side count there (an answer an earlier answer switched off is no rating). The
 * measures are compared by measure id; `previousDueOn` is the previous plan's re-assessment date and
 * `doneOn` the day of this re-assessment.
 */
export function assessmentChanges(
  instrument: Instrument,
  previous: AssessmentSide,
  current: AssessmentSide,
  dates: { previousDueOn?: string | undefined; doneOn?: string | undefined } = {},
): AssessmentChanges {
  const before = new Set(applicableItems(instrument, previous.answers).map((i) => i.id));
  const now = new Set(applicableItems(instrument, current.answers).map((i) => i.id));
  const factors: FactorChange[] = [];
  let unchangedFactors = 0;
  for (const item of instrument.sections.flatMap((s) => s.items).filter(isFactor)) {
    const from = before.has(item.id) ? previous.answers[item.id]?.value : undefined;
    const to = now.has(item.id) ? current.answers[item.id]?.value : undefined;
    if (from === undefined && to === undefined) continue;
    if (from !== undefined && to !== undefined && sameValue(from, to)) unchangedFactors += 1;
    else factors.push({ itemId: item.id, from, to });
  }
  const judgements: JudgementChange[] = [];
  for (const kind of JUDGEMENT_KINDS) {
    const itemId = instrument.judgements?.[kind];
    if (itemId === undefined) continue;
    const from = singleCode(previous.answers[itemId]?.value);
    const to = singleCode(current.answers[itemId]?.value);
    judgements.push({ kind, itemId, from, to, changed: from !== to });
  }
  const previousIds = new Set(previous.measures.map((m) => m.measureId));
  const currentIds = new Set(current.measures.map((m) => m.measureId));
  return {
    factors,
    unchangedFactors,
    judgements,
    measures: {
      added: current.measures.filter((m) => !previousIds.has(m.measureId)),
      removed: previous.measures.filter((m) => !currentIds.has(m.measureId)),
      kept: current.measures.filter((m) => previousIds.has(m.measureId)),
    },
    daysFromDue: daysBetween(dates.previousDueOn, dates.doneOn),
  };
}
