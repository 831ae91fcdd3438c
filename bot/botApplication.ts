// The Teams surface: a teams-ai Application whose routes hand officer messages
// to the conversation router. Turn state (and with it the dialog stack) is
// loaded from and saved to the compare-and-set Storage by teams-ai itself, and
// turns of one conversation are queued so they never race on that state. A stored
// state that cannot be read is discarded here (logged without content) and
// replaced by the turn's own compare-and-set write; the router tells the officer.
import { ActivityTypes, CardFactory, TurnContext, type Storage } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import { usedCard } from '../dialogs/cardRenderer.js';
import { UNREADABLE_STATE_LOG_MESSAGE, type ConversationRouter } from '../dialogs/conversationRouter.js';
import { t } from '../dialogs/messageCatalogue.js';
import { MethodLookup } from '../dialogs/methodLookup.js';
import { conversationStateKey, type ActivityClaim, type ActivityDeduplicator } from './activityDeduplicator.js';
import { committedTurnFor, recordCommittedTurn, resendCommittedTurn } from './committedTurn.js';
import { runWithConflictRetry } from './conflictRetryingTurn.js';
import { conversationRef } from './conversationRef.js';
import { ConversationQueue } from './conversationQueue.js';
import { processLocalLease, type ConversationTurnLease } from './conversationTurnLease.js';
import { MemoryActivityDeduplicator } from './memoryActivityDeduplicator.js';
import { MemoryWelcomeLedger } from './memoryWelcomeLedger.js';
import { registerMethodSearchExtension } from './messageExtension.js';
import { officerFromActivity } from './officerIdentity.js';
import { TurnOutbox } from './turnOutbox.js';
import { isStateStoreUnavailable } from './stateStoreUnavailableError.js';
import { takeUnreadableState } from './unreadableState.js';
import type { WelcomeLedger } from './welcomeLedger.js';
import { createHash } from 'node:crypto';
import type { OfficerRef } from '../dialogs/assessmentApi.js';
import type { Locale } from '../dialogs/messageCatalogue.js';
import { conversationReferenceSchema, type SaveConversationReferenceRequest } from '../api/conversationReferenceContract.js';

export interface BotDeps {
  storage: Storage;
  router: ConversationRouter;
  /** Bot authentication off: unknown users act as a fictitious dev officer. */
  devMode: boolean;
  log: Logger;
  /** Drops redelivered activities; default: in memory, 15-minute window (one process only). */
  deduplicator?: ActivityDeduplicator;
  /** Serialises a conversation's turns across instances; default: none (the per-process queue). */
  lease?: ConversationTurnLease;
  /** Re-runs of a turn whose state write conflicted; default 3. */
  conflictRetries?: number;
  /** Issue 12: where the officer's conversation reference is stored after a turn (the API); absent: nowhere. */
  references?: ConversationReferenceStore;
  /** Which installations were greeted; default: in memory (one process, lost on restart). */
  welcomes?: WelcomeLedger;
  /**
   * Pauses before re-running a turn the state store failed (a Redis failover takes a moment to be
   * followed); default OUTAGE_RETRY_PAUSES_MS. Empty: the officer is told at the first failure.
   */
  outageRetryPausesMs?: readonly number[];
}

/**
 * A failover is over within a few seconds: a turn that met it is run again after these pauses
 * before the officer is told to send their answer again, so most switches go unnoticed and two
 * instances that each meet their own reconnect do not each tell the officer. About 3 s in all,
 * well inside the Bot Connector's wait for an answer.
 */
export const OUTAGE_RETRY_PAUSES_MS: readonly number[] = [250, 750, 2000];

/** What stores an officer's conversation reference (dialogs/httpAssessmentApi.ts, through the API). */
export interface ConversationReferenceStore {
  saveConversationReference(officer: OfficerRef, request: SaveConversationReferenceRequest): Promise<'saved' | 'unchanged'>;
}

const DEFAULT_DEDUP_WINDOW_SECONDS = 15 * 60;
/** An activity without an id or conversation key cannot be claimed; teams-ai refuses most of them anyway. */
const UNCLAIMED: ActivityClaim = { finish: async () => undefined, abandon: async () => undefined };
const DEFAULT_CONFLICT_RETRIES = 3;
/** Turn-state key: this turn holds the installation's welcome (bot/welcomeLedger.ts). */
const WELCOME_CLAIMED = Symbol('bops.welcomeClaimed');

export interface Bot {
  /** Runs one turn; what CloudAdapter.process or a TestAdapter calls. */
  run(context: TurnContext): Promise<void>;
}

export function createBot({
  storage,
  router,
  devMode,
  log,
  deduplicator = new MemoryActivityDeduplicator(DEFAULT_DEDUP_WINDOW_SECONDS),
  lease = processLocalLease,
  conflictRetries = DEFAULT_CONFLICT_RETRIES,
  references,
  welcomes = new MemoryWelcomeLedger(),
  outageRetryPausesMs = OUTAGE_RETRY_PAUSES_MS,
}: BotDeps): Bot {
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

  registerMethodSearchExtension(app, { router, devMode, log });

  // Installed: Teams sends installationUpdate 'add' and a membersAdded naming the bot (its own id is
  // the activity's recipient) or, in a personal chat, the officer (the Agents Playground names only
  // them), each possibly redelivered; the ledger lets one of them greet. People added to a team or
  // group chat and an upgrade ('add-upgrade') are no installation.
  const greet = async (context: TurnContext, state: TurnState) => {
    const key = conversationStateKey(context.activity);
    if (!key) return;
    // A re-run of this turn (a state conflict) holds the claim already and must still send the card.
    if (!context.turnState.get(WELCOME_CLAIMED) && !(await welcomes.claim(key))) return;
    context.turnState.set(WELCOME_CLAIMED, true);
    await router.welcome(context, scopes(state).user, conversationKindOf(context.activity));
  };
  const forget = async (context: TurnContext) => {
    const key = conversationStateKey(context.activity);
    if (key) await welcomes.forget(key);
  };
  const isBot = (context: TurnContext) => (member: { id: string }) => member.id === context.activity.recipient?.id;
  // Installed (again): the chat may have been refused while the bot was away, and the API clears a
  // refusal only when the reference is stored, so it is stored now even if unchanged — a reminder or a
  // referral card reaches the officer from now on, not only after the hourly refresh.
  const storeReferenceAnew = async (context: TurnContext, state: TurnState) => {
    if (!references || conversationKindOf(context.activity) !== 'personal') return;
    const officer = officerFromActivity(context.activity, devMode);
    if (!officer) return;
    const { conversation, user } = scopes(state);
    delete conversation[SAVED_REFERENCE_PROPERTY];
    await saveReference(references, context, officer, router.localeOf(user), conversation, log);
  };
  // Removed: the next turn in this chat (after an installation the bot was not told of) stores the reference anew.
  const forgetSavedReference = (state: TurnState) => {
    delete scopes(state).conversation[SAVED_REFERENCE_PROPERTY];
  };
  const installed = async (context: TurnContext, state: TurnState) => {
    await greet(context, state);
    await storeReferenceAnew(context, state);
  };
  const removed = async (context: TurnContext, state: TurnState) => {
    await forget(context);
    forgetSavedReference(state);
  };
  app.conversationUpdate('membersAdded', async (context, state) => {
    const added = context.activity.membersAdded ?? [];
    if (added.some(isBot(context)) || (added.length > 0 && conversationKindOf(context.activity) === 'personal')) await installed(context, state);
  });
  app.conversationUpdate('membersRemoved', async (context, state) => {
    if ((context.activity.membersRemoved ?? []).some(isBot(context))) await removed(context, state);
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context, state) => {
    if (context.activity.action === 'add') await installed(context, state);
    else if (context.activity.action === 'remove') await removed(context, state);
  });

  app.activity(ActivityTypes.Message, async (context, state) => {
    const officer = officerFromActivity(context.activity, devMode);
    if (!officer) {
      log.warn({ channelId: context.activity.channelId }, 'message without an Entra identity refused');
      await context.sendActivity(t(router.localeOf(scopes(state).user), 'error.notAllowed'));
      return;
    }
    const { conversation, user } = scopes(state);
    const committed = committedTurnFor(conversation, context.activity.id);
    if (committed) {
      // Delivered again after its turn had committed (the instance that ran it died before its
      // replies were out, or its claim lapsed): the answer is applied already; the replies are not.
      const resent = await resendCommittedTurn(context, committed);
      log.info({ resent }, 'redelivered activity of a committed turn: its replies sent again');
      return;
    }
    // teams-ai refuses a turn without these parts before any route runs, so the key is there.
    const ref = conversationRef(conversationStateKey(context.activity) ?? '');
    // Taken on officer messages only: another activity (a search invoke, a member added, a refused
    // message) leaves the mark, so the officer's next message still hears that the progress was lost.
    const discarded = { conversation: takeUnreadableState(conversation), user: takeUnreadableState(user) };
    for (const scope of ['conversation', 'user'] as const) {
      const reason = discarded[scope];
      if (reason) log.warn({ conversationRef: ref, scope, reason }, UNREADABLE_STATE_LOG_MESSAGE);
    }
    await router.handle(context, conversation, user, {
      officer,
      text: context.activity.text ?? undefined,
      value: context.activity.value,
      conversationRef: ref,
      conversationStateDiscarded: discarded.conversation !== undefined,
      conversation: conversationKindOf(context.activity),
    });
    if (references && conversationKindOf(context.activity) === 'personal') {
      await saveReference(references, context, officer, router.localeOf(user), conversation, log);
    }
    // Teams hygiene: a submitted card would keep the question, the chosen answer and any typed
    // reason in the chat history; replace it with a neutral note (the bot has sent what comes next).
    // The update is held with the replies until the state is saved (runWithConflictRetry), and a
    // failure to deliver it is logged there.
    // A look-up card carries method text only, so it stays: the officer may open its other sections.
    const submittedCard = context.activity.replyToId;
    if (context.activity.value !== undefined && submittedCard && !MethodLookup.showSectionOf(context.activity.value)) {
      await context.updateActivity({ id: submittedCard, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(usedCard(router.localeOf(user)))] });
    }
    if (context.activity.id) recordCommittedTurn(conversation, context.activity.id, TurnOutbox.of(context)?.pending ?? []);
  });

  /** One run of the turn: claimed, serialised, run until its state commits; nothing of a failed run was sent. */
  const runOnce = async (context: TurnContext, started: number) => {
    const stateKey = conversationStateKey(context.activity);
    const activityId = context.activity.id;
    // Claimed before queueing, so a redelivery that arrives while the original still waits or runs waits for it too.
    const claim = stateKey && activityId ? await deduplicator.claim(stateKey, activityId) : UNCLAIMED;
    if (!claim) {
      log.info({ activityType: context.activity.type }, 'redelivered activity dropped');
      return;
    }
    try {
      const attempts = await queue.run(stateKey ?? '', async () => {
        const release = stateKey ? await lease.acquire(stateKey) : async () => undefined;
        try {
          return await runWithConflictRetry(context, () => app.run(context), { retries: conflictRetries, log });
        } finally {
          await release();
        }
      });
      log.debug({ activityType: context.activity.type, attempts, ms: Date.now() - started }, 'turn done');
    } catch (error) {
      // The turn did not commit: let a redelivery of this activity run it again, welcome and all.
      await claim.abandon().catch(() => undefined);
      if (stateKey && context.turnState.get(WELCOME_CLAIMED)) {
        await welcomes.forget(stateKey).catch(() => undefined);
        context.turnState.delete(WELCOME_CLAIMED);
      }
      throw error;
    }
    // Not fatal: a claim left running lapses after the lease, and a redelivery then finds the committed turn.
    await claim.finish().catch((error: Error) => log.warn({ err: { name: error.name } }, 'activity claim not marked done'));
  };

  return {
    run: async (context) => {
      const started = Date.now();
      // A turn the state store failed committed nothing and sent nothing: run again, as a redelivery
      // would (answers are PUTs, a draft's creation carries an idempotency key), after a pause.
      for (let retry = 0; ; retry++) {
        try {
          return await runOnce(context, started);
        } catch (error) {
          const pause = outageRetryPausesMs[retry];
          if (pause === undefined || !isStateStoreUnavailable(error)) throw error;
          log.warn({ retry: retry + 1, pauseMs: pause }, 'state store unavailable; running the turn again after a pause');
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
    },
  };
}

/** Teams says 'personal', 'groupChat' or 'channel'; a client that says nothing (the Playground) is a personal chat. */
export function conversationKindOf(activity: Pick<TurnContext['activity'], 'conversation'>): 'personal' | 'shared' {
  const type = activity.conversation?.conversationType;
  // isGroup too: a channel that names no type but says it is a group is no place for an assessment.
  return type === 'groupChat' || type === 'channel' || activity.conversation?.isGroup === true ? 'shared' : 'personal';
}

/** Conversation-state key of the digest of the reference last stored, and when: a turn with the same one stores nothing. */
export const SAVED_REFERENCE_PROPERTY = 'conversationReferenceSaved';
/**
 * An unchanged reference is stored again after this long all the same: the API clears a refusal only
 * when it is stored, and the bot cannot see the refusal. An installation stores it at once (createBot);
 * this bounds a refusal that ended without one (the bot was never told it was removed and added).
 */
export const REFERENCE_REFRESH_MS = 60 * 60 * 1000;

/**
 * Stores the officer's conversation reference through the API when it differs from the one stored last
 * from this conversation, or that was long ago (cheap: one digest compare per turn). A failure is
 * logged and tried again on the next turn; the officer's turn goes on.
 */
async function saveReference(store: ConversationReferenceStore, context: TurnContext, officer: OfficerRef, locale: Locale, conversation: Record<string, unknown>, log: Logger): Promise<void> {
  const raw = TurnContext.getConversationReference(context.activity);
  const parsed = conversationReferenceSchema.safeParse(raw);
  if (!parsed.success) return;
  const request: SaveConversationReferenceRequest = { reference: parsed.data, locale };
  const digest = createHash('sha256').update(JSON.stringify([officer.id, request])).digest('base64url');
  const saved = conversation[SAVED_REFERENCE_PROPERTY] as { digest?: unknown; at?: unknown } | undefined;
  if (saved?.digest === digest && typeof saved.at === 'number' && Date.now() - saved.at < REFERENCE_REFRESH_MS) return;
  try {
    await store.saveConversationReference(officer, request);
    conversation[SAVED_REFERENCE_PROPERTY] = { digest, at: Date.now() };
  } catch (err) {
    log.warn({ err: { name: (err as Error).name } }, 'conversation reference not stored; tried again on the next turn');
  }
}
