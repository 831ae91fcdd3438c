// When a taken referral still waits for its assessment, in SQL for the work
// list (api/sqlWorkList.ts) and the reminders (api/sqlReminderLedger.ts) alike:
// no assessment of the level the referral hands over for — structured for a
// referral to Bops, in-depth for an escalation — begun on its case since it was
// made (a draft counts, a discarded one does not). The same answer concludes an
// escalation when it is completed (api/sqlAssessmentCompletion.ts).
import type { AssessmentLevel } from './assessmentRepository.js';
import { REFERRAL_KINDS, type ReferralKind } from './referralRepository.js';

/** The level of assessment a referral of each kind hands the case over for. */
const LEVEL_OF_REFERRAL: Readonly<Record<ReferralKind, AssessmentLevel>> = { bops: 'structured', in_depth: 'in_depth' };

/**
 * SQL condition: the assessment row `a` answers the referral row `rf` (their aliases in the query) — of
 * its case, of the level it hands over for, begun since it was made. An assessment begun before is no
 * answer, whenever it is completed: it could not take the referral into account.
 */
export function assessmentAnswersReferral(a: string, rf: string): string {
  const level = `CASE ${rf}.kind ${REFERRAL_KINDS.map((kind) => `WHEN '${kind}' THEN '${LEVEL_OF_REFERRAL[kind]}'`).join(' ')} END`;
  return `${a}.case_id = ${rf}.case_id AND ${a}.created_at >= ${rf}.referred_at AND ${a}.level = ${level}`;
}

/** SQL condition: the referral row `rf` (its alias in the query) still waits for its assessment. */
export function referralAwaitingAssessment(rf: string): string {
  return `NOT EXISTS (SELECT 1 FROM assessments a WHERE a.status <> 'discarded' AND ${assessmentAnswersReferral('a', rf)})`;
}
