// What the officer is shown of an omprövning besides the questions, as data:
// the offer to re-assess the case's previous assessment (or start afresh), and
// at completion what changed since it — factors from → to, the summary
// judgements side by side, the measures of the plans, and how far from the
// planned date it was done. The comparison itself is methodology/assessmentChanges.ts;
// cardRenderer.ts words both.
import { assessmentChanges, type PlannedMeasure } from '../methodology/assessmentChanges.js';
import { findItem, type Answers } from '../methodology/instrumentEngine.js';
import type { Instrument, LocalizedText, Pack } from '../methodology/packSchema.js';
import type { JudgementKind } from '../methodology/reassessmentDue.js';
import { answerLabel } from './questionView.js';
import type { PreviousAssessment } from './reassessmentState.js';

export interface ReassessmentOfferView {
  instrument: LocalizedText;
  /** The day the previous assessment was completed. */
  completedOn: string;
}

export interface ChangeSummaryView {
  previousOn: string;
  factors: { label: LocalizedText; from: LocalizedText | undefined; to: LocalizedText | undefined }[];
  unchangedFactors: number;
  judgements: { kind: JudgementKind; label: LocalizedText; from: LocalizedText | undefined; to: LocalizedText | undefined; changed: boolean }[];
  measures: { added: LocalizedText[]; removed: LocalizedText[]; kept: LocalizedText[] };
  /** The previous plan's re-assessment date and the days from it to today (negative: early); absent without a plan. */
  due: { on: string; daysFromDue: number } | undefined;
}

export type ReassessmentReply = { type: 'reassessmentOffer'; view: ReassessmentOfferView } | { type: 'changes'; view: ChangeSummaryView };

/**
 * What changed between the previous assessment and this one completed today: answers as the officer
 * gave them, `measures` as the new plan proposes them.
 */
export function changeSummaryView(pack: Pack, instrument: Instrument, previous: PreviousAssessment, answers: Answers, measures: readonly PlannedMeasure[], today: string): ChangeSummaryView {
  const changes = assessmentChanges(instrument, { answers: previous.answers, measures: previous.measures }, { answers, measures }, { previousDueOn: previous.dueOn ?? undefined, doneOn: today });
  const labelOf = (itemId: string, value: Answers[string]['value'] | undefined): LocalizedText | undefined => {
    const item = findItem(instrument, itemId);
    return item && value !== undefined ? answerLabel(pack, item, value) : undefined;
  };
  const titleOf = (itemId: string): LocalizedText => findItem(instrument, itemId)?.shortText ?? { sv: itemId };
  const measureTitle = (m: PlannedMeasure): LocalizedText => pack.measures.find((x) => x.id === m.measureId)?.title ?? { sv: m.measureId };
  return {
    previousOn: previous.completedOn,
    factors: changes.factors.map((f) => ({ label: titleOf(f.itemId), from: labelOf(f.itemId, f.from), to: labelOf(f.itemId, f.to) })),
    unchangedFactors: changes.unchangedFactors,
    judgements: changes.judgements.map((j) => ({ kind: j.kind, label: titleOf(j.itemId), from: labelOf(j.itemId, j.from), to: labelOf(j.itemId, j.to), changed: j.changed })),
    measures: { added: changes.measures.added.map(measureTitle), removed: changes.measures.removed.map(measureTitle), kept: changes.measures.kept.map(measureTitle) },
    due: previous.dueOn && changes.daysFromDue !== undefined ? { on: previous.dueOn, daysFromDue: changes.daysFromDue } : undefined,
  };
}
