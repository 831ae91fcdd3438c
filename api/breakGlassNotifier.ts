// Who hears of a break-glass (issue 18, finding 2): an officer who opens a
// case's protected persons for themself is trusted on their word, so the
// case's other officers — those assigned to it who may still read it — are
// told in Teams: the case number, which officer, and when. Never the person,
// nor the reason (free text stays out of chat; it is on the case and in the
// audit row, where they and the auditors read it). The break-glass records one
// notice per other officer on the case in its own transaction
// (api/sqlCaseAssignments.ts, api/noticeOutbox.ts), sent by the request after
// its commit and by the notice sweep if that send did not arrive
// (api/noticeSender.ts); this composes the card when it is sent, for an
// officer still active, on the case and allowed to read it. Each card sent is
// an audited read of what it shows ('break_glass.notice'), by the officer it
// was shown to.
import { decide } from './accessPolicy.js';
import type { NotifierDeps } from './auditedNotice.js';
import type { NoticeComposer } from './noticeSender.js';
import type { PoliceRegion } from './policeRegions.js';

/** The purpose on the audit row of a card shown unasked. */
export const BREAK_GLASS_NOTICE_PURPOSE = 'break-glass notice';

export class BreakGlassNotifier {
  constructor(private readonly deps: Pick<NotifierDeps, 'officers' | 'database'>) {}

  /** The card telling the notice's officer that its subject (an officer) broke glass on its case. */
  readonly compose: NoticeComposer = async (notice) => {
    const officer = await this.deps.officers.find(notice.officerId);
    if (!officer) return 'inactive';
    const { rows } = await this.deps.database.query<{ case_number: string; region: PoliceRegion; at: Date | string; member: boolean }>(
      `SELECT c.case_number, c.region, b.protected_access_at AS at,
              EXISTS (SELECT 1 FROM case_assignments m WHERE m.case_id = c.id AND m.officer_id = $3) AS member
         FROM cases c JOIN case_assignments b ON b.case_id = c.id AND b.officer_id = $2 AND b.protected_access = 'break_glass'
        WHERE c.id = $1`,
      [notice.caseId, notice.subjectId, officer.id],
    );
    const found = rows[0];
    if (!found) return 'gone';
    if (!found.member || !decide(officer, 'case.read', { region: found.region, caseMember: true }).allowed) return 'not_allowed';
    return {
      message: { kind: 'break_glass_notice', caseNumber: found.case_number, officerId: notice.subjectId, at: new Date(found.at).toISOString() },
      action: 'break_glass.notice',
      entity: { type: 'case', id: notice.caseId },
      audit: { actorId: officer.id, viaId: notice.viaId, purpose: BREAK_GLASS_NOTICE_PURPOSE },
      detail: { shown: ['caseNumber', 'officerId', 'at'], officerId: notice.subjectId },
    };
  };
}
