// "rri <diarienummer>" reaches its command through the router (issue 16): the
// card is shown for the typed case, its buttons save through the API and are
// answered, and in a shared chat — where others read along — the command is
// refused like every case command. The API is a fake; the case is fictitious.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AddRriContactRequest, AddRriOutcomeRequest } from '../api/rriContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { AssessmentApiStub } from '../test/assessmentApiStub.js';
import type { OfficerRef } from './assessmentApi.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';
import type { RriApi, RriLogResponse } from './rriApi.js';
import { RRI_VERB } from './rriSubmit.js';

const CASE_NUMBER = '5000-K123456-25';

class FakeRriApi implements RriApi {
  readonly contacts: { caseNumber: string; contact: AddRriContactRequest }[] = [];
  readonly outcomes: { caseNumber: string; outcome: AddRriOutcomeRequest }[] = [];
  async rriLog(_officer: OfficerRef, _caseNumber: string): Promise<RriLogResponse> {
    return {
      contacts: this.contacts.map(({ contact }, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, threatActorId: null, contactedOn: contact.contactedOn, kind: contact.kind, accepted: contact.accepted, talksHeld: contact.talksHeld ?? 0, officerId: 'fiktiv-1', createdBy: 'fiktiv-1', createdAt: '2026-01-01T00:00:00.000Z' })),
      outcomes: [],
    };
  }
  async addRriContact(_officer: OfficerRef, caseNumber: string, contact: AddRriContactRequest): Promise<void> {
    this.contacts.push({ caseNumber, contact });
  }
  async addRriOutcome(_officer: OfficerRef, caseNumber: string, outcome: AddRriOutcomeRequest): Promise<void> {
    this.outcomes.push({ caseNumber, outcome });
  }
}

function harness(conversation: 'personal' | 'shared' = 'personal') {
  const rri = new FakeRriApi();
  const router = new ConversationRouter({ methodology: new FilePackSource(), api: new AssessmentApiStub(), rri, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const state = { conversation: {} as Record<string, unknown>, user: {} as Record<string, unknown> };
  const adapter = new TestAdapter(async (context) => {
    await router.handle(context, state.conversation, state.user, { officer: { id: 'fiktiv-1' }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktivt-samtal-rri', conversationStateDiscarded: false, conversation });
  });
  const send = async (activity: Partial<Activity>) => {
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  return { rri, say: (text: string) => send({ type: 'message', text }), press: (value: unknown) => send({ type: 'message', value }) };
}

describe('rri through the router', () => {
  it('shows the RRI card of the typed case, and saves a contact from its button', async () => {
    const h = harness();
    const [card] = await h.say(`rri ${CASE_NUMBER}`);
    expect(card).toContain(t('sv', 'rri.title', { caseNumber: CASE_NUMBER }));
    const replies = await h.press({ verb: RRI_VERB, action: 'contact', caseNumber: CASE_NUMBER, rriContactDate: '2026-01-10', rriKind: 'personligt_mote', rriAnswer: 'accepted', rriTalks: '1' });
    expect(h.rri.contacts).toEqual([{ caseNumber: CASE_NUMBER, contact: { contactedOn: '2026-01-10', kind: 'personligt_mote', accepted: true, talksHeld: 1 } }]);
    expect(replies[0]).toBe(t('sv', 'rri.savedContact'));
    expect(replies[1]).toContain(t('sv', 'rri.summary', { contacts: 1, accepted: 1, outcomes: 0 }));
  });

  it('asks for the case number after the word alone, instead of searching the method for "rri"', async () => {
    expect(await harness().say('rri')).toEqual([t('sv', 'rri.askCaseNumber')]);
  });

  it('refuses the command in a shared chat', async () => {
    const h = harness('shared');
    expect(await h.say(`rri ${CASE_NUMBER}`)).toEqual([t('sv', 'shared.personalOnly.noLink')]);
    expect(h.rri.contacts).toEqual([]);
  });
});
