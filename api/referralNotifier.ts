// Who hears of a referral, and what they are shown (issue 12, items 1 and 9):
// every active Bops officer of the case's region with a usable conversation
// reference gets a card — case number, referral time, the red flags answered
// yes by label (only when the access policy lets that officer read the
// initial assessment) — and each card sent is an audited read of what it
// shows, by the officer it was shown to. Officers of other regions get nothing.
// Once one of them takes the referral, the others' cards — the announcement
// and any overdue notice the reminders sent (api/proactiveReminderDelivery.ts
// records it) — are replaced by a note that it was taken. A reference the connector refuses (403/404) is
// marked and not tried again; the referral still shows in the work lists.
// Each card is sent under a claim (referral_announce_attempts), so a card that
// did not arrive is tried again by the referral sweep (api/referralSweep.ts)
// and several instances never send the same card at once.
// Never throws: the completion or the assignment stands whatever becomes of a card.
import type { Logger } from 'pino';
import { settleNotice } from './settleNotice.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { redFlagLabels } from '../methodology/referralDecision.js';
import { decide } from './accessPolicy.js';
import type { AuditContext } from './auditLog.js';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { ProactiveDelivery, ProactiveMessage, ProactiveOutcome } from './proactiveDelivery.js';
import type { Officer } from './principal.js';
import type { Clock } from './clock.js';
import type { AnnounceRetry, Referral, ReferralRepository } from './referralRepository.js';
import { atMost } from './boundedWait.js';

/**
 * How long a completion or an escalation waits for its cards before answering: the cards usually go out
 * within it (so the intake officer's own offer arrives before the completion message), and a slow Bot
 * Connector never holds the officer's answer longer (the bot's API timeout is 10 s); what is still being sent then finishes on its own.
 */
export const ANNOUNCE_WAIT_MS = 5000;

/** A card that did not arrive is tried again after 5 minutes, 5 times in all, for a day; never in the first minute (the completion is still announcing). */
export const DEFAULT_ANNOUNCE_RETRY: AnnounceRetry = { graceMs: 60_000, afterMs: 5 * 60_000, maxAttempts: 5, windowMs: 24 * 60 * 60_000 };

/** The purpose on the audit row of a card shown unasked. */
export const REFERRAL_NOTICE_PURPOSE = 'referral notice';

export interface ReferralNotifierDeps {
  referrals: ReferralRepository;
  references: ConversationReferenceRepository;
  /** Absent where nothing can speak first (the API without the bot): referrals then show in the work lists only. */
  delivery: ProactiveDelivery | undefined;
  methodology: MethodologySource;
  log: Logger;
  clock: Clock;
  retry?: AnnounceRetry;
}

export class ReferralNotifier {
  constructor(private readonly deps: ReferralNotifierDeps) {}

  get retry(): AnnounceRetry {
    return this.deps.retry ?? DEFAULT_ANNOUNCE_RETRY;
  }

  /** announce(), waited for at most ANNOUNCE_WAIT_MS. */
  announceWithin(assessmentId: string, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.announce(assessmentId, viaId), waitMs);
  }

  /** taken(), waited for at most ANNOUNCE_WAIT_MS. */
  takenWithin(referral: Referral, takerId: string, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.taken(referral, takerId, viaId), waitMs);
  }

  /** announceReferral(), waited for at most ANNOUNCE_WAIT_MS. */
  announceReferralWithin(referral: Referral, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.announceReferral(referral, viaId), waitMs);
  }

  /** Announces the referral an assessment's completion made, if it made one. `viaId`: the client that completed it. */
  async announce(assessmentId: string, viaId: string | null): Promise<void> {
    const { delivery, referrals, log } = this.deps;
    if (!delivery) return;
    try {
      const referral = await referrals.forAssessment(assessmentId);
      if (referral) await this.announceReferral(referral, viaId);
    } catch (err) {
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'referral not announced; it shows in the work lists');
    }
  }

  /** Announces a referral (or an escalation) to those of its region who take its kind; never throws. */
  async announceReferral(referral: Referral, viaId: string | null): Promise<void> {
    const { delivery, referrals, references, log } = this.deps;
    if (!delivery || referral.takenBy !== null) return;
    try {
      const officers = (await referrals.takersOf(referral.region, referral.kind)).filter((o) => decide(o, 'case.read', { region: referral.region }).allowed);
      const byId = new Map(officers.map((o) => [o.id, o]));
      const targets = await references.usableFor(officers.map((o) => o.id));
      const labels = this.labelsOf(referral);
      await Promise.all(
        targets.map(async (target) => {
          // Another instance (or an earlier attempt) is on it, or the card arrived: nothing to send.
          if (!(await referrals.claimAnnouncement(referral.id, target, this.deps.clock.now(), this.retry))) return;
          const officer = byId.get(target.officerId)!;
          const level = referral.kind === 'bops' ? 'initial' : 'structured';
          const mayReadAssessment = decide(officer, 'assessment.read', { region: referral.region, level, ownerId: referral.referredBy }).allowed;
          const message: ProactiveMessage = {
            kind: 'referral',
            handover: referral.kind,
            referralId: referral.id,
            caseNumber: referral.caseNumber,
            referredAt: referral.referredAt.toISOString(),
            redFlags: mayReadAssessment && referral.kind === 'bops' ? labels : [],
            judgement: mayReadAssessment && referral.kind === 'in_depth' ? referral.judgement : null,
            ownReferral: officer.id === referral.referredBy,
          };
          const shown = ['caseNumber', 'referredAt', ...(message.redFlags.length ? ['redFlags'] : []), ...(message.judgement ? ['judgement'] : [])];
          await this.settle(referral, target, officer, viaId, await delivery.send(target, message), { shown });
        }),
      );
    } catch (err) {
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'referral not announced; it shows in the work lists');
    }
  }

  /** Replaces the cards (announcements and overdue notices) of everyone but the taker by a note that the case was taken. */
  async taken(referral: Referral, takerId: string, viaId: string | null): Promise<void> {
    const { delivery, referrals, references, log } = this.deps;
    if (!delivery) return;
    try {
      const notices = (await referrals.notices(referral.id)).filter((n) => n.officerId !== takerId);
      const usable = await references.usableFor([...new Set(notices.map((n) => n.officerId))]);
      const officers = new Map((await referrals.takersOf(referral.region, referral.kind)).map((o) => [o.id, o]));
      await Promise.all(
        notices.map(async (notice) => {
          const target = usable.find((r) => r.officerId === notice.officerId && r.botId === notice.botId);
          const officer = officers.get(notice.officerId);
          if (!target || !officer) return;
          const outcome = await delivery.update(target, notice.activityId, { kind: 'referral_taken', caseNumber: referral.caseNumber });
          await this.settle(referral, target, officer, viaId, outcome, { shown: ['caseNumber'], update: 'taken' });
        }),
      );
    } catch (err) {
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'referral cards not updated');
    }
  }

  /** Records a card shown (audited), marks a refusing reference, logs a failure — by reason, never the case. */
  private async settle(referral: Referral, target: StoredConversationReference, officer: Officer, viaId: string | null, outcome: ProactiveOutcome, detail: Record<string, unknown>): Promise<void> {
    await settleNotice(this.deps, target, outcome, async (activityId) => {
      const audit: AuditContext = { actorId: officer.id, viaId, purpose: REFERRAL_NOTICE_PURPOSE };
      await this.deps.referrals.recordNotice(referral, { officerId: officer.id, botId: target.botId, activityId }, audit, detail);
    });
  }

  private labelsOf(referral: Referral) {
    if (referral.kind !== 'bops') return [];
    const loaded = this.deps.methodology.get(referral.pack.id, referral.pack.version);
    if (!loaded) return [];
    const initial = loaded.pack.instruments.find((i) => i.level === 'initial');
    return initial ? redFlagLabels(findInstrument(loaded, initial.id), referral.redFlagItemIds) : [];
  }
}
