// The work list's sources on PostgreSQL/PGlite — the referrals open in the
// officer's region or taken by them and not yet assessed, the officer's drafts,
// the re-assessments and measure follow-ups (or a contact ban's expiry,
// whichever comes first) of the cases they are assigned to —
// and the audit rows of showing a page. Sources read access facts beside each
// row (region, whether the plan protects a protected person, the officer's
// clearance) and leave the decision to the access policy.
import { addDays, calendarDate } from '../methodology/calendarDate.js';
import type { AssessmentLevel } from './assessmentRepository.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { MeasureStatus, PlanPart } from './caseDomain.js';
import type { Database } from './database.js';
import { measureAwaitingFollowUp, measureDueOn } from './measureAwaitingFollowUp.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';
import { planPersonColumns, planPersonOf, type PlanPersonRow } from './sqlPlanPerson.js';
import type { MeasureFollowUpWorkItem, SourcedWorkItem, WorkListSource, WorkWindow } from './workItem.js';
import { referralAwaitingAssessment } from './referralAwaitingAssessment.js';
import { REFERRAL_KINDS, TAKER_ROLE, type ReferralKind } from './referralRepository.js';

/** The overall judgement of the case's latest completed assessment, as a scalar subquery over `c` (cases). */
const LATEST_JUDGEMENT = `(SELECT l.derived->'judgements'->>'overall' FROM assessments l
   WHERE l.case_id = c.id AND l.status = 'completed' AND l.derived IS NOT NULL
   ORDER BY l.completed_at DESC, l.id LIMIT 1)`;

interface PlanRowFacts extends PlanPersonRow {
  case_id: string;
  case_number: string;
  region: PoliceRegion;
  judgement: string | null;
  plan_id: string;
  due_on: string;
  protected_identity: boolean;
  cleared: boolean;
}

/** A plan's row is read under 'plan.read': a plan protecting a protected person only with clearance. */
const planAccess = (row: PlanRowFacts): SourcedWorkItem['access'] => ({
  action: 'plan.read',
  resource: { region: row.region, caseMember: true, protectedIdentity: row.protected_identity, protectedClearance: row.cleared },
});

/** Joins of a plan row: its case, the officer's assignment (the officer is $1), the person it protects. */
const PLAN_JOINS = `JOIN cases c ON c.id = p.case_id
  JOIN case_assignments ca ON ca.case_id = c.id AND ca.officer_id = $1
  LEFT JOIN case_persons cp ON cp.id = p.protected_person_id`;
const CLEARED = `ca.protected_access <> 'none'`;
const PLAN_FACTS = `c.id AS case_id, c.case_number, c.region, ${LATEST_JUDGEMENT} AS judgement, p.id AS plan_id,
  coalesce(cp.protected_identity, false) AS protected_identity, ${CLEARED} AS cleared, ${planPersonColumns('p', 'c.id', CLEARED)}`;

export class SqlWorkList {
  /** `targetDays`: the days from a referral within which its assessment should begin (FIGURES_TARGET_DAYS). */
  constructor(
    private readonly db: Database,
    private readonly targetDays: number,
  ) {}

  readonly drafts: WorkListSource = {
    itemsFor: async (officer: Officer): Promise<SourcedWorkItem[]> => {
      const { rows } = await this.db.query<{ id: string; case_id: string; case_number: string; region: PoliceRegion; judgement: string | null; level: AssessmentLevel; instrument_id: string; version: number; updated_at: Date }>(
        `SELECT a.id, c.id AS case_id, c.case_number, c.region, ${LATEST_JUDGEMENT} AS judgement, a.level, a.instrument_id, a.version, a.updated_at
         FROM assessments a JOIN cases c ON c.id = a.case_id
         WHERE a.officer_id = $1 AND a.status = 'draft'`,
        [officer.id],
      );
      return rows.map((r) => ({
        item: { kind: 'draft', caseId: r.case_id, caseNumber: r.case_number, dueOn: null, latestJudgement: r.judgement, assessmentId: r.id, level: r.level, instrumentId: r.instrument_id, version: Number(r.version), updatedAt: new Date(r.updated_at) },
        access: { action: 'assessment.read', resource: { region: r.region, level: r.level, ownerId: officer.id } },
      }));
    },
  };

  readonly reassessments: WorkListSource = {
    itemsFor: async (officer: Officer, window: WorkWindow): Promise<SourcedWorkItem[]> => {
      const { rows } = await this.db.query<PlanRowFacts>(
        `SELECT ${PLAN_FACTS}, r.due_on::text AS due_on
         FROM reassessments r JOIN protection_plans p ON p.id = r.plan_id ${PLAN_JOINS}
         WHERE r.status = 'planned' AND r.due_on <= $2::date AND c.status <> 'closed'`,
        [officer.id, window.horizon],
      );
      return rows.map((r) => ({
        item: { kind: 'reassessment', caseId: r.case_id, caseNumber: r.case_number, dueOn: r.due_on, latestJudgement: r.judgement, planId: r.plan_id, ...planPersonOf(r) },
        access: planAccess(r),
      }));
    },
  };

  readonly measureFollowUps: WorkListSource = {
    itemsFor: async (officer: Officer, window: WorkWindow): Promise<SourcedWorkItem[]> => {
      const { rows } = await this.db.query<PlanRowFacts & { measure_id: string; catalogue_id: string; part: PlanPart; status: MeasureStatus }>(
        `SELECT ${PLAN_FACTS}, ${measureDueOn('m')}::text AS due_on, m.id AS measure_id, m.measure_id AS catalogue_id, m.part, m.status
         FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id ${PLAN_JOINS}
         WHERE ${measureAwaitingFollowUp('m')} AND ${measureDueOn('m')} <= $2::date
           AND p.status = 'active' AND c.status <> 'closed'
         ORDER BY array_position(ARRAY['skydd', 'stod', 'reducering'], m.part::text), m.measure_id`,
        [officer.id, window.horizon],
      );
      const byPlanAndDay = new Map<string, SourcedWorkItem & { item: MeasureFollowUpWorkItem }>();
      for (const r of rows) {
        const measure = { measureId: r.measure_id, catalogueId: r.catalogue_id, part: r.part, status: r.status };
        const key = `${r.plan_id}|${r.due_on}`;
        const found = byPlanAndDay.get(key);
        if (found) found.item.measures.push(measure);
        else byPlanAndDay.set(key, { item: { kind: 'measure_follow_up', caseId: r.case_id, caseNumber: r.case_number, dueOn: r.due_on, latestJudgement: r.judgement, planId: r.plan_id, ...planPersonOf(r), measures: [measure] }, access: planAccess(r) });
      }
      return [...byPlanAndDay.values()];
    },
  };

  /**
   * Issue 12, items 1 and 6: referrals no one has taken in the officer's region, of the kinds their
   * roles take — to Bops for a Bops officer, escalations to in-depth for a specialist; read under
   * 'case.read' of an unassigned case, due the day they were made (Swedish calendar). And referrals
   * the officer took whose assessment no one has begun since (a draft or a completed assessment of
   * the level handed over): read as the case's member, due `targetDays` after the referral.
   */
  readonly referrals: WorkListSource = {
    itemsFor: async (officer: Officer): Promise<SourcedWorkItem[]> => {
      const kinds = REFERRAL_KINDS.filter((kind) => officer.roles.includes(TAKER_ROLE[kind]));
      const { rows } = await this.db.query<{ id: string; kind: ReferralKind; case_id: string; case_number: string; region: PoliceRegion; judgement: string | null; referred_at: Date | string; taken: boolean }>(
        `SELECT r.id, r.kind, c.id AS case_id, c.case_number, c.region, ${LATEST_JUDGEMENT} AS judgement, r.referred_at, r.taken_by IS NOT NULL AS taken
         FROM referrals r JOIN cases c ON c.id = r.case_id
         WHERE c.status <> 'closed' AND (
           (r.taken_by IS NULL AND r.region = $1 AND r.kind = ANY($2::text[]))
           OR (r.taken_by = $3 AND ${referralAwaitingAssessment('r')}))`,
        [officer.region, kinds, officer.id],
      );
      return rows.map((r) => {
        const referredAt = new Date(r.referred_at);
        const dueOn = r.taken ? addDays(calendarDate(referredAt), this.targetDays) : calendarDate(referredAt);
        return {
          item: { kind: 'referral', caseId: r.case_id, caseNumber: r.case_number, dueOn, latestJudgement: r.judgement, referralId: r.id, handover: r.kind, referredAt, takenByYou: r.taken },
          access: { action: 'case.read', resource: { region: r.region, caseMember: r.taken } },
        };
      });
    },
  };

  /**
   * Complete reviews of the officer's own assessments (a blind regrade once it has its reason) that they
   * were not told of: no 'review.notice' card reached them, and they have not read the assessment's
   * reviews since the review was made or its reason given. Read under 'assessment.read' of the assessment.
   */
  readonly reviews: WorkListSource = {
    itemsFor: async (officer: Officer): Promise<SourcedWorkItem[]> => {
      const { rows } = await this.db.query<{ id: string; assessment_id: string; verdict: 'agree' | 'regrade'; case_id: string; case_number: string; region: PoliceRegion; judgement: string | null; level: AssessmentLevel }>(
        `SELECT r.id, r.assessment_id, r.verdict, c.id AS case_id, c.case_number, c.region, ${LATEST_JUDGEMENT} AS judgement, a.level
         FROM assessment_reviews r JOIN assessments a ON a.id = r.assessment_id JOIN cases c ON c.id = a.case_id
         WHERE a.officer_id = $1 AND r.reviewer_id <> $1 AND NOT (r.blind AND r.verdict = 'regrade' AND r.reason IS NULL)
           AND NOT EXISTS (SELECT 1 FROM audit_log n WHERE n.actor_id = $1 AND n.action = 'review.notice' AND n.entity_type = 'review' AND n.entity_id = r.id::text)
           AND NOT EXISTS (SELECT 1 FROM audit_log s WHERE s.actor_id = $1 AND s.action = 'assessment.read' AND s.entity_type = 'assessment'
                             AND s.entity_id = a.id::text AND s.detail->>'view' = 'reviews'
                             AND s.at >= GREATEST(r.created_at, (SELECT max(g.at) FROM audit_log g WHERE g.action = 'review.reason' AND g.entity_type = 'review' AND g.entity_id = r.id::text)))`,
        [officer.id],
      );
      return rows.map((r) => ({
        item: { kind: 'review', caseId: r.case_id, caseNumber: r.case_number, dueOn: null, latestJudgement: r.judgement, assessmentId: r.assessment_id, reviewId: r.id, verdict: r.verdict },
        access: { action: 'assessment.read', resource: { region: r.region, level: r.level, ownerId: officer.id } },
      }));
    },
  };

  /** The sources of this database, in no particular order (the list orders what they find). */
  sources(): WorkListSource[] {
    return [this.referrals, this.drafts, this.reassessments, this.measureFollowUps, this.reviews];
  }

  /** One 'worklist.read' row per case on the page shown, in one transaction. */
  async recordRead(caseIds: readonly string[], audit: AuditContext): Promise<void> {
    if (caseIds.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const id of caseIds) await appendAudit(tx, audit, 'worklist.read', { type: 'case', id });
    });
  }
}
