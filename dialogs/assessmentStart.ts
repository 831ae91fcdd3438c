// Where an assessment dialog begins: a fresh assessment of one level (the
// instrument menu, or the case-number question when the level has one
// instrument), or a draft the API saved, rebuilt when the conversation lost its
// own state. Pure, like the runner that takes it on from here.
import { applicableItems, completionProblems, nextItem, staleAnswerIds, type GivenAnswer } from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { findInstrument, MethodologyError } from '../methodology/methodologySource.js';
import { message } from './messageReply.js';
import type { ReassessmentState } from './reassessmentState.js';
import { ask, askCaseNumber, instrumentMenu } from './questionView.js';
import { instrumentsOf, RUNNER_STATE_VERSION, type AssessmentLevel, type RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

/**
 * A fresh assessment of one level. With one instrument at that level it asks
 * for the case number at once; with several (structured: SARA:SV, SAM,
 * PATRIARK, general threat) the officer first picks the instrument.
 */
export function startAssessment(pack: LoadedPack, level: AssessmentLevel, presetCaseNumber?: string, mode?: RunnerState['mode']): RunnerStep {
  const instruments = instrumentsOf(pack, level);
  const only = instruments.length === 1 ? instruments[0] : undefined;
  if (instruments.length === 0) throw new MethodologyError('unknown_instrument', `pack ${pack.pack.id}@${pack.pack.version} has no ${level} instrument`);
  const state: RunnerState = {
    v: RUNNER_STATE_VERSION,
    packId: pack.pack.id,
    packVersion: pack.pack.version,
    level,
    ...(only ? { instrumentId: only.id } : {}),
    phase: only ? 'case_number' : 'instrument',
    // Kept for the instrument menu's answer; with one instrument the dialog answers the number question with it.
    ...(presetCaseNumber && !only ? { presetCaseNumber } : {}),
    answers: {},
    history: [],
    ...(mode ? { mode } : {}),
  };
  return { state, effects: [], replies: only ? [askCaseNumber(only)] : [instrumentMenu(pack, level, presetCaseNumber ? undefined : mode)], ended: false };
}

/** What resuming needs of a draft saved through the API. */
export interface DraftToResume {
  assessmentId: string;
  instrumentId: string;
  answers: { itemId: string; value: GivenAnswer['value']; rationale: string | null }[];
  /** An omprövning: the assessment it re-assesses, so the previous answers are shown again and the changes at completion. */
  reassessment?: ReassessmentState | undefined;
}

/**
 * Rebuilds the runner state of a draft from what the API saved, for when the conversation state
 * was lost (a Redis outage, expiry) or cannot be read (an older snapshot version): the officer goes
 * on at the first unanswered question, or at the reason still owed. Answers the API holds to items
 * that are no longer applicable are left out, as when they are given in the dialog.
 */
export function resumeAssessment(ctx: RunnerContext, draft: DraftToResume, mode?: RunnerState['mode']): RunnerStep {
  const instrument = findInstrument(ctx.pack, draft.instrumentId);
  const answers: Record<string, GivenAnswer> = {};
  for (const given of draft.answers) answers[given.itemId] = { value: given.value, rationale: given.rationale };
  for (const stale of staleAnswerIds(instrument, answers)) delete answers[stale];
  const history = applicableItems(instrument, answers)
    .filter((item) => answers[item.id] !== undefined)
    .map((item) => item.id);
  const base: RunnerState = {
    v: RUNNER_STATE_VERSION,
    packId: ctx.pack.pack.id,
    packVersion: ctx.pack.pack.version,
    level: instrument.level,
    instrumentId: instrument.id,
    phase: 'question',
    assessmentId: draft.assessmentId,
    ...(draft.reassessment ? { reassessment: draft.reassessment } : {}),
    answers,
    history,
    ...(mode ? { mode } : {}),
  };
  const next = nextItem(instrument, answers);
  const owed = next ? undefined : completionProblems(ctx.pack.pack, instrument, answers)[0];
  const owedAnswer = owed && answers[owed.itemId];
  // Everything answered and nothing owed: the last answer is asked again, and giving it completes.
  const current = next?.id ?? owed?.itemId ?? history.at(-1) ?? applicableItems(instrument, answers)[0]?.id;
  const state: RunnerState =
    owed?.code === 'rationale_required' && owedAnswer ? { ...base, phase: 'rationale', current, pending: owedAnswer.value } : { ...base, current };
  return { state, effects: [], replies: [message('assessment.resumed', { instrument: instrument.title }), ...ask(ctx.pack.pack, instrument, state)], ended: false };
}
