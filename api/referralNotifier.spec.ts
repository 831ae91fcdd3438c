// ReferralNotifier (issue 12, items 1 and 9) without a database or a
// connector: a card shows the red flags (or an escalation's judgement) only to
// an officer the access policy lets read the assessment behind it. With the
// policy as it is, everyone a referral goes to may read it (a referral's takers
// are the region's Bops officers, an escalation's the specialists), so the
// refusal is reached here by handing the notifier a taker the policy refuses
// the assessment to — an intake officer of the region, who may read the case
// but not a colleague's assessment. That officer's message has no red flags and
// no judgement, and its audit detail names only what it showed; what the card
// then looks like (the same card without the line, nothing in its place) is
// dialogs/proactiveCard.spec.ts's. Officers and cases are fictitious.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { decide } from './accessPolicy.js';
import type { AuditContext } from './auditLog.js';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { Officer } from './principal.js';
import type { ProactiveDelivery, ProactiveMessage } from './proactiveDelivery.js';
import { REFERRAL_NOTICE_PURPOSE, ReferralNotifier } from './referralNotifier.js';
import type { Referral, ReferralKind, ReferralRepository } from './referralRepository.js';

const REFERRER = 'f2000000-0000-4000-8000-00000000a001';
const BOPS: Officer = { id: 'f2000000-0000-4000-8000-00000000b001', roles: ['bops_officer'], region: 'mitt' };
const SPECIALIST: Officer = { id: 'f2000000-0000-4000-8000-00000000e001', roles: ['specialist'], region: 'mitt' };
/** May read the case, not the assessment a colleague made: the policy's refusal. */
const INTAKE: Officer = { id: 'f2000000-0000-4000-8000-00000000c001', roles: ['intake_officer'], region: 'mitt' };
const CASE_NUMBER = '1800-K002001-26';
const initial = new FilePackSource().active('bops-exempel').pack.instruments.find((i) => i.id === 'initial')!;
const shortTextOf = (id: string) => initial.sections.flatMap((s) => s.items).find((i) => i.id === id)!.shortText;
const [dodshot, strypvald] = [shortTextOf('dodshot'), shortTextOf('strypvald')];

const reference = (officerId: string): StoredConversationReference => ({
  officerId,
  botId: 'bot',
  locale: 'sv',
  reference: { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', conversation: { id: `a:${officerId}` }, bot: { id: 'bot' }, user: { id: `29:${officerId}`, aadObjectId: officerId } },
});

function referralOf(kind: ReferralKind): Referral {
  const { pack } = new FilePackSource().active('bops-exempel');
  return {
    id: '00000000-0000-4000-8000-0000000002f1',
    kind,
    note: kind === 'in_depth' ? 'Fiktiv anteckning.' : null,
    judgement: kind === 'in_depth' ? 'hog' : null,
    caseId: '00000000-0000-4000-8000-0000000002c1',
    caseNumber: CASE_NUMBER,
    caseStatus: 'intake',
    region: 'mitt',
    assessmentId: '00000000-0000-4000-8000-0000000002a1',
    referredBy: REFERRER,
    referredAt: new Date('2026-11-02T09:15:00Z'),
    redFlagItemIds: kind === 'bops' ? ['dodshot', 'strypvald'] : [],
    pack: { id: pack.id, version: pack.version },
    takenBy: null,
    takenAt: null,
  };
}

function harness(takers: Officer[]) {
  const sent = new Map<string, ProactiveMessage>();
  const recorded: { officerId: string; audit: AuditContext; detail: Record<string, unknown> }[] = [];
  const delivery: ProactiveDelivery = {
    send: async (target, message) => {
      sent.set(target.officerId, message);
      return { status: 'sent', activityId: `activity-${target.officerId}` };
    },
    update: async () => ({ status: 'failed', reason: 'unused' }),
  };
  // announceReferral() uses these three of the repository; any other call is a test bug and fails loudly.
  const used: Pick<ReferralRepository, 'takersOf' | 'claimAnnouncement' | 'recordNotice'> = {
    takersOf: async () => takers,
    claimAnnouncement: async () => true,
    recordNotice: async (_referral, notice, audit, detail) => void recorded.push({ officerId: notice.officerId, audit, detail }),
  };
  const referrals = new Proxy(used, {
    get: (target, name) => {
      if (name in target) return target[name as keyof typeof target];
      throw new Error(`ReferralNotifier called referrals.${String(name)}, which this test does not fake`);
    },
  }) as ReferralRepository;
  const references: ConversationReferenceRepository = {
    save: async () => 'unchanged',
    usableFor: async (ids) => ids.map(reference),
    markRefused: async () => undefined,
  };
  const notifier = new ReferralNotifier({ referrals, references, delivery, methodology: new FilePackSource(), log: pino({ level: 'silent' }), clock: { now: () => new Date('2026-11-02T09:16:00Z') } });
  return { notifier, sent, recorded };
}

describe('ReferralNotifier: what a card shows is what the policy lets its officer read', () => {
  it('the policy refuses the intake officer the referring colleague’s initial assessment, and lets the Bops officer read it', () => {
    expect(decide(INTAKE, 'case.read', { region: 'mitt' }).allowed).toBe(true);
    expect(decide(INTAKE, 'assessment.read', { region: 'mitt', level: 'initial', ownerId: REFERRER })).toMatchObject({ allowed: false, code: 'no_role_for_region' });
    expect(decide(BOPS, 'assessment.read', { region: 'mitt', level: 'initial', ownerId: REFERRER }).allowed).toBe(true);
  });

  it('withholds the red flags of a referral to Bops from an officer who may not read the assessment, and names them not in the audit detail', async () => {
    const h = harness([BOPS, INTAKE]);
    await h.notifier.announceReferral(referralOf('bops'), 'bops-bot');
    const common = { kind: 'referral', handover: 'bops', referralId: referralOf('bops').id, caseNumber: CASE_NUMBER, referredAt: '2026-11-02T09:15:00.000Z', judgement: null, ownReferral: false };
    // The Bops officer is shown the red flags answered yes, by label; the refused officer the same message without them.
    expect(h.sent.get(BOPS.id)).toEqual({ ...common, redFlags: [dodshot, strypvald] });
    expect(h.sent.get(INTAKE.id)).toEqual({ ...common, redFlags: [] });

    // Each card is an audited read of exactly what it showed, by its officer.
    const byOfficer = Object.fromEntries(h.recorded.map((r) => [r.officerId, r]));
    expect(byOfficer[BOPS.id]).toEqual({ officerId: BOPS.id, audit: { actorId: BOPS.id, viaId: 'bops-bot', purpose: REFERRAL_NOTICE_PURPOSE }, detail: { shown: ['caseNumber', 'referredAt', 'redFlags'] } });
    expect(byOfficer[INTAKE.id]).toEqual({ officerId: INTAKE.id, audit: { actorId: INTAKE.id, viaId: 'bops-bot', purpose: REFERRAL_NOTICE_PURPOSE }, detail: { shown: ['caseNumber', 'referredAt'] } });
  });

  it('withholds an escalation’s judgement the same way', async () => {
    const h = harness([SPECIALIST, INTAKE]);
    await h.notifier.announceReferral(referralOf('in_depth'), null);
    expect(h.sent.get(SPECIALIST.id)).toMatchObject({ handover: 'in_depth', judgement: 'hog', redFlags: [] });
    expect(h.sent.get(INTAKE.id)).toMatchObject({ handover: 'in_depth', judgement: null, redFlags: [] });
    expect(h.recorded.find((r) => r.officerId === INTAKE.id)?.detail).toEqual({ shown: ['caseNumber', 'referredAt'] });
    expect(h.recorded.find((r) => r.officerId === SPECIALIST.id)?.detail).toEqual({ shown: ['caseNumber', 'referredAt', 'judgement'] });
  });
});
