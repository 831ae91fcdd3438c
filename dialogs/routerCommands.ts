// The commands the conversation router hands messages to besides the
// assessment dialog — method look-ups, the work list, a case's measures, whom
// a plan protects, sharing and review, the RRI log — made once per router from
// its deps, so that each group of routes takes the same ones.
import { systemClock } from '../api/clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { AssessmentDialogDeps } from './assessmentDialogDeps.js';
import type { CaseWorkApi } from './caseWorkApi.js';
import { MeasureDecisionCommand } from './measureDecisionCommand.js';
import { MethodLookup } from './methodLookup.js';
import { PlanPersonCommand } from './planPersonCommand.js';
import type { RriApi } from './rriApi.js';
import { RriCommand } from './rriCommand.js';
import { ShareCommand } from './shareCommand.js';
import type { SharingApi } from './sharingApi.js';
import { WorkListCommand } from './workListCommand.js';

/** What the router needs: the assessment dialog's deps, and the APIs of the commands beside it (absent where a bot runs without them). */
export interface ConversationRouterDeps extends AssessmentDialogDeps {
  caseWork?: CaseWorkApi;
  sharing?: SharingApi;
  rri?: RriApi;
}

export interface RouterCommands {
  /** Method look-ups; the Teams search command (bot/messageExtension.ts) answers from the same. */
  lookup: MethodLookup;
  /** Issue 12: "mina ärenden", "mina utkast" and their cards' buttons. */
  work: WorkListCommand;
  /** Issue 12, item 7: "åtgärder <diarienummer>" and its cards' buttons. */
  measures: MeasureDecisionCommand;
  /** Issue 12, item 8: the choice of whom a plan protects. */
  planPersons: PlanPersonCommand;
  /** Issue 15: "dela", "delningar", "delade uppgifter", "granska" and their cards' buttons. */
  sharing: ShareCommand;
  /** Issue 16: "rri <diarienummer>" and its card's buttons. */
  rri: RriCommand;
}

export function routerCommands(deps: ConversationRouterDeps): RouterCommands {
  const today = () => calendarDate((deps.clock ?? systemClock).now());
  return {
    lookup: new MethodLookup(deps.methodology),
    work: new WorkListCommand(deps),
    measures: new MeasureDecisionCommand({ ...deps, today }),
    planPersons: new PlanPersonCommand(deps),
    sharing: new ShareCommand(deps),
    rri: new RriCommand({ ...deps, today }),
  };
}
