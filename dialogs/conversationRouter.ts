// Routes one officer message: commands that work anywhere (help, language,
// new assessment, back, cancel, "sök …", "?"), then the active dialog; outside
// a dialog any other text is a method look-up (dialogs/methodLookup.ts).
// Works on plain state objects (the conversation and user scopes of the turn
// state), so it knows nothing of teams-ai.
import type { TurnContext } from 'botbuilder';
import { DialogContext, DialogSet, type DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';
import { ASSESSMENT_DIALOG_ID, AssessmentDialog, REPROMPT, type AssessmentDialogDeps, type AssessmentDialogOptions } from './assessmentDialog.js';
import type { OfficerRef } from './assessmentApi.js';
import type { RunnerInput } from './assessmentRunner.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { recogniseCommand, recogniseResume, recogniseSearch } from './commands.js';
import { setDialogTurn } from './dialogTurn.js';
import { LOCALES, t, type Locale, type MessageKey } from './messageCatalogue.js';
import { MethodLookup } from './methodLookup.js';
import { toActivity } from './outgoingActivity.js';

/** Longer messages are refused whole: no answer or reason is that long, and Teams' own limit is ~28 kB. */
export const MAX_MESSAGE_LENGTH = 4000;

const DIALOG_STATE_PROPERTY = 'dialogState';

const LEVEL_OF_COMMAND = { newAssessment: 'initial', structuredAssessment: 'structured', inDepthAssessment: 'in_depth' } as const;
const LOCALE_PROPERTY = 'locale';

const dialogStateSchema = z.object({ dialogStack: z.array(z.object({ id: z.string(), state: z.unknown() }).loose()) }).loose();

export interface OfficerMessage {
  officer: OfficerRef;
  /** Typed text, undefined for a card submit without text. */
  text: string | undefined;
  /** Adaptive Card Action.Submit data, if any. */
  value: unknown;
}

export class ConversationRouter {
  private readonly dialogs = new DialogSet();
  /** Method look-ups; the Teams search command (bot/messageExtension.ts) answers from the same. */
  readonly lookup: MethodLookup;

  constructor(
    deps: AssessmentDialogDeps,
    private readonly defaultLocale: Locale,
  ) {
    this.dialogs.add(new AssessmentDialog(deps));
    this.lookup = new MethodLookup(deps.methodology);
  }

  /** The officer's chosen language; Swedish unless they chose otherwise (activity.locale is not trusted, see DESIGN.md). */
  localeOf(user: Record<string, unknown>): Locale {
    const chosen = user[LOCALE_PROPERTY];
    return (LOCALES as readonly unknown[]).includes(chosen) ? (chosen as Locale) : this.defaultLocale;
  }

  async welcome(context: TurnContext, user: Record<string, unknown>): Promise<void> {
    await context.sendActivity(t(this.localeOf(user), 'welcome'));
  }

  async handle(context: TurnContext, conversation: Record<string, unknown>, user: Record<string, unknown>, message: OfficerMessage): Promise<void> {
    // A conversation the router has handled before always carries its dialog state; none at all
    // together with a card submit means the state expired or was lost (e.g. a Redis outage).
    const stateLost = !(DIALOG_STATE_PROPERTY in conversation);
    const dc = this.dialogContext(context, conversation);
    const active = dc.activeDialog !== undefined;
    let locale = this.localeOf(user);
    const say = (key: MessageKey, params?: Record<string, string | number>) => context.sendActivity(t(locale, key, params));
    const send = (messages: OutgoingMessage[]) => context.sendActivities(messages.map(toActivity));
    const continueWith = async (input: RunnerInput) => {
      setDialogTurn(context, { officer: message.officer, locale, input });
      await dc.continueDialog();
    };

    const text = message.text?.trim() ?? '';
    if (text.length > MAX_MESSAGE_LENGTH) {
      await say('tooLong', { max: MAX_MESSAGE_LENGTH });
      if (active) await continueWith(REPROMPT);
      return;
    }
    // Look-ups work anywhere and never move a dialog: inside an assessment the question is asked again after them.
    const showSection = text === '' ? MethodLookup.showSectionOf(message.value) : undefined;
    const question = text ? recogniseSearch(text) : undefined;
    if (showSection || question !== undefined) {
      await send(showSection ? this.lookup.showSection(showSection, locale) : this.lookup.answer(question ?? '', locale));
      if (active) await continueWith(REPROMPT);
      return;
    }
    // "fortsätt <diarienummer>": back into a saved draft when the conversation lost its place. Inside
    // an assessment the words are left to the dialog (a typed reason may well start with them).
    const resumeCase = text && !active ? recogniseResume(text) : undefined;
    if (resumeCase !== undefined) {
      setDialogTurn(context, { officer: message.officer, locale, input: REPROMPT });
      await dc.beginDialog(ASSESSMENT_DIALOG_ID, { level: 'initial', resumeCaseNumber: resumeCase } satisfies AssessmentDialogOptions);
      return;
    }
    const command = text ? recogniseCommand(text) : undefined;
    switch (command) {
      case 'help':
        await say('help');
        if (active) await continueWith(REPROMPT);
        return;
      case 'swedish':
      case 'english':
        locale = command === 'english' ? 'en' : 'sv';
        user[LOCALE_PROPERTY] = locale;
        await say('language.switched');
        if (active) await continueWith(REPROMPT);
        return;
      case 'newAssessment':
      case 'structuredAssessment':
      case 'inDepthAssessment':
        if (active) {
          await say('assessment.alreadyRunning');
          await continueWith(REPROMPT);
          return;
        }
        setDialogTurn(context, { officer: message.officer, locale, input: REPROMPT });
        await dc.beginDialog(ASSESSMENT_DIALOG_ID, { level: LEVEL_OF_COMMAND[command] } satisfies AssessmentDialogOptions);
        return;
      case 'guidance':
        if (!active) {
          await say('guidance.notInAssessment');
          return;
        }
        await send(this.lookup.guidance(dc.activeDialog?.state, locale));
        await continueWith(REPROMPT);
        return;
      case 'back':
        if (active) await continueWith({ type: 'back' });
        else await say('back.notInAssessment');
        return;
      case 'cancel':
        if (active) await continueWith({ type: 'cancel' });
        else await say('cancel.nothingActive');
        return;
      case undefined:
        break;
      default: {
        const never: never = command;
        return never;
      }
    }
    const isSubmit = message.value !== undefined && message.value !== null && text === '';
    if (!active) {
      if (isSubmit) await say(stateLost ? 'state.lost' : 'card.noActiveAssessment');
      else if (text === '') await say('unknownInput');
      else await send(this.lookup.answer(text, locale));
      return;
    }
    await continueWith(isSubmit ? { type: 'submit', data: message.value } : { type: 'text', text });
  }

  private dialogContext(context: TurnContext, conversation: Record<string, unknown>): DialogContext {
    // teams-ai's TurnStateProperty ignores the context DialogSet passes (DESIGN.md), so the
    // dialog stack is kept directly in the conversation scope, validated on the way in.
    const parsed = dialogStateSchema.safeParse(conversation[DIALOG_STATE_PROPERTY]);
    const state: DialogState = parsed.success ? (parsed.data as DialogState) : { dialogStack: [] };
    conversation[DIALOG_STATE_PROPERTY] = state;
    return new DialogContext(this.dialogs, context, state);
  }
}
