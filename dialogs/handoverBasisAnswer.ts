// The in-depth assessment of an escalated case begins with the question the
// handover already answers (issue 12, item 6): which structured assessment it
// builds on — the one the escalation was made from, by instrument and date as
// the question asks. The pack has no field marking such an item (and its
// published versions are immutable), so the item is named here, per in-depth
// instrument. The answer is given only where it is determined: the item is a
// text question of that instrument open from the start, and the escalated
// assessment is still the case's latest completed structured one — after a
// later one the specialist says themselves which one they build on.
import type { AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { applicableItems, findItem } from '../methodology/instrumentEngine.js';
import type { Instrument } from '../methodology/packSchema.js';
import { recordAnswer } from './answering.js';
import type { HandoverView } from './handoverView.js';
import { localize, t, type Locale } from './messageCatalogue.js';
import { message, type MessageReply } from './messageReply.js';
import { ask } from './questionView.js';
import type { HandoverAnswer } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import { stay, type RunnerContext, type RunnerStep } from './runnerStep.js';

/** By in-depth instrument: its item asking which structured assessment the in-depth one builds on. */
const BASIS_ITEM: Readonly<Record<string, string>> = { fordjupad: 'strukturerad_bedomning' };

/**
 * The answer to the instrument's basis question from the handover, in the officer's language ("SARA:SV,
 * slutförd 2026-12-05"), or undefined when the instrument has no such question or the handover does not
 * determine it. `caseAssessments`: the case's assessments as the officer lists them, newest first.
 */
export function handoverBasisAnswer(instrument: Instrument, handover: HandoverView, caseAssessments: readonly AssessmentSummaryResponse[], locale: Locale): HandoverAnswer | undefined {
  const itemId = BASIS_ITEM[instrument.id];
  const item = applicableItems(instrument, {}).find((i) => i.id === itemId);
  if (!itemId || item?.type !== 'text') return undefined;
  const latest = caseAssessments
    .filter((a) => a.level === 'structured' && a.status === 'completed')
    .reduce<AssessmentSummaryResponse | undefined>((found, a) => (!found || (a.completedAt ?? '') > (found.completedAt ?? '') ? a : found), undefined);
  if (latest?.id !== handover.structuredAssessmentId) return undefined;
  const value = t(locale, 'handover.assessmentValue', { instrument: localize(handover.instrument, locale), date: handover.completedOn });
  return value.length > item.maxLength ? undefined : { itemId, value };
}

/**
 * The question the handover answers, answered with it — saved like any answer, in the history so that
 * "tillbaka" (or, in compact mode, the card) changes it — and told as such before the next question.
 */
export function answeredFromHandover(ctx: RunnerContext, instrument: Instrument, created: RunnerState, given: HandoverAnswer, told: MessageReply): RunnerStep {
  const item = findItem(instrument, given.itemId);
  if (!item) return stay(created, told, ...ask(ctx.pack.pack, instrument, created, true));
  const answered = recordAnswer(ctx, instrument, created, item.id, { value: given.value, rationale: null });
  const said = message(created.mode === 'compact' ? 'handover.basisAnsweredCompact' : 'handover.basisAnswered', { question: item.shortText, answer: given.value });
  return { ...answered, replies: [told, said, ...answered.replies] };
}
