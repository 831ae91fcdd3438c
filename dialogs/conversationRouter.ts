// Routes one officer message: look-ups anywhere, then in a shared chat only
// what may be said where others read along (sharedChatRoute.ts); in the
// personal chat the buttons of the bot's cards (cardActionRoutes.ts), the typed
// commands about a case (caseCommandRoutes.ts), the commands that work anywhere
// (typedCommandRoutes.ts), then the active dialog; outside a dialog any other
// text is a method look-up (dialogs/methodLookup.ts) — unless the dialog the
// message was meant for is gone (state expired, lost or unreadable): then the
// officer is told so and how to resume from the draft.
// Works on plain state objects (the conversation and user scopes of the turn
// state), so it knows nothing of teams-ai.
import type { TurnContext } from 'botbuilder';
import { DialogSet } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { AssessmentDialog } from './assessmentDialog.js';
import { routeCardAction } from './cardActionRoutes.js';
import { routeCaseCommand } from './caseCommandRoutes.js';
import { recogniseSearch } from './commands.js';
import { dialogStackOf } from './dialogStack.js';
import { noteDialogInProgress, wasDialogInProgress } from './dialogsInProgress.js';
import type { Locale } from './messageCatalogue.js';
import { MethodLookup } from './methodLookup.js';
import { localeOf } from './officerLocale.js';
import type { OfficerMessage } from './officerMessage.js';
import { toActivity } from './outgoingActivity.js';
import { OWN_DATE_OFFER_PROPERTY, OWN_DATE_OFFER_TURN_KEY } from './ownReassessmentDate.js';
import { RoutedTurn } from './routedTurn.js';
import { routerCommands, type ConversationRouterDeps, type RouterCommands } from './routerCommands.js';
import { answerSharedChat } from './sharedChatRoute.js';
import { routeTypedCommand } from './typedCommandRoutes.js';
import { welcomeCard } from './welcomeCard.js';

/** Longer messages are refused whole: no answer or reason is that long, and Teams' own limit is ~28 kB. */
const MAX_MESSAGE_LENGTH = 4000;

/** The one log message for a discarded conversation state, here (stack fails its schema) and in the bot layer (stored value unreadable), so operators can count them. */
export const UNREADABLE_STATE_LOG_MESSAGE = 'unreadable conversation state discarded';

export class ConversationRouter {
  private readonly dialogs = new DialogSet();
  /** The one dialog; continued by its continueTurn, which takes the officer's input as an argument. */
  private readonly assessment: AssessmentDialog;
  private readonly commands: RouterCommands;
  /** Method look-ups; the Teams search command (bot/messageExtension.ts) answers from the same. */
  readonly lookup: MethodLookup;
  private readonly log: Logger;

  constructor(
    private readonly deps: ConversationRouterDeps,
    private readonly defaultLocale: Locale,
  ) {
    this.assessment = new AssessmentDialog(deps);
    this.dialogs.add(this.assessment);
    this.commands = routerCommands(deps);
    this.lookup = this.commands.lookup;
    this.log = deps.log;
  }

  /** The officer's chosen language; Swedish unless they chose otherwise (activity.locale is not trusted, see DESIGN.md). */
  localeOf(user: Record<string, unknown>): Locale {
    return localeOf(user, this.defaultLocale);
  }

  /**
   * Sends the welcome card; the bot layer decides when (once per installation, bot/welcomeLedger.ts).
   * In a shared chat it offers the look-ups only, as assessments are refused there.
   */
  async welcome(context: TurnContext, user: Record<string, unknown>, conversation: NonNullable<OfficerMessage['conversation']>): Promise<void> {
    await context.sendActivity(toActivity({ kind: 'card', card: welcomeCard(this.localeOf(user), conversation) }));
  }

  async handle(context: TurnContext, conversation: Record<string, unknown>, user: Record<string, unknown>, message: OfficerMessage): Promise<void> {
    const { dc, stored, readable } = dialogStackOf(this.dialogs, context, conversation);
    if (!readable) this.log.warn({ conversationRef: message.conversationRef, scope: 'conversation', reason: 'invalid_dialog_state' }, UNREADABLE_STATE_LOG_MESSAGE);
    const gone = {
      unreadable: message.conversationStateDiscarded === true || !readable,
      // A conversation the router has handled before always carries its dialog state; none at all
      // means it is new, or its state expired or was lost (e.g. a Redis outage).
      missing: !stored && message.conversationStateDiscarded !== true,
      wasInProgress: wasDialogInProgress(user, message.conversationRef),
    };
    await this.route(new RoutedTurn(context, dc, conversation, user, message, this.assessment, gone, this.localeOf(user)), gone.unreadable);
    // A plan saved this turn (at completion, on "skapa plan") is the one "datum" dates from now on.
    const offer = context.turnState.get(OWN_DATE_OFFER_TURN_KEY) as unknown;
    if (offer !== undefined) conversation[OWN_DATE_OFFER_PROPERTY] = offer;
    // Only what a committed turn leaves behind counts: a turn that fails or conflicts is not saved.
    noteDialogInProgress(user, message.conversationRef, dc.activeDialog !== undefined);
  }

  private async route(turn: RoutedTurn, unreadable: boolean): Promise<void> {
    const { text, isSubmit, locale } = turn;
    // An unreadable state is said once, first, whatever the message: what follows is a fresh start.
    if (unreadable) await turn.say('state.unreadable');
    if (text.length > MAX_MESSAGE_LENGTH) {
      await turn.say('tooLong', { max: MAX_MESSAGE_LENGTH });
      await turn.askAgain();
      return;
    }
    // Look-ups work anywhere and never move a dialog: inside an assessment the question is asked again after them.
    const showSection = text === '' ? MethodLookup.showSectionOf(turn.message.value) : undefined;
    const question = text ? recogniseSearch(text) : undefined;
    if (showSection || question !== undefined) {
      await turn.send(showSection ? this.lookup.showSection(showSection, locale) : this.lookup.answer(question ?? '', locale));
      await turn.askAgain();
      return;
    }
    if (turn.message.conversation === 'shared') return answerSharedChat(turn, this.commands, this.deps.caseNumberPattern);
    if (await routeCardAction(turn, this.commands)) return;
    if (await routeCaseCommand(turn, this.commands, this.deps)) return;
    if (await routeTypedCommand(turn, this.commands, this.deps.caseNumberPattern)) return;
    if (turn.active) return turn.continueWith(isSubmit ? { type: 'submit', data: turn.message.value } : { type: 'text', text });
    if (text === '' && !isSubmit) await turn.say('unknownInput');
    else if (await turn.toldDialogGone()) return;
    else if (isSubmit) await turn.say('card.noActiveAssessment');
    else await turn.send(this.lookup.answer(text, turn.locale));
  }
}
