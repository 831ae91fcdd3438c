// Who hears how an escalation goes (issue 12, item 6): the officer who handed
// a case to the region's specialists is told in Teams when a specialist takes
// it and when its in-depth assessment is completed — the case number and "a
// specialist" (never which one, as the note to the other takers names no
// colleague), and, once completed, the in-depth overall judgement if the
// policy lets that officer read the assessment, with the button that opens
// the case's measures. The take that won (one conditional UPDATE) and the
// completion that concluded the escalation (migration 103) record the notice
// in their own transaction, so each is told of once (api/sqlReferrals.ts,
// api/sqlAssessmentCompletion.ts, api/noticeOutbox.ts); it is sent by the
// request after its commit and by the notice sweep if that send did not
// arrive (api/noticeSender.ts). This composes the card when it is sent, for an
// active officer who may still read the case; each card is an audited read of
// what it shows ('escalation.notice'), by the officer it was shown to.
import { decide } from './accessPolicy.js';
import type { NotifierDeps } from './auditedNotice.js';
import type { NoticeComposer } from './noticeSender.js';
import type { Officer } from './principal.js';
import type { ProactiveMessage } from './proactiveDelivery.js';
import type { Referral, ReferralRepository } from './referralRepository.js';

/** The purpose on the audit row of a card shown unasked. */
export const ESCALATION_NOTICE_PURPOSE = 'escalation notice';

export class EscalationNotifier {
  constructor(private readonly deps: Pick<NotifierDeps, 'officers'> & { referrals: Pick<ReferralRepository, 'get' | 'concludedBy'> }) {}

  /** The card telling the officer who escalated that a specialist (unnamed) took the referral (the notice's subject). */
  readonly composeTaken: NoticeComposer = async (notice) => {
    const referral = await this.deps.referrals.get(notice.subjectId);
    return referral ? this.telling(referral, notice.officerId, notice.viaId, () => ({ message: { kind: 'escalation_taken', caseNumber: referral.caseNumber }, detail: { event: 'taken', shown: ['caseNumber'] } })) : 'gone';
  };

  /** The card telling the officer who escalated that the in-depth assessment (the notice's subject) concluded their escalation. */
  readonly composeCompleted: NoticeComposer = async (notice) => {
    const concluded = (await this.deps.referrals.concludedBy(notice.subjectId)).find((c) => c.referral.referredBy === notice.officerId);
    if (!concluded) return 'gone';
    const { referral, specialistId, judgement } = concluded;
    return this.telling(referral, notice.officerId, notice.viaId, (officer) => {
      const mayRead = decide(officer, 'assessment.read', { region: referral.region, level: 'in_depth', ownerId: specialistId }).allowed;
      const shown = mayRead ? judgement : null;
      return {
        message: { kind: 'escalation_concluded', caseNumber: referral.caseNumber, judgement: shown },
        detail: { event: 'completed', shown: ['caseNumber', ...(shown ? ['judgement'] : [])], assessmentId: notice.subjectId },
      };
    });
  };

  /** What `compose` shows the escalating officer, if they are active and may still read the case. */
  private async telling(referral: Referral, officerId: string, viaId: string | null, compose: (officer: Officer) => { message: ProactiveMessage; detail: Record<string, unknown> }) {
    const officer = await this.deps.officers.find(officerId);
    if (!officer) return 'inactive' as const;
    if (!decide(officer, 'case.read', { region: referral.region }).allowed) return 'not_allowed' as const;
    const { message, detail } = compose(officer);
    return {
      message,
      action: 'escalation.notice' as const,
      entity: { type: 'case' as const, id: referral.caseId },
      audit: { actorId: officer.id, viaId, purpose: ESCALATION_NOTICE_PURPOSE },
      detail: { referralId: referral.id, ...detail },
    };
  }
}
