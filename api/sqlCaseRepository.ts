// The case domain in Postgres (either engine). Every method that creates,
// changes or consults personal data runs in one transaction with its audit
// rows (api/auditLog.ts); access facts are read without a consultation row.
// A closed case takes no new work — persons, plans, measures, measure changes
// — until it is reopened; it is still read, and officers are still assigned
// to it (an assignment is who may read it, not work in it).
//
// One file per concept holds the SQL (cases, their update, assignments,
// persons, plans, measures, the re-assessment date, statistics); this class
// only binds them to one database as the CaseRepository the routes use.
import type { AccessDenial } from './accessDenial.js';
import type { AuditContext } from './auditLog.js';
import type { CaseChange } from './caseChangeRules.js';
import type {
  BreakGlassOutcome,
  CaseAccessFacts,
  CaseRecord,
  CaseRepository,
  CaseStatistics,
  MeasureChange,
  MeasureRecord,
  NewCase,
  NewMeasure,
  NewPerson,
  NewPlan,
  OwnReassessmentDate,
  PersonRecord,
  PersonRoleRecord,
  PlanAccessFacts,
  PlanRecord,
} from './caseRepository.js';
import type { Database } from './database.js';
import type { Officer } from './principal.js';
import { appendAccessDenied } from './sqlAccessDenialLog.js';
import { assignOfficer, breakGlass } from './sqlCaseAssignments.js';
import { addPerson, getPerson, listPersons, personAccessFacts, personRoles } from './sqlCasePersons.js';
import { caseAccessFacts, createCase, getCase } from './sqlCases.js';
import { caseStatistics } from './sqlCaseStatistics.js';
import { updateCase } from './sqlCaseUpdate.js';
import { createPlan } from './sqlPlanCreation.js';
import { closePlan } from './sqlPlanClosure.js';
import { setProtectedPerson } from './sqlPlanProtectedPerson.js';
import { addMeasure, measurePlanId, updateMeasure } from './sqlProtectionMeasures.js';
import { getPlan, listPlans, planAccessFacts, planIdOfAssessment } from './sqlProtectionPlans.js';
import { setReassessmentDate } from './sqlReassessmentDate.js';

export class SqlCaseRepository implements CaseRepository {
  constructor(private readonly db: Database) {}

  create(input: NewCase, audit: AuditContext): Promise<CaseRecord> {
    return createCase(this.db, input, audit);
  }

  accessFacts(caseNumber: string): Promise<CaseAccessFacts | undefined> {
    return caseAccessFacts(this.db, caseNumber);
  }

  get(caseId: string, audit: AuditContext): Promise<CaseRecord> {
    return getCase(this.db, caseId, audit);
  }

  update(caseId: string, change: CaseChange, audit: AuditContext, expectedVersions?: readonly number[]): Promise<CaseRecord> {
    return updateCase(this.db, caseId, change, audit, expectedVersions);
  }

  recordDenial(denial: AccessDenial, audit: AuditContext): Promise<void> {
    return appendAccessDenied(this.db, denial, audit);
  }

  assign(caseId: string, target: Officer, audit: AuditContext, opensProtected: boolean): Promise<CaseRecord> {
    return assignOfficer(this.db, caseId, target, audit, opensProtected);
  }

  breakGlass(caseId: string, officerId: string, reason: string, audit: AuditContext): Promise<BreakGlassOutcome> {
    return breakGlass(this.db, caseId, officerId, reason, audit);
  }

  addPerson(caseId: string, person: NewPerson, audit: AuditContext): Promise<PersonRecord> {
    return addPerson(this.db, caseId, person, audit);
  }

  listPersons(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PersonRecord[]> {
    return listPersons(this.db, caseId, includeProtected, audit);
  }

  personRoles(caseId: string, includeProtected: boolean): Promise<PersonRoleRecord[]> {
    return personRoles(this.db, caseId, includeProtected);
  }

  personAccessFacts(personId: string): Promise<{ caseId: string; caseNumber: string; protectedIdentity: boolean } | undefined> {
    return personAccessFacts(this.db, personId);
  }

  getPerson(personId: string, audit: AuditContext): Promise<PersonRecord> {
    return getPerson(this.db, personId, audit);
  }

  createPlan(input: NewPlan, audit: AuditContext): Promise<PlanRecord> {
    return createPlan(this.db, input, audit);
  }

  planAccessFacts(planId: string): Promise<PlanAccessFacts | undefined> {
    return planAccessFacts(this.db, planId);
  }

  planIdOfAssessment(assessmentId: string): Promise<string | undefined> {
    return planIdOfAssessment(this.db, assessmentId);
  }

  measurePlanId(measureId: string): Promise<string | undefined> {
    return measurePlanId(this.db, measureId);
  }

  getPlan(planId: string, audit: AuditContext): Promise<PlanRecord> {
    return getPlan(this.db, planId, audit);
  }

  listPlans(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PlanRecord[]> {
    return listPlans(this.db, caseId, includeProtected, audit);
  }

  setProtectedPerson(planId: string, personId: string | null, audit: AuditContext): Promise<PlanRecord> {
    return setProtectedPerson(this.db, planId, personId, audit);
  }

  closePlan(planId: string, reason: string, audit: AuditContext): Promise<PlanRecord> {
    return closePlan(this.db, planId, reason, audit);
  }

  addMeasure(planId: string, measure: NewMeasure, audit: AuditContext): Promise<MeasureRecord> {
    return addMeasure(this.db, planId, measure, audit);
  }

  setReassessmentDate(
    planId: string,
    date: OwnReassessmentDate,
    rule: (derivedDueOn: string) => { ok: true } | { ok: false; reason: string },
    audit: AuditContext,
  ): Promise<{ status: 'set'; plan: PlanRecord } | { status: 'refused'; reason: string }> {
    return setReassessmentDate(this.db, planId, date, rule, audit);
  }

  updateMeasure(measureId: string, change: MeasureChange, audit: AuditContext, expectedVersions?: readonly number[], today?: string): Promise<MeasureRecord> {
    return updateMeasure(this.db, measureId, change, audit, expectedVersions, today);
  }

  statistics(): Promise<CaseStatistics> {
    return caseStatistics(this.db);
  }
}
