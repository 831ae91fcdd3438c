// The case-domain endpoints: cases (create, read, change status or violence
// type, assign an officer), the persons in a case (add, list, read — every
// look-up states its purpose), and protection plans with measures (create,
// read, add, change status). A closed case takes no new persons, plans or
// measures, nor measure changes (409 case-closed), until it is reopened.
// A measure must be one of the catalogue of the pack version the plan's
// assessment was made with, in the part the catalogue gives it.
// Each route validates with api/caseContract.ts, asks the one access policy
// with the case's region and the caller's membership, then calls the
// repository, which writes the audit rows in the same transaction. A refusal
// names the entity the request tried to reach, for its 'access.denied' row.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { Measure } from '../methodology/packSchema.js';
import { decide } from './accessPolicy.js';
import { caseNumberSchema, PURPOSE_HEADER } from './assessmentContract.js';
import type { AssessmentRepository } from './assessmentRepository.js';
import type { AuditContext } from './auditLog.js';
import { callerOf } from './authentication.js';
import { CASE_STATUS_TRANSITIONS, type CaseChangeRefusal } from './caseChangeRules.js';
import {
  addMeasureRequestSchema,
  addPersonRequestSchema,
  caseResponseSchema,
  caseStatisticsResponseSchema,
  changeCaseRequestSchema,
  changeMeasureRequestSchema,
  createCaseRequestSchema,
  createPlanRequestSchema,
  measureResponseSchema,
  personListResponseSchema,
  personResponseSchema,
  planListResponseSchema,
  planResponseSchema,
  SMALL_COUNT_LIMIT,
} from './caseContract.js';
import { PLAN_PARTS } from './caseDomain.js';
import { caseEtag, requiredCaseVersions } from './caseEtag.js';
import { CaseChangeRefusedError, CaseRepositoryError, type CaseAccessFacts, type CaseRepository, type PlanAccessFacts, type PlanRecord } from './caseRepository.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { Caller } from './principal.js';
import { ProblemError, type ProblemIssue } from './problem.js';
import { authorise, authoriseOrHide, parseRequestPart, purposeSchema, requireJson } from './routeGuards.js';

export interface CaseRoutesDeps {
  cases: CaseRepository;
  /** Who exists as an officer: provisioned ones, and in dev mode the fictitious dev officer for any id. */
  officers: OfficerDirectory;
  /** Assessments, for the pack version (and so the measures catalogue) a plan answers. */
  repository: Pick<AssessmentRepository, 'ownership'>;
  methodology: MethodologySource;
}

/** Used when a route that does not consult persons is called without a stated purpose. */
const DEFAULT_PURPOSE = 'bops.case';

const uuidSchema = z.uuid();
const officerIdSchema = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/);

/** The audit context; a look-up of persons must state why (the police data law asks for the purpose of every consultation). */
function auditContext(req: Request, caller: Caller, purpose: 'required' | 'optional'): AuditContext {
  const raw = req.get(PURPOSE_HEADER);
  if (raw === undefined && purpose === 'required') throw new ProblemError('purpose-required', `send the purpose of the look-up in the ${PURPOSE_HEADER} header`);
  return { actorId: caller.officer.id, viaId: caller.viaId, purpose: raw === undefined ? DEFAULT_PURPOSE : parseRequestPart(purposeSchema, raw, 'header') };
}

const memberOf = (caller: Caller, facts: Pick<CaseAccessFacts, 'assignedOfficerIds'>) => facts.assignedOfficerIds.includes(caller.officer.id);

/** A refused case change as the problem the client can branch on. */
function caseChangeProblem(refusal: CaseChangeRefusal): ProblemError {
  switch (refusal.code) {
    case 'transition_not_allowed':
      return new ProblemError('case-transition-refused', `a case in status ${refusal.from} cannot move to ${refusal.to}`, [
        { code: 'transition_not_allowed', path: ['body', 'status'], message: `from ${refusal.from} a case moves only to ${CASE_STATUS_TRANSITIONS[refusal.from].join(' or ')}` },
      ]);
    case 'case_closed':
      return new ProblemError('case-closed', 'the violence type of a closed case does not change; reopen it (status bops) first', [
        { code: 'case_closed', path: ['body', 'violenceType'], message: 'the case is closed' },
      ]);
    case 'open_work': {
      const { draftAssessments, unsettledMeasures } = refusal.openWork;
      const issues: ProblemIssue[] = [];
      if (draftAssessments > 0) issues.push({ code: 'draft_assessments', path: ['body', 'status'], message: `${draftAssessments} draft assessment(s) must first be completed by their officer` });
      if (unsettledMeasures > 0) issues.push({ code: 'unsettled_measures', path: ['body', 'status'], message: `${unsettledMeasures} measure(s) of active plans must first be done, declined or cancelled` });
      return new ProblemError('case-has-open-work', 'the case has unfinished work', issues);
    }
    default: {
      const never: never = refusal;
      return never;
    }
  }
}

async function repositoryCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CaseChangeRefusedError) throw caseChangeProblem(err.refusal);
    if (err instanceof CaseRepositoryError) {
      switch (err.reason) {
        case 'not_found':
          throw new ProblemError('not-found', err.message);
        case 'duplicate':
          throw new ProblemError('duplicate', err.message);
        case 'plan_exists':
          throw new ProblemError('plan-exists', err.message);
        case 'invalid_reference':
          throw new ProblemError('invalid-reference', err.message);
        case 'not_completed':
          throw new ProblemError('assessment-not-completed', err.message);
        case 'superseded':
          throw new ProblemError('assessment-superseded', err.message);
        case 'version_mismatch':
          throw new ProblemError('precondition-failed', err.message);
        case 'case_closed':
          throw new ProblemError('case-closed', err.message);
        default: {
          const never: never = err.reason;
          throw never;
        }
      }
    }
    throw err;
  }
}

const planResponse = (plan: PlanRecord) =>
  planResponseSchema.parse({ ...plan, missingParts: PLAN_PARTS.filter((part) => !plan.measures.some((m) => m.part === part)) });

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

export function caseRoutes({ cases, officers, repository, methodology }: CaseRoutesDeps): Router {
  const router = Router();

  const catalogueFor = async (assessmentId: string): Promise<readonly Measure[]> => {
    const ownership = await repository.ownership(assessmentId);
    if (!ownership) throw new ProblemError('invalid-reference', 'no such assessment');
    const loaded = methodology.get(ownership.pack.id, ownership.pack.version);
    if (!loaded || loaded.hash !== ownership.pack.hash) {
      throw new ProblemError('pack-mismatch', `pack ${ownership.pack.id}@${ownership.pack.version} is not available with the recorded hash`);
    }
    return loaded.pack.measures;
  };

  const caseFacts = async (rawCaseNumber: string): Promise<CaseAccessFacts> => {
    const facts = await cases.accessFacts(parseRequestPart(caseNumberSchema, rawCaseNumber, 'path'));
    if (!facts) throw new ProblemError('not-found', 'no case with that number');
    return facts;
  };

  const planFacts = async (rawPlanId: string): Promise<PlanAccessFacts> => {
    const facts = await cases.planAccessFacts(parseRequestPart(uuidSchema, rawPlanId, 'path'));
    if (!facts) throw new ProblemError('not-found', 'no plan with that id');
    return facts;
  };

  router.post('/cases', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const body = parseRequestPart(createCaseRequestSchema, req.body, 'body');
    const region = body.region ?? caller.officer.region;
    authorise(caller, 'case.create', { region }, { type: 'case', caseNumber: body.caseNumber });
    if (await cases.accessFacts(body.caseNumber)) throw new ProblemError('case-exists', 'a case with that number already exists');
    const record = await repositoryCall(() =>
      cases.create({ caseNumber: body.caseNumber, region, violenceType: body.violenceType, createdBy: caller.officer.id }, auditContext(req, caller, 'optional')),
    ).catch((err: unknown) => {
      // Two creates racing: the second loses at the unique key.
      if (err instanceof ProblemError && err.type === 'duplicate') throw new ProblemError('case-exists', 'a case with that number already exists');
      throw err;
    });
    res.status(201).location(`${req.baseUrl}/cases/${encodeURIComponent(record.caseNumber)}`).set('etag', caseEtag(record.version)).json(caseResponseSchema.parse(record));
  });

  router.get('/cases/:caseNumber', async (req, res) => {
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    authorise(caller, 'case.read', { region: facts.region, caseMember: memberOf(caller, facts) }, { type: 'case', id: facts.id });
    const record = await repositoryCall(() => cases.get(facts.id, auditContext(req, caller, 'optional')));
    res.set('etag', caseEtag(record.version)).json(caseResponseSchema.parse(record));
  });

  // Status and violence type; If-Match is required (api/caseEtag.ts) and the rules are api/caseChangeRules.ts.
  router.patch('/cases/:caseNumber', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const body = parseRequestPart(changeCaseRequestSchema, req.body, 'body');
    authorise(caller, 'case.update', { region: facts.region, caseMember: memberOf(caller, facts) }, { type: 'case', id: facts.id });
    const expectedVersions = requiredCaseVersions(req.get('if-match'));
    const record = await repositoryCall(() => cases.update(facts.id, body, auditContext(req, caller, 'optional'), expectedVersions));
    res.set('etag', caseEtag(record.version)).json(caseResponseSchema.parse(record));
  });

  router.put('/cases/:caseNumber/assignments/:officerId', async (req, res) => {
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const officerId = parseRequestPart(officerIdSchema, req.params.officerId, 'path');
    authorise(caller, 'case.assign', { region: facts.region, caseMember: memberOf(caller, facts) }, { type: 'case', id: facts.id });
    const target = await officers.find(officerId);
    if (!target) throw new ProblemError('invalid-reference', 'the officer is not provisioned');
    const record = await repositoryCall(() => cases.assign(facts.id, target, auditContext(req, caller, 'optional')));
    res.set('etag', caseEtag(record.version)).json(caseResponseSchema.parse(record));
  });

  router.post('/cases/:caseNumber/persons', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const body = parseRequestPart(addPersonRequestSchema, req.body, 'body');
    authorise(caller, 'person.add', { region: facts.region, caseMember: memberOf(caller, facts), protectedIdentity: body.protectedIdentity }, { type: 'case', id: facts.id });
    const person = await repositoryCall(() => cases.addPerson(facts.id, body, auditContext(req, caller, 'optional')));
    res.status(201).location(`${req.baseUrl}/persons/${person.id}`).json(personResponseSchema.parse(person));
  });

  router.get('/cases/:caseNumber/persons', async (req, res) => {
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const resource = { region: facts.region, caseMember: memberOf(caller, facts) };
    authorise(caller, 'person.read', resource, { type: 'case', id: facts.id });
    const audit = auditContext(req, caller, 'required');
    // Protected persons are left out, unread and unmentioned, for anyone the policy does not let see them.
    const includeProtected = decide(caller.officer, 'person.read', { ...resource, protectedIdentity: true }).allowed;
    const persons = await cases.listPersons(facts.id, includeProtected, audit);
    res.json(personListResponseSchema.parse({ items: persons }));
  });

  router.get('/persons/:id', async (req, res) => {
    const caller = callerOf(res);
    const id = parseRequestPart(uuidSchema, req.params.id, 'path');
    const audit = auditContext(req, caller, 'required');
    const person = await cases.personAccessFacts(id);
    if (!person) throw new ProblemError('not-found', 'no person with that id');
    const facts = await caseFacts(person.caseNumber);
    // Refusing with 403 would confirm that a protected person exists: answered as if there were none, audited all the same.
    authoriseOrHide(caller, 'person.read', { region: facts.region, caseMember: memberOf(caller, facts), protectedIdentity: person.protectedIdentity }, { type: 'person', id }, 'no person with that id');
    res.json(personResponseSchema.parse(await repositoryCall(() => cases.getPerson(id, audit))));
  });

  router.post('/cases/:caseNumber/plans', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const body = parseRequestPart(createPlanRequestSchema, req.body, 'body');
    authorise(caller, 'plan.write', { region: facts.region, caseMember: memberOf(caller, facts) }, { type: 'case', id: facts.id });
    checkMeasures(await catalogueFor(body.assessmentId), body.measures, (i) => ['body', 'measures', i]);
    const plan = await repositoryCall(() => cases.createPlan({ caseId: facts.id, ...body }, auditContext(req, caller, 'optional')));
    res.status(201).location(`${req.baseUrl}/plans/${plan.id}`).json(planResponse(plan));
  });

  router.get('/cases/:caseNumber/plans', async (req, res) => {
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const resource = { region: facts.region, caseMember: memberOf(caller, facts) };
    authorise(caller, 'plan.read', resource, { type: 'case', id: facts.id });
    // As with the persons: a plan protecting a protected person is left out for anyone who may not see that person.
    const includeProtected = decide(caller.officer, 'plan.read', { ...resource, protectedIdentity: true }).allowed;
    const plans = await cases.listPlans(facts.id, includeProtected, auditContext(req, caller, 'optional'));
    res.json(planListResponseSchema.parse({ items: plans.map(planResponse) }));
  });

  router.get('/plans/:id', async (req, res) => {
    const caller = callerOf(res);
    const facts = await planFacts(req.params.id);
    // As with the person: to the unassigned, a plan protecting a protected person does not exist.
    authoriseOrHide(caller, 'plan.read', { region: facts.region, caseMember: memberOf(caller, facts), protectedIdentity: facts.protectedIdentity }, { type: 'plan', id: facts.planId }, 'no plan with that id');
    res.json(planResponse(await repositoryCall(() => cases.getPlan(facts.planId, auditContext(req, caller, 'optional')))));
  });

  router.post('/plans/:id/measures', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const facts = await planFacts(req.params.id);
    const body = parseRequestPart(addMeasureRequestSchema, req.body, 'body');
    authorise(caller, 'plan.write', { region: facts.region, caseMember: memberOf(caller, facts) }, { type: 'plan', id: facts.planId });
    checkMeasures(await catalogueFor(facts.assessmentId), [body], () => ['body']);
    const measure = await repositoryCall(() => cases.addMeasure(facts.planId, body, auditContext(req, caller, 'optional')));
    res.status(201).json(measureResponseSchema.parse(measure));
  });

  router.put('/measures/:id/status', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const measureId = parseRequestPart(uuidSchema, req.params.id, 'path');
    const planId = await cases.measurePlanId(measureId);
    if (!planId) throw new ProblemError('not-found', 'no measure with that id');
    const facts = await planFacts(planId);
    const body = parseRequestPart(changeMeasureRequestSchema, req.body, 'body');
    authorise(caller, 'plan.write', { region: facts.region, caseMember: memberOf(caller, facts) }, { type: 'measure', id: measureId });
    const measure = await repositoryCall(() => cases.updateMeasure(measureId, body, auditContext(req, caller, 'optional')));
    res.json(measureResponseSchema.parse(measure));
  });

  router.get('/statistics/cases', async (_req, res) => {
    authorise(callerOf(res), 'statistics.read', { region: callerOf(res).officer.region });
    const stats = await cases.statistics();
    const suppress = <T extends { count: number }>(row: T) => ({ ...row, count: row.count < SMALL_COUNT_LIMIT ? null : row.count });
    res.json(caseStatisticsResponseSchema.parse({ suppressedBelow: SMALL_COUNT_LIMIT, cases: stats.cases.map(suppress), measures: stats.measures.map(suppress) }));
  });

  return router;
}
