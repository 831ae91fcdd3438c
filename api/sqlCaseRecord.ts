// A case as the API returns it, read in one statement with its assigned
// officers and who among them may see protected persons. Reading it here is
// not audited: the callers decide whether the read is a consultation.
import type { CaseStatus, ViolenceType } from './caseDomain.js';
import { CaseRepositoryError, type CaseRecord, type ProtectedAccess } from './caseRepository.js';
import type { Queryable } from './database.js';
import type { PoliceRegion } from './policeRegions.js';

interface CaseRow {
  id: string;
  case_number: string;
  region: PoliceRegion;
  violence_type: ViolenceType | null;
  status: CaseStatus;
  created_at: Date;
  closed_at: Date | null;
  assigned: string[];
  protected_access: { officer_id: string; kind: ProtectedAccess['kind']; at: string; granted_by: string; reason: string | null }[];
  version: number;
}

/** The assignments of case c that open its protected persons. */
const PROTECTED_ACCESS = `coalesce((SELECT json_agg(json_build_object('officer_id', officer_id, 'kind', protected_access, 'at', protected_access_at,
             'granted_by', CASE WHEN protected_access = 'assigned' THEN assigned_by ELSE officer_id END, 'reason', break_glass_reason) ORDER BY officer_id)
           FROM case_assignments ca WHERE ca.case_id = c.id AND ca.protected_access <> 'none'), '[]'::json)`;

const SELECT_CASE = `
  SELECT c.id, c.case_number, c.region, c.violence_type, c.status, c.created_at, c.closed_at, c.version,
         coalesce((SELECT array_agg(officer_id ORDER BY officer_id) FROM case_assignments ca WHERE ca.case_id = c.id), '{}') AS assigned,
         ${PROTECTED_ACCESS} AS protected_access
  FROM cases c`;

const toCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  caseNumber: r.case_number,
  region: r.region,
  violenceType: r.violence_type,
  status: r.status,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  assignedOfficerIds: r.assigned,
  protectedAccess: protectedAccessOf(r.protected_access),
  version: r.version,
});

function protectedAccessOf(rows: CaseRow['protected_access']): ProtectedAccess[] {
  return rows.map((a) => ({ officerId: a.officer_id, kind: a.kind, at: new Date(a.at), grantedBy: a.granted_by, reason: a.reason }));
}

export async function readCase(q: Queryable, caseId: string): Promise<CaseRecord> {
  const { rows } = await q.query<CaseRow>(`${SELECT_CASE} WHERE c.id = $1`, [caseId]);
  if (!rows[0]) throw new CaseRepositoryError('not_found', `case ${caseId} does not exist`);
  return toCase(rows[0]);
}

/** The case with this number; undefined when there is none. */
export async function findCaseByNumber(q: Queryable, caseNumber: string): Promise<CaseRecord | undefined> {
  const { rows } = await q.query<CaseRow>(`${SELECT_CASE} WHERE c.case_number = $1`, [caseNumber]);
  return rows[0] && toCase(rows[0]);
}
