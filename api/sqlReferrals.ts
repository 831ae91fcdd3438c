// Referrals on PostgreSQL/PGlite (api/referralRepository.ts). Taking one is a
// single conditional UPDATE (taken_by IS NULL, case not closed) inside a
// transaction that, only when it changed a row, assigns the taker and writes
// the audit rows; whoever finds the row taken writes nothing.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { CaseStatus, MeasureStatus, PlanPart } from './caseDomain.js';
import type { Database, Queryable } from './database.js';
import { recordNotices } from './noticeOutbox.js';
import { officerRoleSchema } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';
import { TAKER_ROLE, type AnnounceRetry, type ConcludedEscalation, type EscalationBasis, type Referral, type ReferralKind, type ReferralNotice, type ReferralRepository, type TakeOutcome } from './referralRepository.js';
import { UUID_PATTERN } from './uuidPattern.js';
import { bumpCaseVersion } from './sqlCaseVersionBump.js';

interface ReferralRow {
  id: string;
  kind: ReferralKind;
  note: string | null;
  judgement: string | null;
  case_id: string;
  case_number: string;
  case_status: CaseStatus;
  region: PoliceRegion;
  assessment_id: string;
  referred_by: string;
  referred_at: Date | string;
  red_flag_item_ids: string[];
  pack_id: string;
  pack_version: string;
  taken_by: string | null;
  taken_at: Date | string | null;
}

const SELECT_REFERRAL = `SELECT r.id, r.kind, r.note, a.derived->'judgements'->>'overall' AS judgement, r.case_id, c.case_number, c.status AS case_status, r.region, r.assessment_id, r.referred_by, r.referred_at,
       r.red_flag_item_ids, a.pack_id, a.pack_version, r.taken_by, r.taken_at
  FROM referrals r JOIN cases c ON c.id = r.case_id JOIN assessments a ON a.id = r.assessment_id`;

const referralOf = (r: ReferralRow): Referral => ({
  id: r.id,
  kind: r.kind,
  note: r.note,
  judgement: r.judgement,
  caseId: r.case_id,
  caseNumber: r.case_number,
  caseStatus: r.case_status,
  region: r.region,
  assessmentId: r.assessment_id,
  referredBy: r.referred_by,
  referredAt: new Date(r.referred_at),
  redFlagItemIds: [...r.red_flag_item_ids],
  pack: { id: r.pack_id, version: r.pack_version },
  takenBy: r.taken_by,
  takenAt: r.taken_at === null ? null : new Date(r.taken_at),
});

async function readReferral(q: Queryable, where: string, value: string): Promise<Referral | undefined> {
  if (!UUID_PATTERN.test(value)) return undefined;
  const { rows } = await q.query<ReferralRow>(`${SELECT_REFERRAL} WHERE ${where} = $1`, [value]);
  return rows[0] && referralOf(rows[0]);
}

export class SqlReferrals implements ReferralRepository {
  constructor(private readonly db: Database) {}

  get(referralId: string): Promise<Referral | undefined> {
    return readReferral(this.db, 'r.id', referralId);
  }

  forAssessment(assessmentId: string): Promise<Referral | undefined> {
    return readReferral(this.db, 'r.assessment_id', assessmentId);
  }

  async takersOf(region: PoliceRegion, kind: ReferralKind): Promise<Officer[]> {
    const { rows } = await this.db.query<{ id: string; region: PoliceRegion; roles: string[] }>(
      `SELECT id, region, roles FROM officers WHERE region = $1 AND active AND $2 = ANY(roles) ORDER BY id`,
      [region, TAKER_ROLE[kind]],
    );
    return rows.map((r) => ({ id: r.id, region: r.region, roles: r.roles.map((role) => officerRoleSchema.parse(role)) }));
  }

  async escalate(caseId: string, note: string, audit: AuditContext): Promise<{ outcome: 'created' | 'exists'; referral: Referral } | { outcome: 'no_structured' | 'case_closed' }> {
    return this.db.transaction(async (tx) => {
      const open = await tx.query<{ status: string }>('SELECT status FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      if (open.rows[0]?.status === 'closed') return { outcome: 'case_closed' as const };
      const latest = await tx.query<{ id: string }>(
        `SELECT id FROM assessments WHERE case_id = $1 AND level = 'structured' AND status = 'completed' ORDER BY completed_at DESC, id LIMIT 1`,
        [caseId],
      );
      const assessmentId = latest.rows[0]?.id;
      if (!assessmentId) return { outcome: 'no_structured' as const };
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO referrals (case_id, assessment_id, region, referred_by, kind, note)
         SELECT c.id, $2, c.region, $3, 'in_depth', $4 FROM cases c WHERE c.id = $1
         ON CONFLICT (assessment_id) DO NOTHING RETURNING id`,
        [caseId, assessmentId, audit.actorId, note],
      );
      if (inserted.rows[0]) await appendAudit(tx, audit, 'referral.create', { type: 'case', id: caseId }, { referralId: inserted.rows[0].id, assessmentId, kind: 'in_depth' });
      const referral = (await readReferral(tx, 'r.assessment_id', assessmentId))!;
      return { outcome: inserted.rows[0] ? ('created' as const) : ('exists' as const), referral };
    });
  }

  async concludedBy(assessmentId: string): Promise<ConcludedEscalation[]> {
    if (!UUID_PATTERN.test(assessmentId)) return [];
    const { rows } = await this.db.query<ReferralRow & { specialist_id: string; concluded_judgement: string | null }>(
      `SELECT q.*, d.officer_id AS specialist_id, d.derived->'judgements'->>'overall' AS concluded_judgement
         FROM (${SELECT_REFERRAL} WHERE r.concluded_by = $1) q JOIN assessments d ON d.id = $1 ORDER BY q.referred_at, q.id`,
      [assessmentId],
    );
    return rows.map((r) => ({ referral: referralOf(r), specialistId: r.specialist_id, judgement: r.concluded_judgement }));
  }

  async readEscalation(caseId: string, audit: AuditContext): Promise<{ referral: Referral; basis: EscalationBasis } | undefined> {
    if (!UUID_PATTERN.test(caseId)) return undefined;
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ReferralRow>(`${SELECT_REFERRAL} WHERE r.case_id = $1 AND r.kind = 'in_depth' ORDER BY r.referred_at DESC, r.id LIMIT 1`, [caseId]);
      if (!rows[0]) return undefined;
      const referral = referralOf(rows[0]);
      const assessment = await tx.query<{ instrument_id: string; completed_at: Date | string; judgements: Record<string, string> | null; answers: Record<string, string | string[]> }>(
        `SELECT a.instrument_id, a.completed_at, a.derived->'judgements' AS judgements,
                COALESCE((SELECT jsonb_object_agg(aa.item_id, aa.value) FROM assessment_answers aa WHERE aa.assessment_id = a.id), '{}'::jsonb) AS answers
           FROM assessments a WHERE a.id = $1`,
        [referral.assessmentId],
      );
      const measures = await tx.query<{ part: PlanPart; measure_id: string; status: MeasureStatus }>(
        `SELECT m.part, m.measure_id, m.status FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id
          WHERE p.assessment_id = $1 ORDER BY m.created_at, m.measure_id`,
        [referral.assessmentId],
      );
      const a = assessment.rows[0]!;
      await appendAudit(tx, audit, 'case.read', { type: 'case', id: caseId }, { referralId: referral.id, shown: 'escalation', assessmentId: referral.assessmentId });
      return {
        referral,
        basis: {
          instrumentId: a.instrument_id,
          completedAt: new Date(a.completed_at),
          judgements: a.judgements ?? {},
          answers: a.answers,
          measures: measures.rows.map((m) => ({ part: m.part, measureId: m.measure_id, status: m.status })),
        },
      };
    });
  }

  async recordNotice(referral: Referral, notice: ReferralNotice, audit: AuditContext, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO referral_notices (referral_id, officer_id, bot_id, activity_id, card) VALUES ($1, $2, $3, $4, 'announcement')
         ON CONFLICT (referral_id, officer_id, bot_id, card) DO UPDATE SET activity_id = EXCLUDED.activity_id, sent_at = now()`,
        [referral.id, notice.officerId, notice.botId, notice.activityId],
      );
      await appendAudit(tx, audit, 'referral.notice', { type: 'case', id: referral.caseId }, { referralId: referral.id, ...detail });
    });
  }

  async recordOverdueCard(referralId: string, notice: ReferralNotice): Promise<void> {
    await this.db.query(
      `INSERT INTO referral_notices (referral_id, officer_id, bot_id, activity_id, card) VALUES ($1, $2, $3, $4, 'overdue')
       ON CONFLICT (referral_id, officer_id, bot_id, card) DO UPDATE SET activity_id = EXCLUDED.activity_id, sent_at = now()`,
      [referralId, notice.officerId, notice.botId, notice.activityId],
    );
  }

  async notices(referralId: string): Promise<ReferralNotice[]> {
    if (!UUID_PATTERN.test(referralId)) return [];
    const { rows } = await this.db.query<{ officer_id: string; bot_id: string; activity_id: string }>(
      'SELECT officer_id, bot_id, activity_id FROM referral_notices WHERE referral_id = $1 ORDER BY officer_id, bot_id, card',
      [referralId],
    );
    return rows.map((r) => ({ officerId: r.officer_id, botId: r.bot_id, activityId: r.activity_id }));
  }

  async claimAnnouncement(referralId: string, target: { officerId: string; botId: string }, now: Date, retry: AnnounceRetry): Promise<boolean> {
    if (!UUID_PATTERN.test(referralId)) return false;
    const { rows } = await this.db.query<{ attempts: number }>(
      `INSERT INTO referral_announce_attempts AS a (referral_id, officer_id, bot_id, attempts, last_attempt_at)
       SELECT $1, $2, $3, 1, $4
        WHERE NOT EXISTS (SELECT 1 FROM referral_notices n WHERE n.referral_id = $1 AND n.officer_id = $2 AND n.bot_id = $3 AND n.card = 'announcement')
       ON CONFLICT (referral_id, officer_id, bot_id) DO UPDATE SET attempts = a.attempts + 1, last_attempt_at = EXCLUDED.last_attempt_at
        WHERE a.last_attempt_at <= $5 AND a.attempts < $6
       RETURNING attempts`,
      [referralId, target.officerId, target.botId, now, new Date(now.getTime() - retry.afterMs), retry.maxAttempts],
    );
    return rows.length === 1;
  }

  async unannounced(now: Date, retry: AnnounceRetry, limit: number): Promise<Referral[]> {
    const { rows } = await this.db.query<ReferralRow>(
      `${SELECT_REFERRAL}
        WHERE r.id IN (
          SELECT r2.id FROM referrals r2
            JOIN cases c2 ON c2.id = r2.case_id AND c2.status <> 'closed'
            JOIN officers o ON o.region = r2.region AND o.active AND (CASE r2.kind WHEN 'bops' THEN $4 ELSE $5 END) = ANY(o.roles)
            JOIN conversation_references cr ON cr.officer_id = o.id AND cr.refused_at IS NULL
            LEFT JOIN referral_notices n ON n.referral_id = r2.id AND n.officer_id = o.id AND n.bot_id = cr.bot_id AND n.card = 'announcement'
            LEFT JOIN referral_announce_attempts at ON at.referral_id = r2.id AND at.officer_id = o.id AND at.bot_id = cr.bot_id
           WHERE r2.taken_by IS NULL AND r2.referred_at > $1 AND r2.referred_at <= $2 AND n.referral_id IS NULL
             AND (at.referral_id IS NULL OR (at.last_attempt_at <= $3 AND at.attempts < $6)))
        ORDER BY r.referred_at, r.id LIMIT $7`,
      [
        new Date(now.getTime() - retry.windowMs),
        new Date(now.getTime() - retry.graceMs),
        new Date(now.getTime() - retry.afterMs),
        TAKER_ROLE.bops,
        TAKER_ROLE.in_depth,
        retry.maxAttempts,
        limit,
      ],
    );
    return rows.map(referralOf);
  }

  async take(referralId: string, officer: Officer, audit: AuditContext): Promise<TakeOutcome> {
    if (!UUID_PATTERN.test(referralId)) return { outcome: 'not_found' };
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ case_id: string; kind: ReferralKind; referred_by: string }>(
        `UPDATE referrals r SET taken_by = $2, taken_at = now()
           FROM cases c
          WHERE r.id = $1 AND r.taken_by IS NULL AND c.id = r.case_id AND c.status <> 'closed'
          RETURNING r.case_id, r.kind, r.referred_by`,
        [referralId, officer.id],
      );
      const won = rows[0];
      if (won) {
        const assigned = await tx.query('INSERT INTO case_assignments (case_id, officer_id, assigned_by) VALUES ($1, $2, $2) ON CONFLICT (case_id, officer_id) DO NOTHING', [won.case_id, officer.id]);
        if (assigned.rowCount === 1) await bumpCaseVersion(tx, won.case_id);
        // The officer who escalated is told a specialist took it (api/escalationNotifier.ts), recorded with the take that won
        // — before the audit rows, as every row lock is (api/auditLog.ts): the notice's key locks the case row.
        if (won.kind === 'in_depth' && won.referred_by !== officer.id) {
          await recordNotices(tx, { kind: 'escalation_taken', caseId: won.case_id, subjectId: referralId, viaId: audit.viaId }, [won.referred_by]);
        }
        await appendAudit(tx, audit, 'referral.take', { type: 'case', id: won.case_id }, { referralId });
        await appendAudit(tx, audit, 'case.assign', { type: 'case', id: won.case_id }, { officerId: officer.id, changed: assigned.rowCount === 1, opensProtected: false, referralId });
      }
      const current = await readReferral(tx, 'r.id', referralId);
      if (!current) return { outcome: 'not_found' };
      if (won) return { outcome: 'taken', referral: current };
      if (current.takenBy === officer.id) return { outcome: 'already_yours', referral: current };
      if (current.takenBy !== null) return { outcome: 'taken_by_other', referral: current };
      return { outcome: 'case_closed', referral: current };
    });
  }
}
