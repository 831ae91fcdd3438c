// The RRI log's operations (issue 16, item 1): record a contact offered to the
// threat actor of a case, record an outcome at follow-up, and read the case's
// log. Writing is for officers assigned to the case who work it (a Bops officer
// of the region or a specialist); reading for those who may read its plans. A
// threat actor with protected identity is need-to-know here as everywhere: a
// contact naming one is recorded and read only by officers with clearance,
// and to the others it is not there (issue 18, finding 4).
// Dates lie not in the future; the officer named as making the contact is a
// provisioned, active officer. Each repository call audits in its transaction.
import type { Request, Response } from 'express';
import { decide } from './accessPolicy.js';
import { caseNumberSchema } from './assessmentContract.js';
import { callerOf } from './authentication.js';
import type { CaseAccessFacts, CaseRepository } from './caseRepository.js';
import { systemClock, type Clock } from './clock.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { OperationHandlers } from './operationHandler.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';
import { repositoryCall } from './repositoryProblems.js';
import { auditContextOf } from './requestAudit.js';
import { authoriseInCase, authoriseOrHide, parseRequestPart, requireJson } from './routeGuards.js';
import { NOT_A_THREAT_ACTOR, addRriContactRequestSchema, addRriOutcomeRequestSchema, rriContactResponseSchema, rriLogResponseSchema, rriOutcomeResponseSchema } from './rriContract.js';
import type { RriLog } from './rriLog.js';

export interface RriHandlersDeps {
  cases: Pick<CaseRepository, 'accessFacts' | 'personAccessFacts'>;
  rri: RriLog;
  /** Provisioned officers only (never dev mode's fallback): who may be named as making a contact. */
  provisionedOfficers: OfficerDirectory;
  clock?: Clock;
}

type RriOperationId = 'addRriContact' | 'addRriOutcome' | 'getRriLog';

const standingIn = (caller: Caller, facts: CaseAccessFacts) => ({
  region: facts.region,
  caseMember: facts.assignedOfficerIds.includes(caller.officer.id),
  protectedClearance: facts.clearedOfficerIds.includes(caller.officer.id),
});

/** A recorded day must have happened: a date after today is a typing mistake. */
function notInFuture(date: string, today: string, field: string): void {
  if (date > today) throw new ProblemError('validation', 'a date lies in the future', [{ code: 'date_in_future', path: ['body', field], message: `must be ${today} or earlier` }]);
}

/** The officer a contact names must be one: an id nobody provisioned, or one deactivated, is refused naming the field. */
async function requireActiveOfficer(officers: OfficerDirectory, officerId: string, field: string): Promise<void> {
  if (await officers.find(officerId)) return;
  throw new ProblemError('invalid-reference', 'the officer named is not a provisioned, active officer', [
    { code: 'unknown_officer', path: ['body', field], message: 'no active officer with that id' },
  ]);
}

export function rriHandlers({ cases, rri, provisionedOfficers, clock = systemClock }: RriHandlersDeps): OperationHandlers<RriOperationId> {
  const caseFacts = async (raw: unknown): Promise<CaseAccessFacts> => {
    const facts = await cases.accessFacts(parseRequestPart(caseNumberSchema, raw, 'path'));
    if (!facts) throw new ProblemError('not-found', 'no case with that number');
    return facts;
  };
  const today = () => calendarDate(clock.now());

  async function addRriContact(req: Request, res: Response): Promise<void> {
    requireJson(req);
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const body = parseRequestPart(addRriContactRequestSchema, req.body, 'body');
    authoriseInCase(caller, 'rri.write', standingIn(caller, facts), { type: 'case', id: facts.id });
    // A protected threat actor the officer may not see is answered as one who is not in the case.
    const actor = body.threatActorId === null ? undefined : await cases.personAccessFacts(body.threatActorId);
    if (actor?.caseId === facts.id && actor.protectedIdentity) {
      authoriseOrHide(caller, 'rri.write', { ...standingIn(caller, facts), protectedIdentity: true }, { type: 'person', id: body.threatActorId! }, NOT_A_THREAT_ACTOR, 'invalid-reference');
    }
    notInFuture(body.contactedOn, today(), 'contactedOn');
    const officerId = body.officerId ?? caller.officer.id;
    if (officerId !== caller.officer.id) await requireActiveOfficer(provisionedOfficers, officerId, 'officerId');
    const contact = await repositoryCall(() =>
      rri.addContact(facts.id, { ...body, officerId }, auditContextOf(req, res)),
    );
    res.status(201).json(rriContactResponseSchema.parse(contact));
  }

  async function addRriOutcome(req: Request, res: Response): Promise<void> {
    requireJson(req);
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const body = parseRequestPart(addRriOutcomeRequestSchema, req.body, 'body');
    authoriseInCase(caller, 'rri.write', standingIn(caller, facts), { type: 'case', id: facts.id });
    notInFuture(body.followedUpOn, today(), 'followedUpOn');
    const outcome = await repositoryCall(() => rri.addOutcome(facts.id, body, auditContextOf(req, res)));
    res.status(201).json(rriOutcomeResponseSchema.parse(outcome));
  }

  async function getRriLog(req: Request, res: Response): Promise<void> {
    const caller = callerOf(res);
    const facts = await caseFacts(req.params.caseNumber);
    const resource = standingIn(caller, facts);
    authoriseInCase(caller, 'rri.read', resource, { type: 'case', id: facts.id });
    const includeProtected = decide(caller.officer, 'rri.read', { ...resource, protectedIdentity: true }).allowed;
    res.json(rriLogResponseSchema.parse(await rri.read(facts.id, includeProtected, auditContextOf(req, res))));
  }

  return { addRriContact, addRriOutcome, getRriLog };
}
