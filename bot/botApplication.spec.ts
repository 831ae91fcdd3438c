// The bot's turn pipeline with a stand-in router: two instances sharing one state store, where the
// second of two quick messages loses the compare-and-set and is re-run on fresh state, and
// redelivered activities that must be handled once.
import type { Storage, StoreItems } from 'botbuilder';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CreateAssessmentRequest } from '../api/assessmentContract.js';
import { ConversationRouter, UNREADABLE_STATE_LOG_MESSAGE } from '../dialogs/conversationRouter.js';
import type { OfficerMessage } from '../dialogs/officerMessage.js';
import { t } from '../dialogs/messageCatalogue.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { CASE as PLAN_CASE, CaseApiDouble, DUE as PLAN_DUE, ID as PLAN_ASSESSMENT_ID, methodology as planMethodology, REASON as PLAN_REASON } from '../test/planFixtures.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import type { ActivityDeduplicator } from './activityDeduplicator.js';
import { conversationKindOf, createBot } from './botApplication.js';
import { CasMemoryStorage, eTagConflictError } from './casMemoryStorage.js';
import { createLogger } from './logger.js';
import { MemoryActivityDeduplicator } from './memoryActivityDeduplicator.js';
import { MemoryWelcomeLedger } from './memoryWelcomeLedger.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';
import type { WelcomeLedger } from './welcomeLedger.js';
import { unreadableStateItem } from './unreadableState.js';

const log = createLogger('silent');
const OFFICER = '00000000-0000-4000-8000-00000000b0a1'; // fictitious

/** Records each handled message in conversation state and answers with its position. */
function recordingRouter(handled: string[]): ConversationRouter {
  const router = {
    localeOf: () => 'sv' as const,
    welcome: async () => undefined,
    handle: async (context: TurnContext, conversation: Record<string, unknown>, _user: Record<string, unknown>, message: OfficerMessage) => {
      handled.push(message.text ?? '');
      const recorded = [...((conversation.recorded as string[] | undefined) ?? []), message.text ?? ''];
      conversation.recorded = recorded;
      await context.sendActivity(`${message.text} is #${recorded.length}`);
    },
  };
  return router as unknown as ConversationRouter;
}

/** Lets the first `readers` reads through only together, so their turns surely read the same version. */
function barrierStorage(inner: Storage, readers: number): Storage {
  let waiting: (() => void)[] = [];
  let remaining = readers;
  return {
    read: async (keys) => {
      const items = await inner.read(keys);
      if (remaining > 0) {
        remaining--;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (remaining === 0) {
            for (const go of waiting) go();
            waiting = [];
          }
        });
      }
      return items;
    },
    write: (changes: StoreItems) => inner.write(changes),
    delete: (keys) => inner.delete(keys),
  };
}

function message(text: string, id: string, conversationId: string): Partial<Activity> {
  return {
    type: 'message',
    id,
    text,
    channelId: 'msteams',
    recipient: { id: '28:bops-bot', name: 'Bops' },
    from: { id: `29:${OFFICER}`, name: 'Testhandläggare', aadObjectId: OFFICER },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  };
}

describe('createBot turn pipeline', () => {
  it('processes two quick messages on two instances one after the other: the conflicting one is re-run on fresh state, never dropped, never doubled', async () => {
    const shared = new CasMemoryStorage();
    const storage = barrierStorage(shared, 2);
    const handled: string[] = [];
    // Two instances: each has its own queue, so only the compare-and-set and the retry keep them apart.
    const one = createBot({ storage, router: recordingRouter(handled), devMode: true, log });
    const two = createBot({ storage, router: recordingRouter(handled), devMode: true, log });
    const conversationId = 'a:two-instances';
    const adapter = new TestAdapter();
    await Promise.all([
      one.run(new TurnContext(adapter, message('first', 'act-1', conversationId))),
      two.run(new TurnContext(adapter, message('second', 'act-2', conversationId))),
    ]);
    const key = `msteams/28:bops-bot/conversations/${conversationId}`;
    const recorded = (await shared.read([key]))[key]!.recorded as string[];
    expect([...recorded].sort()).toEqual(['first', 'second']);
    // One of the two ran twice (the re-run), and each officer saw exactly one reply per message.
    expect(handled).toHaveLength(3);
    expect(adapter.activeQueue.map((a) => a.text).sort()).toEqual([`${recorded[0]} is #1`, `${recorded[1]} is #2`].sort());
  });

  it('handles a redelivered activity once, whether it arrives during or after the original turn', async () => {
    const storage = new CasMemoryStorage();
    const handled: string[] = [];
    const bot = createBot({ storage, router: recordingRouter(handled), devMode: true, log });
    const adapter = new TestAdapter();
    const original = message('ja', 'act-7', 'a:redelivery');
    await Promise.all([bot.run(new TurnContext(adapter, original)), bot.run(new TurnContext(adapter, { ...original }))]);
    await bot.run(new TurnContext(adapter, { ...original }));
    expect(handled).toEqual(['ja']);
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['ja is #1']);
    await bot.run(new TurnContext(adapter, message('nej', 'act-8', 'a:redelivery')));
    expect(handled).toEqual(['ja', 'nej']);
  });

  it('runs a redelivery again when the original turn failed, so a failed answer can still be recorded', async () => {
    const inner = new CasMemoryStorage();
    let failNextWrite = true;
    const storage: Storage = {
      read: (keys) => inner.read(keys),
      write: async (changes) => {
        if (failNextWrite) {
          failNextWrite = false;
          throw new Error('write failed');
        }
        return inner.write(changes);
      },
      delete: (keys) => inner.delete(keys),
    };
    const handled: string[] = [];
    const bot = createBot({ storage, router: recordingRouter(handled), devMode: true, log });
    const adapter = new TestAdapter();
    const activity = message('ja', 'act-9', 'a:failed-then-redelivered');
    await expect(bot.run(new TurnContext(adapter, activity))).rejects.toThrow('write failed');
    expect(adapter.activeQueue).toHaveLength(0);
    await bot.run(new TurnContext(adapter, { ...activity }));
    expect(handled).toEqual(['ja', 'ja']);
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['ja is #1']);
  });
});

describe('createBot through a state-store outage', () => {
  /** A store whose next `failures` writes fail as a Redis failover does, then work again. */
  function failingOver(failures: number) {
    const inner = new CasMemoryStorage();
    let left = failures;
    const storage: Storage = {
      read: (keys) => inner.read(keys),
      write: async (changes) => {
        if (left-- > 0) throw new StateStoreUnavailableError('disconnected', 'pipeline', { cause: new Error('READONLY') });
        return inner.write(changes);
      },
      delete: (keys) => inner.delete(keys),
    };
    return { inner, storage };
  }

  it('runs a turn the state store failed again after a pause: one reply, the answer kept, no outage message', async () => {
    const { inner, storage } = failingOver(2);
    const handled: string[] = [];
    const bot = createBot({ storage, router: recordingRouter(handled), devMode: true, log, outageRetryPausesMs: [1, 1, 1] });
    const adapter = new TestAdapter();
    await bot.run(new TurnContext(adapter, message('ja', 'act-o1', 'a:failover')));
    expect(handled).toEqual(['ja', 'ja', 'ja']);
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['ja is #1']);
    const key = 'msteams/28:bops-bot/conversations/a:failover';
    expect((await inner.read([key]))[key]!.recorded).toEqual(['ja']);
  });

  it('gives up after its pauses, sending nothing of the failed runs, so the officer is told once (onTurnError)', async () => {
    const { storage } = failingOver(4);
    const handled: string[] = [];
    const bot = createBot({ storage, router: recordingRouter(handled), devMode: true, log, outageRetryPausesMs: [1, 1, 1] });
    const adapter = new TestAdapter();
    await expect(bot.run(new TurnContext(adapter, message('ja', 'act-o2', 'a:outage')))).rejects.toBeInstanceOf(StateStoreUnavailableError);
    expect(handled).toHaveLength(4);
    expect(adapter.activeQueue).toEqual([]);
  });
});

describe('createBot with the real dialogs', () => {
  /** Hands out one draft per idempotency key, as the API does. */
  class KeyedApi extends AssessmentApiStub {
    creates: (string | undefined)[] = [];
    private readonly drafts = new Map<string, string>();
    override async create(_officer: unknown, _request: CreateAssessmentRequest, idempotencyKey?: string) {
      this.creates.push(idempotencyKey);
      const id = (idempotencyKey && this.drafts.get(idempotencyKey)) ?? `00000000-0000-4000-8000-${String(this.creates.length).padStart(12, '0')}`;
      if (idempotencyKey) this.drafts.set(idempotencyKey, id);
      return { id };
    }
  }

  /** CAS memory storage whose next write, once armed, fails with an eTag conflict, as a concurrent turn's save would make it. */
  function conflictingStorage(): { storage: Storage; conflictNextWrite: () => void } {
    const inner = new CasMemoryStorage();
    let armed = false;
    const storage: Storage = {
      read: (keys) => inner.read(keys),
      write: async (changes) => {
        if (armed) {
          armed = false;
          throw eTagConflictError(Object.keys(changes)[0]!);
        }
        return inner.write(changes);
      },
      delete: (keys) => inner.delete(keys),
    };
    return { storage, conflictNextWrite: () => void (armed = true) };
  }

  it('re-runs the case-number turn after a state conflict without opening a second draft', async () => {
    const { storage, conflictNextWrite } = conflictingStorage();
    const api = new KeyedApi();
    const router = new ConversationRouter({ methodology: new FilePackSource(), api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log }, 'sv');
    const bot = createBot({ storage, router, devMode: true, log });
    const adapter = new TestAdapter();
    await bot.run(new TurnContext(adapter, message('ny bedömning', 'act-20', 'a:idempotent-create')));
    adapter.activeQueue.splice(0);
    conflictNextWrite();
    await bot.run(new TurnContext(adapter, message('5000-K123456-25', 'act-21', 'a:idempotent-create')));
    expect(api.creates).toHaveLength(2);
    expect(api.creates[0]).toMatch(/^bops-bot:/);
    expect(api.creates[1]).toBe(api.creates[0]);
    const replies = adapter.activeQueue.map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
    expect(replies.filter((r) => r.includes('Fråga 1 av'))).toHaveLength(1);
    // A different activity is a different create.
    await bot.run(new TurnContext(adapter, message('avbryt', 'act-22', 'a:idempotent-create')));
    await bot.run(new TurnContext(adapter, message('ny bedömning', 'act-23', 'a:idempotent-create')));
    await bot.run(new TurnContext(adapter, message('5000-K123456-25', 'act-24', 'a:idempotent-create')));
    expect(new Set(api.creates).size).toBe(2);
  });

  it('re-runs the turn that completes a structured assessment after a state conflict without making a second plan', async () => {
    const { storage, conflictNextWrite } = conflictingStorage();
    const api = new CaseApiDouble();
    const router = new ConversationRouter({ methodology: planMethodology, api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log }, 'sv');
    const bot = createBot({ storage, router, devMode: true, log });
    const adapter = new TestAdapter();
    for (const [i, text] of ['strukturerad bedömning', PLAN_CASE, '1', '1 2', 'hög'].entries()) {
      await bot.run(new TurnContext(adapter, message(text, `act-3${i}`, 'a:plan-rerun')));
    }
    adapter.activeQueue.splice(0);
    // The completing turn made the plan, then lost its state write: it runs again on the state before it.
    conflictNextWrite();
    await bot.run(new TurnContext(adapter, message(PLAN_REASON, 'act-39', 'a:plan-rerun')));
    expect(api.plans).toHaveLength(1);
    expect(api.calls.filter((c) => c === 'complete')).toHaveLength(1);
    expect(api.calls.filter((c) => c === 'create plan')).toHaveLength(2);
    // Only the committed attempt speaks: the completion once, and the plan as saved before (not an error).
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([
      t('sv', 'completed.withDue', { instrument: 'Hot (test)', reference: PLAN_ASSESSMENT_ID.slice(0, 8), dueOn: PLAN_DUE }),
      t('sv', 'plan.alreadySaved'),
      // The first attempt moved the case to Bops; the re-run finds it there and changes nothing.
      t('sv', 'case.unchanged'),
      // The test instrument's judgement is high: the escalation to in-depth is suggested (issue 12, item 6), once.
      t('sv', 'escalation.suggested'),
    ]);
    expect(api.caseChanges).toEqual([{ status: 'bops' }]);
  });
});

describe('createBot with a stored state it cannot read', () => {
  /** Returns the unreadable-state item for the keys named in damaged, until they are written again. */
  function damagingStorage(inner: Storage, damaged: Map<string, 'not_json' | 'unknown_state_key'>): Storage {
    return {
      read: async (keys) => {
        const items = await inner.read(keys);
        for (const key of keys) {
          const reason = damaged.get(key);
          if (reason && items[key]) items[key] = unreadableStateItem(reason, items[key].eTag!);
        }
        return items;
      },
      write: async (changes) => {
        await inner.write(changes);
        for (const key of Object.keys(changes)) damaged.delete(key);
      },
      delete: (keys) => inner.delete(keys),
    };
  }

  function setUp() {
    const inner = new CasMemoryStorage();
    const damaged = new Map<string, 'not_json' | 'unknown_state_key'>();
    const logs: Record<string, unknown>[] = [];
    const captured = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
    const api = { create: async () => ({ id: '00000000-0000-4000-8000-000000000001' }), saveAnswer: async () => undefined, complete: async () => ({ caseNumber: '5000-K123456-25', reassessOn: null }), get: async () => { throw new Error('not used'); }, listForCase: async () => [], caseAssignees: async () => [], assign: async () => undefined, createPlan: async () => ({ status: 'already_created' as const }), readCase: async () => ({ status: 'bops' as const, violenceType: null, etag: '"v1"' }), changeCase: async () => { throw new Error('not used'); } };
    const router = new ConversationRouter({ methodology: new FilePackSource(), api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: captured }, 'sv');
    const bot = createBot({ storage: damagingStorage(inner, damaged), router, devMode: true, log: captured });
    const adapter = new TestAdapter();
    let n = 0;
    const say = async (text: string, conversationId: string) => {
      await bot.run(new TurnContext(adapter, message(text, `act-${n++}`, conversationId)));
      return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
    };
    return { inner, damaged, logs, say };
  }

  it('tells the officer, logs the reason and a fingerprint only, replaces the state, and goes on normally next turn', async () => {
    const { inner, damaged, logs, say } = setUp();
    const conversationId = 'a:damaged-conversation';
    const key = `msteams/28:bops-bot/conversations/${conversationId}`;
    await say('ny bedömning', conversationId);
    await say('5000-K123456-25', conversationId);
    damaged.set(key, 'unknown_state_key');
    expect(await say('ja', conversationId)).toEqual([t('sv', 'state.unreadable')]);
    expect(logs).toEqual([expect.objectContaining({ level: 40, msg: UNREADABLE_STATE_LOG_MESSAGE, scope: 'conversation', reason: 'unknown_state_key' })]);
    expect(Object.keys(logs[0]!).sort()).toEqual(['conversationRef', 'hostname', 'level', 'msg', 'pid', 'reason', 'scope', 'time']);
    expect(JSON.stringify(logs)).not.toContain(conversationId);
    expect((await inner.read([key]))[key]).toMatchObject({ dialogState: { dialogStack: [] } });
    expect(await say('ny bedömning', conversationId)).toEqual([t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' })]);
    expect(logs).toHaveLength(1);
  });

  it("discards an unreadable user state with a warning and no notice: only the officer's language choice is lost", async () => {
    const { damaged, logs, say } = setUp();
    const conversationId = 'a:damaged-user';
    await say('english', conversationId);
    damaged.set(`msteams/28:bops-bot/users/29:${OFFICER}`, 'not_json');
    expect(await say('help', conversationId)).toEqual([t('sv', 'help')]);
    expect(logs).toEqual([expect.objectContaining({ msg: UNREADABLE_STATE_LOG_MESSAGE, scope: 'user', reason: 'not_json' })]);
  });
});

describe('first contact: one welcome card per installation', () => {
  const BOT = { id: '28:bops-bot', name: 'Bops' };
  const PERSON = { id: `29:${OFFICER}`, name: '' };

  /** One bot instance with the real router; `welcomes` and `storage` are what instances share. */
  function instance(shared: { welcomes: WelcomeLedger; storage?: Storage; deduplicator?: ActivityDeduplicator }) {
    const router = new ConversationRouter({ methodology: new FilePackSource(), api: new AssessmentApiStub(), caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log }, 'sv');
    const bot = createBot({ storage: shared.storage ?? new CasMemoryStorage(), router, devMode: false, log, welcomes: shared.welcomes, ...(shared.deduplicator ? { deduplicator: shared.deduplicator } : {}) });
    const adapter = new TestAdapter();
    /** Runs the activities at once and returns the welcome cards sent. */
    const deliver = async (...activities: Partial<Activity>[]) => {
      await Promise.all(activities.map((activity) => bot.run(new TurnContext(adapter, activity))));
      return adapter.activeQueue.splice(0).map((a) => a.attachments?.[0]?.content as { body: { type: string; text?: string; facts?: { title: string }[] }[] });
    };
    /** Runs one activity whose replies cannot be sent (the connector is down): the turn fails. */
    const deliverUnsendable = async (activity: Partial<Activity>) => {
      const context = new TurnContext(adapter, activity);
      context.onSendActivities(async () => {
        throw new Error('connector unreachable');
      });
      await expect(bot.run(context)).rejects.toThrow('connector unreachable');
    };
    return { deliver, deliverUnsendable };
  }

  function event(conversationId: string, id: string, extra: Partial<Activity>, conversationType = 'personal'): Partial<Activity> {
    const { text: _text, ...common } = message('', id, conversationId);
    return { ...common, conversation: { id: conversationId, isGroup: conversationType !== 'personal', conversationType, name: '' }, ...extra };
  }
  const installed = (conversationId: string, id: string, conversationType?: string) => event(conversationId, id, { type: 'installationUpdate', action: 'add' }, conversationType);
  const added = (conversationId: string, id: string, members: { id: string; name: string }[], conversationType?: string) => event(conversationId, id, { type: 'conversationUpdate', membersAdded: members }, conversationType);
  const stateKey = (conversationId: string) => `msteams/28:bops-bot/conversations/${conversationId}`;

  it('greets once however Teams says it was installed and however often it says so', async () => {
    const { deliver } = instance({ welcomes: new MemoryWelcomeLedger() });
    const cards = [
      ...(await deliver(installed('a:install-1', 'install-1'))),
      ...(await deliver(added('a:install-1', 'members-1', [BOT]))),
      ...(await deliver(installed('a:install-1', 'install-1'))),
    ];
    expect(cards).toHaveLength(1);
    expect(cards[0]!.body.map((b) => b.text).join('\n')).toContain(t('sv', 'welcome.never'));
    // Another installation (another conversation) is greeted too.
    expect(await deliver(installed('a:install-2', 'install-2'))).toHaveLength(1);
  });

  it('greets on the redelivery when the turn that would have greeted failed to send the card', async () => {
    const { deliver, deliverUnsendable } = instance({ welcomes: new MemoryWelcomeLedger() });
    await deliverUnsendable(installed('a:failed-send', 'install-1'));
    expect(await deliver(installed('a:failed-send', 'install-1'))).toHaveLength(1);
    expect(await deliver(added('a:failed-send', 'members-1', [BOT]))).toHaveLength(0);
  });

  it('greets when the bot is added, or the officer to a personal chat (as the Agents Playground says it), not when people are added to a shared chat', async () => {
    const { deliver } = instance({ welcomes: new MemoryWelcomeLedger() });
    expect(await deliver(added('a:playground', 'members-0', [PERSON]))).toHaveLength(1);
    expect(await deliver(added('a:playground', 'members-1', [PERSON]), installed('a:playground', 'install-1'))).toHaveLength(0);
    expect(await deliver(added('19:team-chat', 'members-1', [PERSON], 'groupChat'))).toHaveLength(0);
    expect(await deliver(added('19:team-chat', 'members-2', [PERSON, BOT], 'groupChat'))).toHaveLength(1);
    expect(await deliver(added('19:team-chat', 'members-3', [{ id: '29:another-person', name: '' }], 'groupChat'))).toHaveLength(0);
  });

  it('does not greet on an app upgrade', async () => {
    const { deliver } = instance({ welcomes: new MemoryWelcomeLedger() });
    expect(await deliver(event('a:upgrade', 'upgrade-1', { type: 'installationUpdate', action: 'add-upgrade' }))).toHaveLength(0);
    expect(await deliver(installed('a:upgrade', 'install-1'))).toHaveLength(1);
    expect(await deliver(event('a:upgrade', 'upgrade-2', { type: 'installationUpdate', action: 'add-upgrade' }))).toHaveLength(0);
  });

  it('does not greet again after the conversation state expired or the instance restarted', async () => {
    const welcomes = new MemoryWelcomeLedger();
    const storage = new CasMemoryStorage();
    const { deliver } = instance({ welcomes, storage });
    expect(await deliver(installed('a:expired', 'install-1'))).toHaveLength(1);
    await deliver(message('hjälp', 'msg-1', 'a:expired'));
    // What CONVERSATION_TTL_SECONDS does to the conversation state.
    await storage.delete([stateKey('a:expired')]);
    expect(await deliver(added('a:expired', 'members-1', [BOT]))).toHaveLength(0);
    // A restarted instance: fresh process memory and a fresh de-duplication window, the same ledger.
    expect(await instance({ welcomes }).deliver(installed('a:expired', 'install-1'), added('a:expired', 'members-2', [BOT]))).toHaveLength(0);
  });

  it('greets again when the bot was removed and then installed again, in a personal or a team chat', async () => {
    const { deliver } = instance({ welcomes: new MemoryWelcomeLedger() });
    expect(await deliver(installed('a:reinstall', 'install-1'))).toHaveLength(1);
    expect(await deliver(event('a:reinstall', 'remove-1', { type: 'installationUpdate', action: 'remove' }))).toHaveLength(0);
    expect(await deliver(installed('a:reinstall', 'install-2'))).toHaveLength(1);

    expect(await deliver(added('19:team', 'members-1', [BOT], 'channel'))).toHaveLength(1);
    await deliver(event('19:team', 'members-2', { type: 'conversationUpdate', membersRemoved: [PERSON] }, 'channel'));
    expect(await deliver(added('19:team', 'members-3', [BOT], 'channel'))).toHaveLength(0);
    await deliver(event('19:team', 'members-4', { type: 'conversationUpdate', membersRemoved: [BOT] }, 'channel'));
    expect(await deliver(added('19:team', 'members-5', [BOT], 'channel'))).toHaveLength(1);
  });

  it('greets once when two instances get the same activity, or two ways of saying installed, at the same time', async () => {
    const welcomes = new MemoryWelcomeLedger();
    const storage = new CasMemoryStorage();
    // What the instances share through Redis: the ledger, the state and the de-duplication claims.
    const deduplicator = new MemoryActivityDeduplicator(600);
    const one = instance({ welcomes, storage, deduplicator });
    const two = instance({ welcomes, storage, deduplicator });
    const same = installed('a:two-instances', 'install-1');
    const cards = await Promise.all([one.deliver(same), two.deliver({ ...same })]);
    expect(cards.flat()).toHaveLength(1);
    const both = await Promise.all([one.deliver(installed('a:two-ways', 'install-2')), two.deliver(added('a:two-ways', 'members-2', [BOT]))]);
    expect(both.flat()).toHaveLength(1);
  });

  it('offers only the look-up in a team or group chat, where assessments are refused', async () => {
    const { deliver } = instance({ welcomes: new MemoryWelcomeLedger() });
    const commandsOf = (card: Awaited<ReturnType<typeof deliver>>[number]) => card.body.find((b) => b.type === 'FactSet')!.facts!.map((f) => f.title);
    const [personal] = await deliver(installed('a:personal', 'install-1'));
    const [shared] = await deliver(added('19:group', 'members-1', [BOT], 'groupChat'));
    expect(commandsOf(personal!)).toEqual(['ny bedömning', 'strukturerad bedömning', 'sök …']);
    expect(commandsOf(shared!)).toEqual(['sök …']);
    expect(shared!.body.map((b) => b.text)).toContain(t('sv', 'welcome.shared'));
  });
});

describe('the officer’s chat stored for proactive messages', () => {
  const BOT = { id: '28:bops-bot', name: 'Bops' };
  const CHAT = 'a:stored-chat';

  /** One bot whose reference store records each save (the conversation id) and fails when told to. */
  function instance() {
    const saved: string[] = [];
    let failNext = false;
    const references = {
      saveConversationReference: async (_officer: unknown, request: { reference: { conversation: { id: string } } }) => {
        if (failNext) {
          failNext = false;
          throw new Error('API unreachable');
        }
        saved.push(request.reference.conversation.id);
        return 'saved' as const;
      },
    };
    const bot = createBot({ storage: new CasMemoryStorage(), router: recordingRouter([]), devMode: false, log, references });
    const adapter = new TestAdapter();
    let serial = 0;
    const deliver = (extra: Partial<Activity>, conversationType = 'personal') => {
      const activity: Partial<Activity> = {
        ...message('', `activity-${++serial}`, CHAT),
        text: undefined,
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        conversation: { id: CHAT, isGroup: conversationType !== 'personal', conversationType, name: '' },
        ...extra,
      };
      return bot.run(new TurnContext(adapter, activity));
    };
    return { saved, deliver, failOnce: () => (failNext = true) };
  }

  it('skips an unchanged reference on a message, but stores it whenever the bot is installed or added again', async () => {
    const { saved, deliver } = instance();
    await deliver({ type: 'message', text: 'hej' });
    await deliver({ type: 'message', text: 'hej igen' });
    expect(saved).toEqual([CHAT]);
    // Installed again (a refusal recorded meanwhile is cleared only by a save): stored, unchanged as it is.
    await deliver({ type: 'installationUpdate', action: 'add' });
    expect(saved).toHaveLength(2);
    await deliver({ type: 'conversationUpdate', membersAdded: [BOT] });
    expect(saved).toHaveLength(3);
    // An upgrade is no installation; people added to a shared chat give no personal chat.
    await deliver({ type: 'installationUpdate', action: 'add-upgrade' });
    await deliver({ type: 'conversationUpdate', membersAdded: [BOT] }, 'groupChat');
    expect(saved).toHaveLength(3);
  });

  it('stores the reference on the first message after the bot was removed, and after a failed store on installing', async () => {
    const { saved, deliver, failOnce } = instance();
    await deliver({ type: 'message', text: 'hej' });
    await deliver({ type: 'installationUpdate', action: 'remove' });
    expect(saved).toHaveLength(1);
    await deliver({ type: 'message', text: 'hej' });
    expect(saved).toHaveLength(2);
    await deliver({ type: 'conversationUpdate', membersRemoved: [BOT] });
    await deliver({ type: 'message', text: 'hej' });
    expect(saved).toHaveLength(3);

    failOnce();
    await deliver({ type: 'installationUpdate', action: 'add' });
    expect(saved).toHaveLength(3);
    // The failed store left no mark of a save: the next message stores it.
    await deliver({ type: 'message', text: 'hej' });
    expect(saved).toHaveLength(4);
  });
});

describe('conversationKindOf', () => {
  const kind = (conversation: Record<string, unknown>) => conversationKindOf({ conversation: conversation as never });
  it('takes a group chat or channel, or a conversation that says it is a group, as shared; only the rest as personal', () => {
    expect(kind({ id: 'c', conversationType: 'personal' })).toBe('personal');
    expect(kind({ id: 'c', conversationType: 'groupChat' })).toBe('shared');
    expect(kind({ id: 'c', conversationType: 'channel' })).toBe('shared');
    expect(kind({ id: 'c', isGroup: true })).toBe('shared');
    expect(kind({ id: 'c' })).toBe('personal');
  });
});
