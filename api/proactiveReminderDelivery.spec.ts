// ProactiveReminderDelivery (issue 12, item 3) without a database or a connector:
// what it answers the poller for each connector outcome, that a refused chat
// is marked, that a failure throws (tried again later), and that a delivery
// id sent once is not sent again by this instance.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { StoredConversationReference } from './conversationReferenceRepository.js';
import type { ProactiveDelivery, ProactiveMessage, ProactiveOutcome } from './proactiveDelivery.js';
import { ProactiveReminderDelivery, ReminderNotDeliveredError } from './proactiveReminderDelivery.js';
import type { DueReminder } from './reminderDelivery.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import type { PlanPerson } from './workItem.js';

const reference = (officerId: string, botId: string): StoredConversationReference => ({
  officerId,
  botId,
  locale: 'sv',
  reference: { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', conversation: { id: `a:${officerId}` }, bot: { id: botId }, user: { id: `29:${officerId}`, aadObjectId: officerId } },
});

const reminder = (over: Partial<DueReminder> = {}): DueReminder => ({
  deliveryId: '00000000-0000-4000-8000-000000000001',
  kind: 'measure_follow_up_due',
  about: 'measure_follow_up',
  caseId: '00000000-0000-4000-8000-0000000000c1',
  caseNumber: '1800-K000001-30',
  dueOn: '2030-01-15',
  recipientOfficerId: 'officer-1',
  reason: 'responsible',
  planId: '00000000-0000-4000-8000-0000000000p1',
  measureId: '00000000-0000-4000-8000-0000000000m1',
  referral: null,
  attempt: 1,
  ...over,
});

function harness(refs: StoredConversationReference[], outcomes: ProactiveOutcome[], together: { covered: boolean; catalogueIds: string[] } = { covered: false, catalogueIds: ['rri'] }, planPerson: { protects?: PlanPerson } = {}) {
  const sent: { target: StoredConversationReference; message: ProactiveMessage }[] = [];
  const refused: string[] = [];
  const delivery: ProactiveDelivery = {
    send: async (target, message) => {
      sent.push({ target, message });
      return outcomes.shift() ?? { status: 'sent', activityId: 'x' };
    },
    update: async () => ({ status: 'failed', reason: 'unused' }),
  };
  const methodology = new FilePackSource();
  const { pack } = methodology.active('bops-exempel');
  const subject = new ProactiveReminderDelivery({
    references: { usableFor: async (ids) => refs.filter((r) => ids.includes(r.officerId)), markRefused: async (officerId, botId) => void refused.push(`${officerId}/${botId}`) },
    delivery,
    ledger: {
      measuresDueTogether: async () => ({ covered: together.covered, measures: together.catalogueIds.map((catalogueId) => ({ catalogueId, packId: pack.id, packVersion: pack.version })) }),
      planPerson: async () => planPerson,
    },
    referrals: { recordOverdueCard: async () => undefined },
    methodology,
    log: pino({ level: 'silent' }),
  });
  const title = (id: string) => pack.measures.find((m) => m.id === id)?.title ?? null;
  return { subject, sent, refused, rri: title('rri'), title };
}

describe('ProactiveReminderDelivery', () => {
  it('answers no_reference when the officer never talked to the bot, sending nothing', async () => {
    const h = harness([], []);
    expect(await h.subject.deliver(reminder())).toBe('no_reference');
    expect(h.sent).toEqual([]);
  });

  it('sends the reminder as data — case, kind, date, the measure\'s pack title — and drops a repeat of the same delivery id', async () => {
    const h = harness([reference('officer-1', 'bot')], []);
    expect(await h.subject.deliver(reminder())).toBe('sent');
    expect(h.sent.map((s) => s.message)).toEqual([
      { kind: 'reminder', reminder: 'measure_follow_up_due', about: 'measure_follow_up', caseNumber: '1800-K000001-30', dueOn: '2030-01-15', measures: [h.rri] },
    ]);
    expect(await h.subject.deliver(reminder({ attempt: 2 }))).toBe('sent');
    expect(h.sent).toHaveLength(1);
    expect(await h.subject.deliver(reminder({ deliveryId: '00000000-0000-4000-8000-000000000002', about: 'reassessment', kind: 'reassessment_due', measureId: null }))).toBe('sent');
    expect(h.sent[1]!.message).toMatchObject({ about: 'reassessment', measures: [] });
    const referral = { id: '00000000-0000-4000-8000-0000000000f1', handover: 'in_depth' as const };
    expect(await h.subject.deliver(reminder({ deliveryId: '00000000-0000-4000-8000-000000000003', about: 'referral', kind: 'referral_due', planId: null, measureId: null, referral }))).toBe('sent');
    expect(h.sent[2]!.message).toEqual({ kind: 'reminder', reminder: 'referral_due', about: 'referral', caseNumber: '1800-K000001-30', dueOn: '2030-01-15', measures: [], referral });
  });

  it('names every measure of the plan due that day on one card, and counts a delivery another card already covered as sent without sending', async () => {
    const first = harness([reference('officer-1', 'bot')], [], { covered: false, catalogueIds: ['larmpaket', 'rri', 'gone-from-the-pack'] });
    expect(await first.subject.deliver(reminder())).toBe('sent');
    expect(first.sent.map((s) => s.message)).toMatchObject([{ measures: [first.title('larmpaket'), first.rri, null] }]);
    const covered = harness([reference('officer-1', 'bot')], [], { covered: true, catalogueIds: ['larmpaket', 'rri'] });
    expect(await covered.subject.deliver(reminder())).toBe('sent');
    expect(covered.sent).toEqual([]);
  });

  it('says whose plan the reminder is about when the ledger names the person (a case with several plans)', async () => {
    const protects = { role: 'malsagande', number: 2, protectedIdentity: false } as const;
    const h = harness([reference('officer-1', 'bot')], [], undefined, { protects });
    expect(await h.subject.deliver(reminder())).toBe('sent');
    expect(h.sent[0]!.message).toMatchObject({ kind: 'reminder', protects });
  });

  it('marks a refused reference and answers refused', async () => {
    const h = harness([reference('officer-1', 'bot')], [{ status: 'refused' }]);
    expect(await h.subject.deliver(reminder())).toBe('refused');
    expect(h.refused).toEqual(['officer-1/bot']);
  });

  it('throws on a connector failure so the poller tries again, and sends on the next attempt', async () => {
    const h = harness([reference('officer-1', 'bot')], [{ status: 'failed', reason: 'connector-502' }]);
    await expect(h.subject.deliver(reminder())).rejects.toBeInstanceOf(ReminderNotDeliveredError);
    expect(await h.subject.deliver(reminder({ attempt: 2 }))).toBe('sent');
    expect(h.sent).toHaveLength(2);
  });

  it('counts as sent when one of the officer\'s chats took it, even if another refused', async () => {
    const h = harness([reference('officer-1', 'bot-a'), reference('officer-1', 'bot-b')], [{ status: 'refused' }, { status: 'sent', activityId: 'y' }]);
    expect(await h.subject.deliver(reminder())).toBe('sent');
    expect(h.refused).toEqual(['officer-1/bot-a']);
  });
});
