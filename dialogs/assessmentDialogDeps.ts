// What the assessment dialog needs from outside — the method, the API, the
// case-number rule, the log, the clock, the document links — and the runner's
// context it makes of them for one pack version, so every part of the dialog
// (start, resume, step turn, effects) gives the pure runner the same.
import { systemClock, type Clock } from '../api/clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { Logger } from 'pino';
import type { LoadedPack, MethodologySource } from '../methodology/methodologySource.js';
import type { AssessmentApi } from './assessmentApi.js';
import type { DocumentLinkApi } from './documentLinkApi.js';
import type { RunnerContext } from './runnerStep.js';

export interface AssessmentDialogDeps {
  methodology: MethodologySource;
  api: AssessmentApi;
  caseNumberPattern: RegExp;
  log: Logger;
  /** Today on the method's calendar comes from it; the system clock when not given. */
  clock?: Clock;
  /** Links to a completed assessment's PDF (issue 19): one follows every completion when given. */
  documentLinks?: DocumentLinkApi;
}

/** The runner's context for `pack`, today taken from the deps' clock. */
export function runnerContextOf(deps: AssessmentDialogDeps, pack: LoadedPack): RunnerContext {
  return { pack, caseNumberPattern: deps.caseNumberPattern, today: calendarDate((deps.clock ?? systemClock).now()) };
}
