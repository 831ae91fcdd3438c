// Who hears of a break-glass (issue 18, finding 2): an officer who opens a
// case's protected persons for themself is trusted on their word, so the
// case's other officers — those assigned to it who may still read it — are
// told at once, in Teams: the case number, which officer, and when. Never the
// person, nor the reason (free text stays out of chat; it is on the case and
// in the audit row, where they and the auditors read it). Each card sent is
// an audited read of what it shows ('break_glass.notice'), by the officer it
// was shown to. Told after the break-glass has committed, like the share and
// review notices (api/shareReviewNotifier.ts); never throws.
import { decide } from './accessPolicy.js';
import { sendAuditedNotice, type NotifierDeps } from './auditedNotice.js';
import { atMost } from './boundedWait.js';
import type { CaseRecord, ProtectedAccess } from './caseRepository.js';
import type { ProactiveMessage } from './proactiveDelivery.js';
import { ANNOUNCE_WAIT_MS } from './referralNotifier.js';

/** The purpose on the audit row of a card shown unasked. */
export const BREAK_GLASS_NOTICE_PURPOSE = 'break-glass notice';


export class BreakGlassNotifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** brokeGlass(), waited for at most ANNOUNCE_WAIT_MS. */
  brokeGlassWithin(record: CaseRecord, opened: ProtectedAccess, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.brokeGlass(record, opened, viaId), waitMs);
  }

  /** Tells the case's other assigned officers that `opened.officerId` broke glass; never throws. */
  async brokeGlass(record: CaseRecord, opened: ProtectedAccess, viaId: string | null): Promise<void> {
    const { delivery, references, officers, log } = this.deps;
    if (!delivery) return;
    try {
      const others = record.assignedOfficerIds.filter((id) => id !== opened.officerId);
      const found = await Promise.all(others.map((id) => officers.find(id)));
      const recipients = found.flatMap((officer) =>
        officer && decide(officer, 'case.read', { region: record.region, caseMember: true }).allowed ? [officer.id] : [],
      );
      const message: ProactiveMessage = { kind: 'break_glass_notice', caseNumber: record.caseNumber, officerId: opened.officerId, at: opened.at.toISOString() };
      const targets = await references.usableFor(recipients);
      await Promise.all(
        targets.map((target) =>
          sendAuditedNotice({ ...this.deps, delivery }, target, {
            message,
            action: 'break_glass.notice',
            entity: { type: 'case', id: record.id },
            audit: { actorId: target.officerId, viaId, purpose: BREAK_GLASS_NOTICE_PURPOSE },
            detail: { shown: ['caseNumber', 'officerId', 'at'], officerId: opened.officerId },
          }),
        ),
      );
    } catch (err) {
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'break-glass notice not sent; the break-glass shows on the case');
    }
  }
}
