// The Teams surface: a teams-ai Application whose routes hand officer messages
// to the conversation router. Turn state (and with it the dialog stack) is
// loaded from and saved to the compare-and-set Storage by teams-ai itself, and
// turns of one conversation are queued so they never race on that state.
import { ActivityTypes, CardFactory, type Storage, type TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import { usedCard } from '../dialogs/cardRenderer.js';
import type { ConversationRouter } from '../dialogs/conversationRouter.js';
import { t } from '../dialogs/messageCatalogue.js';
import { ConversationQueue } from './conversationQueue.js';
import { officerFromActivity } from './officerIdentity.js';

export interface BotDeps {
  storage: Storage;
  router: ConversationRouter;
  /** Bot authentication off: unknown users act as a fictitious dev officer. */
  devMode: boolean;
  log: Logger;
}

export interface Bot {
  /** Runs one turn; what CloudAdapter.process or a TestAdapter calls. */
  run(context: TurnContext): Promise<void>;
}

export function createBot({ storage, router, devMode, log }: BotDeps): Bot {
  const app = new Application<TurnState>({
    storage,
    // Turns are short; a typing timer would only add activities (and test noise).
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
  });
  const queue = new ConversationQueue();
  // teams-ai types its scopes as empty interfaces; the router treats them as the plain records they are.
  const scopes = (state: TurnState) => ({ conversation: state.conversation as Record<string, unknown>, user: state.user as Record<string, unknown> });

  app.conversationUpdate('membersAdded', async (context, state) => {
    const botId = context.activity.recipient?.id;
    const humans = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
    if (humans.length) await router.welcome(context, scopes(state).user);
  });

  app.activity(ActivityTypes.Message, async (context, state) => {
    const officer = officerFromActivity(context.activity, devMode);
    if (!officer) {
      log.warn({ channelId: context.activity.channelId }, 'message without an Entra identity refused');
      await context.sendActivity(t(router.localeOf(scopes(state).user), 'error.notAllowed'));
      return;
    }
    const { conversation, user } = scopes(state);
    await router.handle(context, conversation, user, {
      officer,
      text: context.activity.text ?? undefined,
      value: context.activity.value,
    });
    // Teams hygiene: a submitted card would keep the question, the chosen answer and any typed
    // reason in the chat history; replace it with a neutral note (the bot has sent what comes next).
    const submittedCard = context.activity.replyToId;
    if (context.activity.value !== undefined && submittedCard) {
      await context
        .updateActivity({ id: submittedCard, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(usedCard(router.localeOf(user)))] })
        .catch((err: Error) => log.warn({ err: { name: err.name } }, 'could not replace a submitted card'));
    }
  });

  return {
    run: async (context) => {
      const key = `${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`;
      const started = Date.now();
      await queue.run(key, () => app.run(context));
      log.debug({ activityType: context.activity.type, ms: Date.now() - started }, 'turn done');
    },
  };
}
