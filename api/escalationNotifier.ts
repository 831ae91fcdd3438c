// Who hears how an escalation goes (issue 12, item 6): the officer who handed
// a case to the region's specialists is told in Teams when a specialist takes
// it and when its in-depth assessment is completed — the case number and "a
// specialist" (never which one, as the note to the other takers names no
// colleague), and, once completed, the in-depth overall judgement if the
// policy lets that officer read the assessment, with the button that opens
// the case's measures. Only an active officer who may still read the case is
// told; each card is an audited read of what it shows ('escalation.notice'),
// by the officer it was shown to, sent and settled as the share, review and
// break-glass notices are (api/auditedNotice.ts): a chat the connector refuses
// is marked, a card lost is not sent again (the work list carries the case).
// Once each, because each is told only by the request whose write made it so,
// as the break-glass notice is: the take that won (one conditional UPDATE), and
// the completion that concluded the escalation (migration 103). Never throws.
import { decide } from './accessPolicy.js';
import { sendAuditedNotice, type NotifierDeps } from './auditedNotice.js';
import { atMost } from './boundedWait.js';
import type { Officer } from './principal.js';
import type { ProactiveMessage } from './proactiveDelivery.js';
import { ANNOUNCE_WAIT_MS } from './referralNotifier.js';
import type { Referral, ReferralRepository } from './referralRepository.js';

/** The purpose on the audit row of a card shown unasked. */
export const ESCALATION_NOTICE_PURPOSE = 'escalation notice';

/** What the escalating officer is shown, and what of it the audit row names. */
interface Telling {
  message: ProactiveMessage;
  detail: Record<string, unknown>;
}

export class EscalationNotifier {
  constructor(private readonly deps: NotifierDeps & { referrals: Pick<ReferralRepository, 'concludedBy'> }) {}

  /** taken(), waited for at most ANNOUNCE_WAIT_MS. */
  takenWithin(referral: Referral, takerId: string, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.taken(referral, takerId, viaId), waitMs);
  }

  /** concluded(), waited for at most ANNOUNCE_WAIT_MS. */
  concludedWithin(assessmentId: string, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.concluded(assessmentId, viaId), waitMs);
  }

  /** Tells the officer who escalated the case that `takerId` (unnamed) took it; nothing for a referral to Bops. Never throws. */
  async taken(referral: Referral, takerId: string, viaId: string | null): Promise<void> {
    if (referral.kind !== 'in_depth' || referral.referredBy === takerId) return;
    await this.neverThrowing(() => this.tell(referral, viaId, () => ({ message: { kind: 'escalation_taken', caseNumber: referral.caseNumber }, detail: { event: 'taken', shown: ['caseNumber'] } })));
  }

  /** Tells the officers whose escalations the completed in-depth assessment concluded; nothing for any other assessment. Never throws. */
  async concluded(assessmentId: string, viaId: string | null): Promise<void> {
    if (!this.deps.delivery) return;
    await this.neverThrowing(async () => {
      for (const { referral, specialistId, judgement } of await this.deps.referrals.concludedBy(assessmentId)) {
        if (referral.referredBy === specialistId) continue;
        await this.tell(referral, viaId, (officer) => {
          const mayRead = decide(officer, 'assessment.read', { region: referral.region, level: 'in_depth', ownerId: specialistId }).allowed;
          const shown = mayRead ? judgement : null;
          return {
            message: { kind: 'escalation_concluded', caseNumber: referral.caseNumber, judgement: shown },
            detail: { event: 'completed', shown: ['caseNumber', ...(shown ? ['judgement'] : [])], assessmentId },
          };
        });
      }
    });
  }

  /** Shows the escalating officer what `telling` composes for them, if they are active and may still read the case. */
  private async tell(referral: Referral, viaId: string | null, telling: (officer: Officer) => Telling): Promise<void> {
    const { delivery, officers, references } = this.deps;
    if (!delivery) return;
    const officer = await officers.find(referral.referredBy);
    if (!officer || !decide(officer, 'case.read', { region: referral.region }).allowed) return;
    const { message, detail } = telling(officer);
    const targets = await references.usableFor([officer.id]);
    await Promise.all(
      targets.map((target) =>
        sendAuditedNotice({ ...this.deps, delivery }, target, {
          message,
          action: 'escalation.notice',
          entity: { type: 'case', id: referral.caseId },
          audit: { actorId: officer.id, viaId, purpose: ESCALATION_NOTICE_PURPOSE },
          detail: { referralId: referral.id, ...detail },
        }),
      ),
    );
  }

  private async neverThrowing(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'escalation notice not sent; the case shows in the work lists');
    }
  }
}
