// The router when the dialog a message was meant for is gone: the conversation state expired or
// was deleted mid-assessment, the dialog stack fails its schema, or the bot layer discarded a
// stored value it could not read. The officer hears that the progress was lost and how to resume;
// a genuine question outside an assessment stays a method look-up.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import { ConversationRouter, UNREADABLE_STATE_LOG_MESSAGE } from './conversationRouter.js';
import { t } from './messageCatalogue.js';
import { WORK_LIST_VERB } from './workListSubmit.js';


const CONVERSATION_REF = 'fiktivt-samtal-1';

function harness(conversation: 'personal' | 'shared' = 'personal') {
  const api = new AssessmentApiStub();
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const router = new ConversationRouter({ methodology: new FilePackSource(), api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log }, 'sv');
  const state = { conversation: {} as Record<string, unknown>, user: {} as Record<string, unknown> };
  let discardNext = false;
  const adapter = new TestAdapter(async (context) => {
    const discarded = discardNext;
    discardNext = false;
    await router.handle(context, state.conversation, state.user, {
      officer: { id: 'fiktiv-1' },
      text: context.activity.text,
      value: context.activity.value,
      conversationRef: CONVERSATION_REF,
      conversationStateDiscarded: discarded,
      conversation,
    });
  });
  const send = async (activity: Partial<Activity>) => {
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  return {
    api,
    logs,
    state,
    send,
    say: (text: string) => send({ type: 'message', text }),
    press: (value: unknown) => send({ type: 'message', value }),
    /** What an expired or deleted conversation key looks like to the next turn. */
    loseConversationState: () => {
      state.conversation = {};
    },
    /** The next turn is told the bot layer discarded an unreadable stored value. */
    discardNextState: () => {
      discardNext = true;
    },
  };
}

async function midAssessment() {
  const h = harness();
  await h.say('ny bedömning');
  const question1 = await h.say('5000-K123456-25');
  expect(question1.join('\n')).toContain('Fråga 1 av');
  return h;
}

const isLookUp = (replies: string[]) => replies.length === 1 && (replies[0]!.startsWith(t('sv', 'lookup.noResult')) || replies[0]!.includes(t('sv', 'lookup.title')));

describe('conversation router — state lost mid-assessment', () => {
  it('tells an officer who types an answer after the state was lost that the progress is gone and how to resume, instead of looking the answer up', async () => {
    const h = await midAssessment();
    h.loseConversationState();
    expect(await h.say('ja')).toEqual([t('sv', 'state.lost')]);
    expect(t('sv', 'state.lost')).toContain('**fortsätt** och ärendets diarienummer');
    expect(h.api.saved).toEqual([]);
    // Told once: the next typed text is what it looks like, a question.
    expect(isLookUp(await h.say('2'))).toBe(true);
  });

  it('says the same for back, cancel and guidance typed after the state was lost', async () => {
    for (const word of ['tillbaka', 'avbryt', '?']) {
      const h = await midAssessment();
      h.loseConversationState();
      expect(await h.say(word)).toEqual([t('sv', 'state.lost')]);
    }
  });

  it('tells an officer who presses a card after the state was lost, with or without the note', async () => {
    const h = harness();
    expect(await h.press({ verb: 'answer', itemId: 'hotbildsfraga', value: 'ja' })).toEqual([t('sv', 'state.lost')]);
  });

  it('carries out commands that need no dialog as usual after the state was lost', async () => {
    const h = await midAssessment();
    h.loseConversationState();
    expect(await h.say('ny bedömning')).toEqual([t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' })]);
  });

  it('looks up a question typed after a cancelled assessment, also once the state has expired', async () => {
    const h = await midAssessment();
    expect(await h.say('avbryt')).toEqual([t('sv', 'cancel.keptDraft')]);
    h.loseConversationState();
    expect(isLookUp(await h.say('när ska SAM användas?'))).toBe(true);
  });

  it('looks up a question in a conversation that never had an assessment', async () => {
    const h = harness();
    expect(isLookUp(await h.say('ja'))).toBe(true);
  });

  it("keeps the note in the officer's user state only while a dialog runs, under the conversation's fingerprint", async () => {
    const h = await midAssessment();
    expect(Object.keys(h.state.user.dialogsInProgress as object)).toEqual([CONVERSATION_REF]);
    await h.say('avbryt');
    expect(h.state.user.dialogsInProgress).toBeUndefined();
  });
});

describe('conversation router — unreadable conversation state', () => {
  it('tells the officer, logs only the fingerprint and the reason, and starts afresh when the dialog stack fails its schema', async () => {
    const h = await midAssessment();
    h.state.conversation.dialogState = { dialogStack: 'skadad' };
    expect(await h.say('ja')).toEqual([t('sv', 'state.unreadable')]);
    expect(h.api.saved).toEqual([]);
    expect(h.logs).toEqual([expect.objectContaining({ msg: UNREADABLE_STATE_LOG_MESSAGE, conversationRef: CONVERSATION_REF, scope: 'conversation', reason: 'invalid_dialog_state' })]);
    expect(JSON.stringify(h.logs)).not.toMatch(/skadad|"ja"|5000-K/);
    expect(h.state.conversation.dialogState).toEqual({ dialogStack: [] });
    // The state is replaced: the next turn is an ordinary one.
    expect(isLookUp(await h.say('ja'))).toBe(true);
    expect(h.logs).toHaveLength(1);
  });

  it('treats a stack naming a dialog the bot does not have as unreadable instead of failing every turn', async () => {
    const h = harness();
    h.state.conversation.dialogState = { dialogStack: [{ id: 'borttagen-dialog', state: {} }] };
    expect(await h.press({ verb: 'back' })).toEqual([t('sv', 'state.unreadable')]);
  });

  it('says so first when the bot layer discarded the stored state, then carries out a command that needs no dialog', async () => {
    const h = await midAssessment();
    h.loseConversationState();
    h.discardNextState();
    expect(await h.say('ny bedömning')).toEqual([t('sv', 'state.unreadable'), t('sv', 'assessment.askCaseNumber', { instrument: 'Initial bedömning' })]);
  });

  it('answers only with the notice when the discarded state was to take an answer', async () => {
    const h = await midAssessment();
    h.loseConversationState();
    h.discardNextState();
    expect(await h.say('2')).toEqual([t('sv', 'state.unreadable')]);
    expect(h.state.user.dialogsInProgress).toBeUndefined();
  });

  it('words the notices in English for an officer who chose English', async () => {
    const h = await midAssessment();
    await h.say('english');
    h.loseConversationState();
    expect(await h.say('yes')).toEqual([t('en', 'state.lost')]);
    h.discardNextState();
    expect(await h.say('yes')).toEqual([t('en', 'state.unreadable')]);
    expect(t('en', 'state.unreadable')).toContain('**continue** and the case number');
  });
});

describe('conversation router — a team or group chat', () => {
  it('looks the method up and helps, and makes no assessment, draft or plan where others read along', async () => {
    const h = harness('shared');
    expect(isLookUp(await h.say('sök kontaktförbud'))).toBe(true);
    expect(isLookUp(await h.say('när ska SAM användas?'))).toBe(true);
    expect(await h.say('hjälp')).toEqual([t('sv', 'shared.help')]);
    for (const text of ['ny bedömning', 'strukturerad bedömning', 'fortsätt 5000-K123456-25', 'skapa plan 5000-K123456-25', 'datum 15/1 frigivning', 'avbryt', 'eskalera 5000-K123456-25', 'eskalera 5000-K123456-25 hög risk', 'åtgärder 5000-K123456-25', 'dela 5000-K123456-25', 'delningar 5000-K123456-25', 'granska 5000-K123456-25', 'dokument 5000-K123456-25', 'rri 5000-K123456-25']) {
      expect(await h.say(text), text).toEqual([t('sv', 'shared.personalOnly.noLink')]);
    }
    expect(await h.press({ verb: 'answer', itemId: 'hotbildsfraga', value: 'ja' })).toEqual([t('sv', 'shared.personalOnly.noLink')]);
    expect(h.state.conversation['dialogState']).toEqual({ dialogStack: [] });
    expect(h.api.saved).toEqual([]);
  });

  it('refuses an assessment in one line that offers the personal chat with the bot', async () => {
    const h = harness('shared');
    const [refusal, ...rest] = await h.send({ type: 'message', text: 'ny bedömning', recipient: { id: '28:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Bops' } });
    expect(rest).toEqual([]);
    expect(refusal).toBe(t('sv', 'shared.personalOnly', { link: 'https://teams.microsoft.com/l/chat/0/0?users=28:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }));
    for (const line of [refusal!, t('en', 'shared.personalOnly', { link: 'x' }), t('sv', 'shared.personalOnly.noLink'), t('en', 'shared.personalOnly.noLink')]) {
      expect(line).not.toContain('\n');
      expect(line.split(/[.!?](\s|$)/).filter((s) => s.trim()).length, line).toBe(1);
    }
    // A recipient that is not a Teams bot id gives no link rather than one built from it.
    expect(await h.send({ type: 'message', text: 'ny bedömning', recipient: { id: '28:](javascript:x)', name: 'x' } })).toEqual([t('sv', 'shared.personalOnly.noLink')]);
  });
});

describe('conversation router — a command with its case number', () => {
  it('starts the assessment of the case at once, the question of the number not asked', async () => {
    const h = harness();
    const replies = await h.say('ny bedömning 5000-K123456-25');
    expect(replies[0]).toBe(t('sv', 'assessment.created'));
    expect(replies.join('\n')).toContain('Fråga 1 av');
    expect(replies.join('\n')).not.toContain(t('sv', 'assessment.caseNumberInvalid'));
    // Typed again mid-assessment it starts nothing new.
    expect((await h.say('ny bedömning 5000-K123456-26'))[0]).toBe(t('sv', 'assessment.alreadyRunning'));
  });

  it('takes the instrument beside the number for a structured assessment, and leaves a question about re-assessment to the search', async () => {
    const h = harness();
    const replies = await h.say('strukturerad bedömning SARA:SV 5000-K123456-25');
    expect(replies[0]).toBe(t('sv', 'assessment.created'));
    const other = harness();
    expect(isLookUp(await other.say('ny bedömning intervall'))).toBe(true);
  });

  it('keeps it out of a shared chat', async () => {
    const h = harness('shared');
    expect(await h.say('ny bedömning 5000-K123456-25')).toEqual([t('sv', 'shared.personalOnly.noLink')]);
    expect(h.api.saved).toEqual([]);
  });
});

describe('conversation router — the compact mode offered', () => {
  it('offers the mode once as the next assessment starts from a work-list or reminder button, as from a command', async () => {
    const h = harness();
    h.state.user['completedAnAssessment'] = true;
    const started = await h.press({ verb: WORK_LIST_VERB, action: 'reassess', caseNumber: '5000-K123456-25' });
    expect(started[0]).toBe(t('sv', 'mode.offer'));
    await h.say('avbryt');
    const again = await h.press({ verb: WORK_LIST_VERB, action: 'reassess', caseNumber: '5000-K123456-25' });
    expect(again).not.toContain(t('sv', 'mode.offer'));
  });
});

describe('conversation router — greetings and thanks', () => {
  it('answers small talk with one short line and the main commands, never a method search', async () => {
    const h = harness();
    for (const text of ['hej', 'Hej!', 'hallå', 'god morgon', 'hello', 'hej hej', 'hallå?', 'Hej Bops', 'hej 👋', 'Hello?', 'hej du']) expect(await h.say(text), text).toEqual([t('sv', 'greeting')]);
    for (const text of ['tack', 'Tack så mycket!', 'thanks', 'tack tack', 'tackar', 'ok tack', 'Tusen tack 🙏']) expect(await h.say(text), text).toEqual([t('sv', 'thanks')]);
    expect(await h.say('hej, vad gäller vid kontaktförbud?')).not.toEqual([t('sv', 'greeting')]);
    for (const text of ['tack för hjälpen med kontaktförbud', 'ok', 'så mycket']) expect(await h.say(text), text).not.toEqual([t('sv', 'thanks')]);
    expect(h.api.saved).toEqual([]);
  });

  it('greets in a shared chat with what it does there', async () => {
    const h = harness('shared');
    expect(await h.say('hej')).toEqual([t('sv', 'shared.greeting')]);
    expect(await h.say('tack')).toEqual([t('sv', 'thanks')]);
  });
});
