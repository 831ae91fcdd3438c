// When the next assessment is due: the pack's interval for the level the
// officer judged. Audits found cases left without follow-up; a due date on
// every completed assessment makes the follow-up visible. Which judgement picks
// the interval is the pack's (reassessmentBasis), so a completed assessment
// replays under its own version: 1.0.0 uses the overall judgement alone, 1.1.0
// the most urgent of the three summary judgements.
import { addDays } from './calendarDate.js';
import type { Answers } from './instrumentEngine.js';
import type { Instrument, Pack } from './packSchema.js';

export const JUDGEMENT_KINDS = ['overall', 'seriousViolence', 'acute'] as const;
export type JudgementKind = (typeof JUDGEMENT_KINDS)[number];

export interface ReassessmentDue {
  /** The judged level that set the interval (an answer code such as "hog"). */
  level: string;
  days: number;
  /** ISO date (YYYY-MM-DD). */
  dueOn: string;
  /** Which judgement set it; only under a most-urgent pack, where it can be any of the three. */
  judgement?: JudgementKind;
}

/**
 * The due date counted in calendar days from the completion date (YYYY-MM-DD).
 * Undefined when no judgement that counts is answered (the initial assessment,
 * or a draft before its summary).
 */
export function reassessmentDue(pack: Pack, instrument: Instrument, answers: Answers, completedOn: string): ReassessmentDue | undefined {
  const kinds: readonly JudgementKind[] = pack.reassessmentBasis === 'most_urgent' ? JUDGEMENT_KINDS : ['overall'];
  let most: { kind: JudgementKind; level: string; days: number } | undefined;
  for (const kind of kinds) {
    const itemId = instrument.judgements?.[kind];
    const level = itemId === undefined ? undefined : answers[itemId]?.value;
    if (typeof level !== 'string') continue;
    const interval = pack.reassessmentIntervals.find((r) => r.level === level);
    // Ties keep the earlier kind (overall first), so the date names the judgement the officer summed up with.
    if (interval && (!most || interval.days < most.days)) most = { kind, level, days: interval.days };
  }
  if (!most) return undefined;
  const dueOn = addDays(completedOn, most.days);
  const due: ReassessmentDue = { level: most.level, days: most.days, dueOn };
  if (pack.reassessmentBasis === 'most_urgent') due.judgement = most.kind;
  return due;
}

export type OwnDateRuling = { ok: true; dueOn: string; earlier: boolean } | { ok: false; reason: 'later_without_reason' | 'earlier_without_reason' | 'invalid_date' };

/**
 * The officer's own re-assessment date against the derived one: an earlier
 * date is always allowed (written down with its reason), a later one never
 * without a reason. The derived date is the method's floor of care, not a
 * ceiling on caution.
 */
export function ruleOnOwnDate(derivedDueOn: string, ownDueOn: string, reason: string | undefined): OwnDateRuling {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ownDueOn) || Number.isNaN(new Date(`${ownDueOn}T00:00:00Z`).getTime())) return { ok: false, reason: 'invalid_date' };
  const hasReason = (reason ?? '').trim().length > 0;
  if (ownDueOn === derivedDueOn) return { ok: true, dueOn: ownDueOn, earlier: false };
  const earlier = ownDueOn < derivedDueOn;
  if (!hasReason) return { ok: false, reason: earlier ? 'earlier_without_reason' : 'later_without_reason' };
  return { ok: true, dueOn: ownDueOn, earlier };
}
