// The typed commands that work in every conversation state: help, language,
// a new assessment (with its case number and first answers typed along), the
// assessment mode, small talk, guidance, back, cancel, the work list and what
// was shared with the officer. Beside a running assessment each is answered
// and the question asked again; back, cancel and guidance are the dialog's.
import { chooseMode, takeModeOffer } from './assessmentMode.js';
import { recogniseAssessmentWithCase, recogniseCommand } from './commands.js';
import { chooseLocale } from './officerLocale.js';
import type { RoutedTurn } from './routedTurn.js';
import type { RouterCommands } from './routerCommands.js';
import { REPROMPT } from './runnerInput.js';

const LEVEL_OF_COMMAND = { newAssessment: 'initial', structuredAssessment: 'structured', inDepthAssessment: 'in_depth' } as const;

/** Carries out a typed command; false when the text is none. */
export async function routeTypedCommand(turn: RoutedTurn, commands: RouterCommands, caseNumberPattern: RegExp): Promise<boolean> {
  const { text, active } = turn;
  // "ny bedömning 5000-K123456-25", "strukturerad bedömning SAM 5000-K123456-25": the command and its first answers.
  const withCase = text ? recogniseAssessmentWithCase(text, caseNumberPattern) : undefined;
  const command = withCase?.command ?? (text ? recogniseCommand(text) : undefined);
  switch (command) {
    case 'help':
      await turn.say('help');
      await turn.askAgain();
      return true;
    case 'swedish':
    case 'english':
      turn.locale = command === 'english' ? 'en' : 'sv';
      chooseLocale(turn.user, turn.locale);
      await turn.say('language.switched');
      await turn.askAgain();
      return true;
    case 'newAssessment':
    case 'structuredAssessment':
    case 'inDepthAssessment':
      if (active) {
        await turn.say('assessment.alreadyRunning');
        await turn.continueWith(REPROMPT);
        return true;
      }
      if (takeModeOffer(turn.user)) await turn.say('mode.offer');
      await turn.beginAssessment({ level: LEVEL_OF_COMMAND[command], ...(withCase ? { typed: withCase.typed } : {}) });
      return true;
    case 'compactMode':
    case 'stepwiseMode':
      // Issue 13: the officer's mode, for them in every chat; a running assessment goes on in it, answers kept.
      chooseMode(turn.user, command === 'compactMode' ? 'compact' : 'stepwise');
      await turn.say(command === 'compactMode' ? 'mode.compact' : 'mode.stepwise');
      await turn.askAgain();
      return true;
    case 'greeting':
    case 'thanks':
      await turn.say(command);
      await turn.askAgain();
      return true;
    case 'guidance':
      if (!active) {
        if (!(await turn.toldDialogGone())) await turn.say('guidance.notInAssessment');
        return true;
      }
      await turn.send(commands.lookup.guidance(turn.dc.activeDialog?.state, turn.locale));
      await turn.continueWith(REPROMPT);
      return true;
    case 'back':
      if (active) await turn.continueWith({ type: 'back' });
      else if (!(await turn.toldDialogGone())) await turn.say('back.notInAssessment');
      return true;
    case 'cancel':
      if (active) await turn.continueWith({ type: 'cancel' });
      else if (!(await turn.toldDialogGone())) await turn.say('cancel.nothingActive');
      return true;
    case 'myWork':
    case 'myDrafts':
      await turn.send(await commands.work.show(turn.officer, command === 'myDrafts' ? 'drafts' : 'all', 0, turn.locale));
      await turn.askAgain();
      return true;
    case 'sharedWithMe':
      await turn.send(await commands.sharing.received(turn.officer, turn.locale));
      await turn.askAgain();
      return true;
    case undefined:
      return false;
    default: {
      const never: never = command;
      return never;
    }
  }
}
