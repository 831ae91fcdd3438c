// What a specialist sees on opening (or resuming) the in-depth assessment of an
// escalated case (issue 12, item 6): the structured assessment's result as the
// officer gave it — instrument, date, the three summary judgements, the factors
// judged present with their relevance, the plan's measures — worded by that
// assessment's own pack version, and the handover note written for them. Pure
// data in both languages; cardRenderer.ts (handoverCard.ts) lays it out. Shown
// on taking the escalation too, then with the button that starts the assessment.
import type { EscalationViewResponse } from '../api/referralContract.js';
import type { MeasureStatus, PlanPart } from '../api/caseDomain.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { findItem, instrumentItems } from '../methodology/instrumentEngine.js';
import type { LocalizedText, Pack } from '../methodology/packSchema.js';
import { JUDGEMENT_KEYS, type JudgementKey } from '../methodology/sharingDeclaration.js';
import { answerLabel } from './questionView.js';

export interface HandoverView {
  caseNumber: string;
  /** The structured assessment the escalation was made from: what the in-depth assessment builds on (handoverBasisAnswer.ts). */
  structuredAssessmentId: string;
  instrument: LocalizedText;
  /** When the structured assessment was completed (Swedish calendar date). */
  completedOn: string;
  judgements: { key: JudgementKey; grade: LocalizedText }[];
  factors: { label: LocalizedText; relevance: LocalizedText | undefined }[];
  measures: { part: PlanPart; title: LocalizedText; status: MeasureStatus }[];
  note: string | null;
  /** The escalation (a referral of kind 'in_depth') the card's button starts the in-depth assessment from: set on taking it, absent once the assessment runs. */
  startReferralId?: string;
}

export type HandoverReply = { type: 'handover'; view: HandoverView };

/** The handover of an escalation in the structured assessment's pack version (`pack`, undefined when not loaded: ids shown). */
export function handoverView(pack: Pack | undefined, escalation: EscalationViewResponse): HandoverView {
  const { structured } = escalation;
  const instrument = pack?.instruments.find((i) => i.id === structured.instrumentId);
  const labelOf = (itemId: string | undefined, code: string): LocalizedText => {
    const item = instrument && itemId ? findItem(instrument, itemId) : undefined;
    return pack && item ? answerLabel(pack, item, code) : { sv: code };
  };
  const relevanceItemOf = (factorId: string) => (instrument ? instrumentItems(instrument).find((i) => i.type === 'relevance' && i.factor === factorId)?.id : undefined);
  return {
    caseNumber: escalation.caseNumber,
    structuredAssessmentId: structured.assessmentId,
    instrument: instrument?.title ?? { sv: structured.instrumentId },
    completedOn: calendarDate(new Date(structured.completedAt)),
    judgements: JUDGEMENT_KEYS.flatMap((key) => {
      const code = structured.judgements[key];
      return code === undefined ? [] : [{ key, grade: labelOf(instrument?.judgements?.[key], code) }];
    }),
    factors: structured.factors.map((f) => {
      const item = instrument && findItem(instrument, f.itemId);
      return { label: item?.shortText ?? { sv: f.itemId }, relevance: f.relevance === null ? undefined : labelOf(relevanceItemOf(f.itemId), f.relevance) };
    }),
    measures: structured.measures.map((m) => ({ part: m.part, title: pack?.measures.find((x) => x.id === m.measureId)?.title ?? { sv: m.measureId }, status: m.status })),
    note: escalation.note,
  };
}
