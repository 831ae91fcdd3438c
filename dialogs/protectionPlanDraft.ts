// The protection plan a completed structured or in-depth assessment proposes,
// decided without I/O: the measures the officer chose, each in its part (Skydd,
// Stöd, Reducering av hotaktör), dated by the re-assessment date; and what the
// officer is told of it once saving was tried. protectionPlanSaving.ts saves it
// through the API; completion in chat and the "skapa plan" retry build it here
// from the same answers, so they propose the same plan.
import { applicableItems, type Answers } from '../methodology/instrumentEngine.js';
import { MEASURE_PARTS, type Instrument, type LocalizedText, type MeasurePart, type Pack } from '../methodology/packSchema.js';
import type { ApiErrorReason, CasePerson } from './assessmentApi.js';
import type { MessageKey } from './messageCatalogue.js';
import { message, type MessageReply } from './messageReply.js';
import { PLAN_PERSON_VERB, type PlanPersonSubmit } from './planPersonSubmit.js';

/** A measure of the plan, in the part the pack's catalogue gives it. */
export interface PlanMeasure {
  part: MeasurePart;
  measureId: string;
}

/**
 * The protection plan a completed structured or in-depth assessment proposes: the measures the
 * officer chose, per part, and the re-assessment date the method derived. Who is responsible and
 * the measures' status ('proposed': the officer decides) are added where the officer is known.
 */
export interface PlanDraft {
  assessmentId: string;
  reassessOn: string;
  measures: PlanMeasure[];
  /**
   * Whom the plan protects, as the officer chose (issue 12, item 8): a person of the case, or null for
   * "ingen angiven". Undefined until chosen: saving then asks, when the case has persons a plan may protect.
   */
  protectedPersonId?: string | null;
}

/**
 * How saving the plan went. 'already_created': the API holds a plan for this assessment already (a
 * re-run turn, a retry) — not an error. 'assigned': the officer was assigned to the case so that
 * they may write its plan. A failure leaves the completed assessment as it is.
 */
export type PlanOutcome =
  | { status: 'created'; assigned: boolean; planId: string }
  /** Nothing saved yet: the case has persons a plan may protect, and the officer chooses one (or none) first. */
  | { status: 'choose_person'; persons: CasePerson[] }
  | { status: 'already_created' }
  | { status: 'failed'; reason: ApiErrorReason };

/** The saved plan as the officer sees it: every part, with the measures proposed in it (maybe none). */
export interface PlanView {
  /** The officer was assigned to the case so that the plan could be saved. */
  assigned: boolean;
  reassessOn: string;
  parts: { part: MeasurePart; measures: LocalizedText[] }[];
  /**
   * The plan whose re-assessment the officer may date otherwise (issue 14): the officer is asked,
   * and the conversation remembers it for "datum" (ownReassessmentDate.ts).
   */
  ownDate: OwnDateOffer;
}

/** The saved plan whose re-assessment the officer may date, and the method's date for it. */
export interface OwnDateOffer {
  planId: string;
  methodDueOn: string;
}

export type PlanReply = { type: 'plan'; view: PlanView } | { type: 'planPerson'; view: PlanPersonChoice };

/**
 * The officer chooses whom a plan protects (planPersonCard.ts). Before a completed assessment's plan is
 * saved, the card's answer saves it, rebuilt from what the API stored (planPersonCommand.ts), so nothing
 * entered is lost whatever becomes of this turn; its `recordCase` says the case record still waits for
 * the plan ("skapa plan") and is made once it is saved. On an active plan, the answer changes its person.
 */
export interface PlanPersonChoice {
  caseNumber: string;
  persons: CasePerson[];
  /** Preselected: the plan's person now; null for "ingen angiven". */
  chosen: string | null;
  /** What the card's button sends with the choice: save a new plan, or set an active one's person. */
  submit: Extract<PlanPersonSubmit, { action: 'create' | 'set' }>;
}

/**
 * The plan of a completed assessment: every measure the officer chose in its measures items ("ingen"
 * is no measure), once each, in the part the pack's catalogue gives it.
 */
export function planDraftOf(pack: Pack, instrument: Instrument, answers: Answers, assessmentId: string, reassessOn: string): PlanDraft {
  const applicable = new Set(applicableItems(instrument, answers).map((i) => i.id));
  const measures: PlanMeasure[] = [];
  for (const item of instrument.sections.flatMap((s) => s.items)) {
    if (item.type !== 'measures' || !applicable.has(item.id)) continue;
    const value = answers[item.id]?.value;
    const ids = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    for (const id of ids) {
      const measure = pack.measures.find((m) => m.id === id);
      if (measure && !measures.some((m) => m.measureId === id)) measures.push({ part: measure.part, measureId: id });
    }
  }
  return { assessmentId, reassessOn, measures };
}

/**
 * What the officer is told of the plan: the parts and their measures, or whom it protects (asked before
 * it is saved), or that it was saved before, or why it was not and how to retry.
 */
export function planReplies(pack: Pack, plan: PlanDraft, outcome: PlanOutcome, asked: { caseNumber: string; recordCase: boolean }): (PlanReply | MessageReply)[] {
  switch (outcome.status) {
    case 'choose_person': {
      const submit = { verb: PLAN_PERSON_VERB, action: 'create', caseNumber: asked.caseNumber, assessmentId: plan.assessmentId, recordCase: asked.recordCase } as const;
      return [{ type: 'planPerson', view: { caseNumber: asked.caseNumber, persons: outcome.persons, chosen: null, submit } }];
    }
    case 'created': {
      const titleOf = (id: string): LocalizedText => pack.measures.find((m) => m.id === id)?.title ?? { sv: id };
      const parts = MEASURE_PARTS.map((part) => ({ part, measures: plan.measures.filter((m) => m.part === part).map((m) => titleOf(m.measureId)) }));
      return [{ type: 'plan', view: { assigned: outcome.assigned, reassessOn: plan.reassessOn, parts, ownDate: { planId: outcome.planId, methodDueOn: plan.reassessOn } } }];
    }
    case 'already_created':
      return [message('plan.alreadySaved')];
    case 'failed':
      return [message(PLAN_FAILURE_MESSAGES[outcome.reason])];
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/**
 * Why a plan was not saved, told with how to retry; also for the "skapa plan" retry's own failures.
 * An assessment no longer a draft or a case changed meanwhile is a refusal like any other to the officer.
 */
export const PLAN_FAILURE_MESSAGES: Readonly<Record<ApiErrorReason, MessageKey>> = {
  unavailable: 'plan.failed.unavailable',
  forbidden: 'plan.failed.notAllowed',
  rejected: 'plan.failed.rejected',
  invalid_text: 'plan.failed.rejected',
  not_draft: 'plan.failed.rejected',
  stale: 'plan.failed.rejected',
  case_closed: 'plan.failed.caseClosed',
  review_refused: 'plan.failed.rejected',
  share_withdrawn: 'plan.failed.rejected',
};
