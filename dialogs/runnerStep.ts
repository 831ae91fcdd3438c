// One step of the assessment runner: the state to keep, the effects to run at
// the edge, the replies to show, and whether the dialog is over. The runner's
// start, its transition and the answering of a question all return this shape,
// given the same context, so the dialog that hosts them handles one kind of step.
import type { LoadedPack } from '../methodology/methodologySource.js';
import type { Reply } from './reply.js';
import type { RunnerEffect } from './runnerEffect.js';
import type { RunnerState } from './runnerState.js';

export interface RunnerContext {
  pack: LoadedPack;
  caseNumberPattern: RegExp;
  /** Today as YYYY-MM-DD, for the re-assessment due date; passed in so the runner stays pure. */
  today: string;
}

export interface RunnerStep {
  state: RunnerState;
  effects: RunnerEffect[];
  replies: Reply[];
  /** The dialog is over (completed or cancelled). */
  ended: boolean;
  /** The assessment was completed in this step (the officer may then be offered compact mode). */
  completed?: boolean;
}

/** The dialog goes on in `state`, with nothing to run. */
export const stay = (state: RunnerState, ...replies: Reply[]): RunnerStep => ({ state, effects: [], replies, ended: false });
