// A case's assessments, newest first, a page at a time by keyset (no offset
// to drift when assessments are added); each page is one audited consultation.
import type { CaseListPage, CaseListPageRequest } from './assessmentRepository.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import { SELECT_SUMMARY, toSummary, type SummaryRow } from './sqlAssessmentRecord.js';

export function listCaseAssessments(db: Database, caseNumber: string, audit: AuditContext, page: CaseListPageRequest): Promise<CaseListPage> {
  return db.transaction(async (tx) => {
    const caseRow = await tx.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber]);
    const caseId = caseRow.rows[0]?.id;
    if (caseId === undefined) return { items: [], next: null };
    const params: unknown[] = [caseId, page.onlyOfficerId ?? null, page.limit + 1];
    let after = '';
    if (page.after) {
      params.push(page.after.createdAtMicros, page.after.id);
      // Row comparison on the exact microseconds, so equal timestamps neither repeat nor drop a row.
      after = `AND (a.created_at, a.id) < (to_timestamp(0) + $4::bigint * interval '1 microsecond', $5::uuid)`;
    }
    const { rows } = await tx.query<SummaryRow & { created_at_micros: string }>(
      `SELECT s.*, (extract(epoch FROM s.created_at) * 1000000)::bigint::text AS created_at_micros
       FROM (${SELECT_SUMMARY} WHERE a.case_id = $1 AND ($2::text IS NULL OR a.officer_id = $2) ${after}
             ORDER BY a.created_at DESC, a.id DESC LIMIT $3) s
       ORDER BY s.created_at DESC, s.id DESC`,
      params,
    );
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    await appendAudit(tx, audit, 'case.assessments.list', { type: 'case', id: caseId }, { count: items.length });
    return {
      items: items.map(toSummary),
      next: rows.length > page.limit && last ? { createdAtMicros: last.created_at_micros, id: last.id } : null,
    };
  });
}
