// The case-domain operations: cases (create, read, change status or violence
// type, assign an officer), the persons in a case (add, list, read — every
// look-up states its purpose), protection plans with measures (create, list,
// read, add, change status) and the national counts. A closed case takes no
// new persons, plans or measures, nor measure changes (409 case-closed), until
// it is reopened. A measure must be one of the catalogue of the pack version
// the plan's assessment was made with, in the part the catalogue gives it.
// Each handler validates with api/caseContract.ts, asks the one access policy
// with the case's region and the caller's membership, then calls the
// repository, which writes the audit rows in the same transaction. A refusal
// names the entity the request tried to reach, for its 'access.denied' row.
import type { Request, Response } from 'express';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { Measure } from '../methodology/packSchema.js';
import { AccessDeniedError, type DeniedTarget } from './accessDenial.js';
import { assignsProtectedAccess, decide } from './accessPolicy.js';
import { loadedPackOf } from './assessmentAccess.js';
import type { NoticeSender } from './noticeSender.js';
import { assessmentEtag, parseIfMatch } from './assessmentEtag.js';
import { systemClock, type Clock } from './clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { ruleOnOwnDate } from '../methodology/reassessmentDue.js';
import { caseNumberSchema } from './assessmentContract.js';
import type { AssessmentRepository } from './assessmentRepository.js';
import { callerOf } from './authentication.js';
import {
  addMeasureRequestSchema,
  addPersonRequestSchema,
  breakGlassRequestSchema,
  caseResponseSchema,
  caseStatisticsResponseSchema,
  changeCaseRequestSchema,
  changeMeasureRequestSchema,
  createCaseRequestSchema,
  createPlanRequestSchema,
  setProtectedPersonRequestSchema,
  closePlanRequestSchema,
  setReassessmentDateRequestSchema,
  measureResponseSchema,
  personListResponseSchema,
  personResponseSchema,
  planListResponseSchema,
  planResponseSchema,
  SMALL_COUNT_LIMIT,
} from './caseContract.js';
import { NOT_PROTECTABLE, PLAN_PARTS } from './caseDomain.js';
import { caseEtag, requiredCaseVersions } from './caseEtag.js';
import type { CaseAccessFacts, CaseRecord, CaseRepository, PlanAccessFacts, PlanRecord } from './caseRepository.js';
import { suppressCaseStatistics } from './caseStatisticsSuppression.js';
import { officerIdSchema, uuidSchema } from './idSchemas.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { OperationHandlers } from './operationHandler.js';
import type { Caller } from './principal.js';
import { personNumberOf } from './personNumbers.js';
import { ProblemError, type ProblemIssue } from './problem.js';
import { repositoryCall } from './repositoryProblems.js';
import { auditContextOf } from './requestAudit.js';
import { authorise, authoriseInCase, authoriseOrHide, NO_SUCH_CASE, parseRequestPart, requireJson, requireNewCaseNumber } from './routeGuards.js';

export interface CaseHandlersDeps {
  cases: CaseRepository;
  /** Provisioned, active officers: the only ones a case is assigned to. */
  provisionedOfficers: OfficerDirectory;
  /** Assessments, for the pack version (and so the measures catalogue) a plan answers. */
  repository: Pick<AssessmentRepository, 'ownership'>;
  methodology: MethodologySource;
  /** What a new case number must look like (CASE_NUMBER_PATTERN). */
  caseNumberPattern: RegExp;
  /** What time it is: the day of a measure decision that names none (on the method's calendar). */
  clock?: Clock;
  /** Sends the notices a break-glass recorded for the case's other officers (api/noticeSender.ts); absent: they see it on the case. */
  notices?: Pick<NoticeSender, 'sendWithin'>;
}

type CaseOperationId =
  | 'createCase'
  | 'getCase'
  | 'changeCase'
  | 'assignOfficer'
  | 'openProtectedAccess'
  | 'addPerson'
  | 'listPersons'
  | 'getPerson'
  | 'createPlan'
  | 'listPlans'
  | 'getPlan'
  | 'addMeasure'
  | 'setReassessmentDate'
  | 'setPlanProtectedPerson'
  | 'closePlan'
  | 'changeMeasureStatus'
  | 'getCaseStatistics';

/** The caller's standing in a case, as the access policy weighs it. */
const standingIn = (caller: Caller, facts: Pick<CaseAccessFacts, 'region' | 'assignedOfficerIds' | 'clearedOfficerIds'>) => ({
  region: facts.region,
  caseMember: facts.assignedOfficerIds.includes(caller.officer.id),
  protectedClearance: facts.clearedOfficerIds.includes(caller.officer.id),
});

/** A change of an existing plan: to whoever may not see the person it protects, the plan (or measure) does not exist — 404, as on a read. */
const authorisePlanChange = (caller: Caller, facts: PlanAccessFacts, target: DeniedTarget, notFoundDetail = 'no plan with that id') =>
  authoriseOrHide(caller, 'plan.write', { ...standingIn(caller, facts), protectedIdentity: facts.protectedIdentity }, target, notFoundDetail);

/**
 * A case as the caller may see it: a break-glass's reason is for the case's own officers and
 * auditors, who judge it (README, "Protected persons"); any other reader of the case sees that it
 * was opened, by whom and when, not why — the reason is free text about the case.
 */
const sendCase = (res: Response, record: CaseRecord, caller: Caller) => {
  const judges = record.assignedOfficerIds.includes(caller.officer.id) || caller.officer.roles.includes('auditor');
  const withholds = !judges && record.protectedAccess.some((access) => access.reason !== null);
  const shown = withholds ? { ...record, protectedAccess: record.protectedAccess.map((access) => ({ ...access, reason: null })) } : record;
  res.set('etag', caseEtag(record.version, withholds ? 'reasonsWithheld' : 'whole')).json(caseResponseSchema.parse(shown));
};

/**
 * The case's plans as the caller reads them: whom each protects numbered among the case's persons as
 * the caller may see them (a protected person only with clearance, as the plans themselves and the
 * work list count them) — from their roles, never their labels, so no person is read to audit.
 */
async function planResponses(cases: Pick<CaseRepository, 'personRoles'>, caller: Caller, standing: ReturnType<typeof standingIn>, caseId: string, plans: readonly PlanRecord[]) {
  const includeProtected = decide(caller.officer, 'plan.read', { ...standing, protectedIdentity: true }).allowed;
  const persons = plans.some((p) => p.protectedPerson) ? await cases.personRoles(caseId, includeProtected) : [];
  return plans.map((plan) =>
    planResponseSchema.parse({
      ...plan,
      protectedPerson: plan.protectedPerson && { ...plan.protectedPerson, number: personNumberOf(persons, plan.protectedPersonId) },
      missingParts: PLAN_PARTS.filter((part) => !plan.measures.some((m) => m.part === part)),
    }),
  );
}

/** One plan as the caller reads it (planResponses). */
const planResponse = async (cases: Pick<CaseRepository, 'personRoles'>, caller: Caller, facts: PlanAccessFacts | CaseAccessFacts, plan: PlanRecord) =>
  (await planResponses(cases, caller, standingIn(caller, facts), plan.caseId, [plan]))[0]!;

/** Each measure must exist in the catalogue and sit in the part the catalogue gives it. */
function checkMeasures(catalogue: readonly Measure[], measures: { part: string; measureId: string }[], path: (i: number) => (string | number)[]): void {
  const issues: ProblemIssue[] = [];
  measures.forEach((m, i) => {
    const known = catalogue.find((c) => c.id === m.measureId);
    if (!known) issues.push({ code: 'unknown_measure', path: [...path(i), 'measureId'], message: `"${m.measureId}" is not in the measures catalogue of the assessment's pack` });
    else if (known.part !== m.part) issues.push({ code: 'measure_part_mismatch', path: [...path(i), 'part'], message: `"${m.measureId}" belongs to ${known.part}` });
  });
  if (issues.length) throw new ProblemError('invalid-reference', 'a measure does not fit the methodology catalogue', issues);
}

/** The facts every case handler decides on, read for the request's case or plan. */
function caseAccessOf({ cases, repository, methodology }: CaseHandlersDeps) {
  return {
    async caseFacts(rawCaseNumber: unknown): Promise<CaseAccessFacts> {
      const facts = await cases.accessFacts(parseRequestPart(caseNumberSchema, rawCaseNumber, 'path'));
      if (!facts) throw new ProblemError('not-found', 'no case with that number');
      return facts;
    },
    async planFacts(rawPlanId: unknown): Promise<PlanAccessFacts> {
      const facts = await cases.planAccessFacts(parseRequestPart(uuidSchema, rawPlanId, 'path'));
      if (!facts) throw new ProblemError('not-found', 'no plan with that id');
      return facts;
    },
    /** The measures catalogue of the pack version the assessment was made with. */
    async catalogueFor(assessmentId: string): Promise<readonly Measure[]> {
      const ownership = await repository.ownership(assessmentId);
      if (!ownership) throw new ProblemError('invalid-reference', 'no such assessment');
      return loadedPackOf(methodology, ownership.pack).pack.measures;
    },
  };
}

type Deps = CaseHandlersDeps & ReturnType<typeof caseAccessOf> & { today: () => string };

/**
 * A create names a case number that is taken: never a second case. An officer who may read that
 * case is told it exists (409 case-exists) and can open it. One who may not (an officer of another
 * region) is answered what every route of that case answers them — 404, NO_SUCH_CASE — and the
 * refused 'case.create' is audited on the case, so the answer does not say that a case is there to
 * be read, and trying numbers leaves a trace. (That the number cannot be registered is told by any
 * answer but 201; what is kept back is the case.)
 */
function refuseTakenNumber(caller: Caller, taken: CaseAccessFacts): never {
  const reading = decide(caller.officer, 'case.read', standingIn(caller, taken));
  if (reading.allowed) throw new ProblemError('case-exists', 'a case with that number already exists');
  throw new AccessDeniedError({ action: 'case.create', code: reading.code, target: { type: 'case', id: taken.id }, answeredAs: 'not-found' }, caller, NO_SUCH_CASE);
}

async function createCase({ cases, caseNumberPattern }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const body = parseRequestPart(createCaseRequestSchema, req.body, 'body');
  requireNewCaseNumber(caseNumberPattern, body.caseNumber);
  const region = body.region ?? caller.officer.region;
  authorise(caller, 'case.create', { region }, { type: 'case', caseNumber: body.caseNumber });
  const existing = await cases.accessFacts(body.caseNumber);
  if (existing) refuseTakenNumber(caller, existing);
  const record = await repositoryCall(() => cases.create({ caseNumber: body.caseNumber, region, violenceType: body.violenceType, createdBy: caller.officer.id }, auditContextOf(req, res))).catch(
    async (err: unknown) => {
      if (!(err instanceof ProblemError && err.type === 'duplicate')) throw err;
      // Two creates racing: the second loses at the unique key, and is answered as if it had come second.
      const winner = await cases.accessFacts(body.caseNumber);
      if (winner) refuseTakenNumber(caller, winner);
      throw err;
    },
  );
  res.status(201).location(`${req.baseUrl}/cases/${encodeURIComponent(record.caseNumber)}`);
  sendCase(res, record, caller);
}

async function getCase({ cases, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  authoriseInCase(caller, 'case.read', standingIn(caller, facts), { type: 'case', id: facts.id });
  sendCase(res, await repositoryCall(() => cases.get(facts.id, auditContextOf(req, res))), caller);
}

// Status and violence type; If-Match is required (api/caseEtag.ts) and the rules are api/caseChangeRules.ts.
async function changeCase({ cases, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const body = parseRequestPart(changeCaseRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'case.update', standingIn(caller, facts), { type: 'case', id: facts.id });
  const expectedVersions = requiredCaseVersions(req.get('if-match'));
  sendCase(res, await repositoryCall(() => cases.update(facts.id, body, auditContextOf(req, res), expectedVersions)), caller);
}

async function assignOfficer({ cases, provisionedOfficers, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const officerId = parseRequestPart(officerIdSchema, req.params.officerId, 'path');
  authoriseInCase(caller, 'case.assign', standingIn(caller, facts), { type: 'case', id: facts.id });
  // Only an administrator creates officers (npm run officers): an id nobody provisioned is no officer.
  const target = await provisionedOfficers.find(officerId);
  if (!target) throw new ProblemError('not-found', 'no active officer with that id');
  const opensProtected = assignsProtectedAccess(caller.officer, facts.clearedOfficerIds.includes(caller.officer.id), target.id, facts.region);
  sendCase(res, await repositoryCall(() => cases.assign(facts.id, target, auditContextOf(req, res), opensProtected)), caller);
}

/**
 * Break-glass: the officer opens the case's protected persons for themself, with a reason every reader
 * of the case and every auditor sees they gave; the case's other officers are told in Teams.
 */
async function openProtectedAccess({ cases, caseFacts, notices }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const { reason } = parseRequestPart(breakGlassRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'case.break_glass', standingIn(caller, facts), { type: 'case', id: facts.id });
  const { record, opened } = await repositoryCall(() => cases.breakGlass(facts.id, caller.officer.id, reason, auditContextOf(req, res)));
  // Recorded only by the write that opened them: of two at once (a repeat sent to another instance), the other changed nothing.
  if (opened) await notices?.sendWithin({ kind: 'break_glass', caseId: record.id, subjectId: caller.officer.id });
  sendCase(res, record, caller);
}

async function addPerson({ cases, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const body = parseRequestPart(addPersonRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'person.add', { ...standingIn(caller, facts), protectedIdentity: body.protectedIdentity }, { type: 'case', id: facts.id });
  const person = await repositoryCall(() => cases.addPerson(facts.id, body, auditContextOf(req, res)));
  res.status(201).location(`${req.baseUrl}/persons/${person.id}`).json(personResponseSchema.parse(person));
}

async function listPersons({ cases, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const resource = standingIn(caller, facts);
  authoriseInCase(caller, 'person.read', resource, { type: 'case', id: facts.id });
  const audit = auditContextOf(req, res);
  // Protected persons are left out, unread and unmentioned, for anyone the policy does not let see them.
  const includeProtected = decide(caller.officer, 'person.read', { ...resource, protectedIdentity: true }).allowed;
  res.json(personListResponseSchema.parse({ items: await cases.listPersons(facts.id, includeProtected, audit) }));
}

async function getPerson({ cases, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const id = parseRequestPart(uuidSchema, req.params.id, 'path');
  const audit = auditContextOf(req, res);
  const person = await cases.personAccessFacts(id);
  if (!person) throw new ProblemError('not-found', 'no person with that id');
  const facts = await caseFacts(person.caseNumber);
  // Refusing with 403 would confirm that a protected person exists: answered as if there were none, audited all the same.
  authoriseOrHide(caller, 'person.read', { ...standingIn(caller, facts), protectedIdentity: person.protectedIdentity }, { type: 'person', id }, 'no person with that id');
  res.json(personResponseSchema.parse(await repositoryCall(() => cases.getPerson(id, audit))));
}

/**
 * A new plan is about a protected person when it would protect one, and creating it tells of one when
 * the assessment already has a plan protecting one (409 plan-exists): either way an uncleared officer
 * is answered as if neither were there — the 422 of a person not in the case, the 404 of no plan —
 * audited, as a read of them would be.
 */
async function authoriseNewPlan({ cases }: Deps, caller: Caller, facts: CaseAccessFacts, body: { assessmentId: string; protectedPersonId: string | null }): Promise<void> {
  const standing = standingIn(caller, facts);
  // Who may not make plans here at all is told so first, whatever the body names: the same 403 for every plan.
  authoriseInCase(caller, 'plan.write', standing, { type: 'case', id: facts.id });
  const person = body.protectedPersonId === null ? undefined : await cases.personAccessFacts(body.protectedPersonId);
  if (person?.caseId === facts.id && person.protectedIdentity) {
    authoriseOrHide(caller, 'plan.write', { ...standing, protectedIdentity: true }, { type: 'person', id: body.protectedPersonId! }, NOT_PROTECTABLE, 'invalid-reference');
  }
  const existingId = await cases.planIdOfAssessment(body.assessmentId);
  const existing = existingId === undefined ? undefined : await cases.planAccessFacts(existingId);
  if (existing?.caseId === facts.id && existing.protectedIdentity) {
    authoriseOrHide(caller, 'plan.write', { ...standing, protectedIdentity: true }, { type: 'plan', id: existing.planId }, 'no plan with that id');
  }
}

async function createPlan(deps: Deps, req: Request, res: Response): Promise<void> {
  const { cases, caseFacts, catalogueFor } = deps;
  requireJson(req);
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const body = parseRequestPart(createPlanRequestSchema, req.body, 'body');
  await authoriseNewPlan(deps, caller, facts, body);
  checkMeasures(await catalogueFor(body.assessmentId), body.measures, (i) => ['body', 'measures', i]);
  const plan = await repositoryCall(() => cases.createPlan({ caseId: facts.id, ...body }, auditContextOf(req, res)));
  res.status(201).location(`${req.baseUrl}/plans/${plan.id}`).json(await planResponse(cases, caller, facts, plan));
}

async function listPlans({ cases, caseFacts }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await caseFacts(req.params.caseNumber);
  const resource = standingIn(caller, facts);
  authoriseInCase(caller, 'plan.read', resource, { type: 'case', id: facts.id });
  // As with the persons: a plan protecting a protected person is left out for anyone who may not see that person.
  const includeProtected = decide(caller.officer, 'plan.read', { ...resource, protectedIdentity: true }).allowed;
  const plans = await cases.listPlans(facts.id, includeProtected, auditContextOf(req, res));
  res.json(planListResponseSchema.parse({ items: await planResponses(cases, caller, resource, facts.id, plans) }));
}

async function getPlan({ cases, planFacts }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await planFacts(req.params.id);
  // As with the person: to the unassigned, a plan protecting a protected person does not exist.
  authoriseOrHide(caller, 'plan.read', { ...standingIn(caller, facts), protectedIdentity: facts.protectedIdentity }, { type: 'plan', id: facts.planId }, 'no plan with that id');
  res.json(await planResponse(cases, caller, facts, await repositoryCall(() => cases.getPlan(facts.planId, auditContextOf(req, res)))));
}

async function addMeasure({ cases, planFacts, catalogueFor }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await planFacts(req.params.id);
  const body = parseRequestPart(addMeasureRequestSchema, req.body, 'body');
  authorisePlanChange(caller, facts, { type: 'plan', id: facts.planId });
  checkMeasures(await catalogueFor(facts.assessmentId), [body], () => ['body']);
  const measure = await repositoryCall(() => cases.addMeasure(facts.planId, body, auditContextOf(req, res)));
  res.status(201).json(measureResponseSchema.parse(measure));
}

/**
 * Issue 14: the officer's own re-assessment date for a plan, by the method's rule (ruleOnOwnDate): a
 * date other than the one the plan was made with needs a reason; none lies in the past. Written like
 * a measure, by an officer assigned to the case.
 */
async function setReassessmentDate({ cases, planFacts, today }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await planFacts(req.params.id);
  const body = parseRequestPart(setReassessmentDateRequestSchema, req.body, 'body');
  authorisePlanChange(caller, facts, { type: 'plan', id: facts.planId });
  if (body.dueOn < today()) {
    throw new ProblemError('reassessment-date-refused', `${body.dueOn} is in the past`, [{ code: 'in_the_past', path: ['body', 'dueOn'], message: `must be ${today()} or later` }]);
  }
  const outcome = await repositoryCall(() =>
    cases.setReassessmentDate(facts.planId, { dueOn: body.dueOn, reason: body.reason?.trim() || null }, (derivedDueOn) => ruleOnOwnDate(derivedDueOn, body.dueOn, body.reason ?? undefined), auditContextOf(req, res)),
  );
  if (outcome.status === 'refused') {
    throw new ProblemError('reassessment-date-refused', `a date other than the method's needs a reason`, [{ code: outcome.reason, path: ['body', 'reason'], message: 'write why the method\'s date is not kept' }]);
  }
  res.json(await planResponse(cases, caller, facts, outcome.plan));
}

const NO_SUCH_PERSON_IN_CASE = 'no person of the plan’s case with that id';

/**
 * Issue 12, item 8: whom an active plan protects, set or changed by an officer assigned to the case.
 * A plan protecting a protected person is hidden (404) from whoever may not see that person, as on a
 * read; a protected person the caller may not see is answered like a person not of the case (422),
 * the refusal audited, so the answer confirms no hidden person.
 */
async function setPlanProtectedPerson({ cases, planFacts }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await planFacts(req.params.id);
  const { personId } = parseRequestPart(setProtectedPersonRequestSchema, req.body, 'body');
  const standing = standingIn(caller, facts);
  const target = { type: 'plan', id: facts.planId } as const;
  authoriseOrHide(caller, 'plan.read', { ...standing, protectedIdentity: facts.protectedIdentity }, target, 'no plan with that id');
  authoriseInCase(caller, 'plan.write', standing, target, 'no plan with that id');
  if (personId !== null) {
    const person = await cases.personAccessFacts(personId);
    if (!person || person.caseId !== facts.caseId) throw new ProblemError('invalid-reference', NO_SUCH_PERSON_IN_CASE);
    const seeing = decide(caller.officer, 'person.read', { ...standing, protectedIdentity: person.protectedIdentity });
    if (!seeing.allowed) throw new AccessDeniedError({ action: 'person.read', code: seeing.code, target: { type: 'person', id: personId }, answeredAs: 'invalid-reference' }, caller, NO_SUCH_PERSON_IN_CASE);
  }
  res.json(await planResponse(cases, caller, facts, await repositoryCall(() => cases.setProtectedPerson(facts.planId, personId, auditContextOf(req, res)))));
}

/** An active plan ended by hand, with the officer's reason: allowed to whoever may change its measures. */
async function closePlan({ cases, planFacts }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await planFacts(req.params.id);
  const { reason } = parseRequestPart(closePlanRequestSchema, req.body, 'body');
  authorisePlanChange(caller, facts, { type: 'plan', id: facts.planId });
  res.json(await planResponse(cases, caller, facts, await repositoryCall(() => cases.closePlan(facts.planId, reason, auditContextOf(req, res)))));
}

async function changeMeasureStatus({ cases, planFacts, today }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const measureId = parseRequestPart(uuidSchema, req.params.id, 'path');
  const planId = await cases.measurePlanId(measureId);
  if (!planId) throw new ProblemError('not-found', 'no measure with that id');
  const facts = await planFacts(planId);
  const body = parseRequestPart(changeMeasureRequestSchema, req.body, 'body');
  authorisePlanChange(caller, facts, { type: 'measure', id: measureId }, 'no measure with that id');
  // If-Match (optional): a card or a second officer acting on an older version changes nothing (412).
  const ifMatch = parseIfMatch(req.get('if-match'));
  const expected = ifMatch.kind === 'versions' ? ifMatch.versions : undefined;
  const measure = await repositoryCall(() => cases.updateMeasure(measureId, body, auditContextOf(req, res), expected, today()));
  res.set('etag', assessmentEtag(measure.version)).json(measureResponseSchema.parse(measure));
}

async function getCaseStatistics({ cases }: Deps, _req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  authorise(caller, 'statistics.read', { region: caller.officer.region });
  // Small counts hidden, and the complementary ones that a known total would give away by subtraction.
  const suppressed = suppressCaseStatistics(await cases.statistics(), SMALL_COUNT_LIMIT);
  res.json(caseStatisticsResponseSchema.parse({ suppressedBelow: SMALL_COUNT_LIMIT, ...suppressed }));
}

export function caseHandlers(handlerDeps: CaseHandlersDeps): OperationHandlers<CaseOperationId> {
  const deps: Deps = { ...handlerDeps, ...caseAccessOf(handlerDeps), today: () => calendarDate((handlerDeps.clock ?? systemClock).now()) };
  return {
    createCase: (req, res) => createCase(deps, req, res),
    getCase: (req, res) => getCase(deps, req, res),
    changeCase: (req, res) => changeCase(deps, req, res),
    assignOfficer: (req, res) => assignOfficer(deps, req, res),
    openProtectedAccess: (req, res) => openProtectedAccess(deps, req, res),
    addPerson: (req, res) => addPerson(deps, req, res),
    listPersons: (req, res) => listPersons(deps, req, res),
    getPerson: (req, res) => getPerson(deps, req, res),
    createPlan: (req, res) => createPlan(deps, req, res),
    setReassessmentDate: (req, res) => setReassessmentDate(deps, req, res),
    setPlanProtectedPerson: (req, res) => setPlanProtectedPerson(deps, req, res),
    closePlan: (req, res) => closePlan(deps, req, res),
    listPlans: (req, res) => listPlans(deps, req, res),
    getPlan: (req, res) => getPlan(deps, req, res),
    addMeasure: (req, res) => addMeasure(deps, req, res),
    changeMeasureStatus: (req, res) => changeMeasureStatus(deps, req, res),
    getCaseStatistics: (req, res) => getCaseStatistics(deps, req, res),
  };
}
