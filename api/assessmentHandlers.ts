// The assessment operations: create, save one answer as a draft, complete,
// read, list a case's assessments, and (auditors) an assessment's audit trail.
// Each handler validates with the contract, asks the access policy, checks
// answers against the exact methodology version, then calls the repository,
// which writes the audit row in the same transaction. A closed case takes no
// new assessment, answer or completion (409 case-closed); it is still read.
import { LINK_GONE, LINK_USED } from './documentLinkRefusal.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { Clock } from './clock.js';
import type { Request, Response } from 'express';
import { deriveValues } from '../methodology/deriveValues.js';
import { completionProblems, staleAnswerIds, validateAnswer, type Answers } from '../methodology/instrumentEngine.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { migrateAnswers } from '../methodology/migrateAnswers.js';
import { referralOf } from '../methodology/referralDecision.js';
import { AccessFactsMemo } from './accessFactsMemo.js';
import { assessmentAccessOf, type AssessmentAccess } from './assessmentAccess.js';
import {
  assessmentListResponseSchema,
  assessmentResponseSchema,
  auditTrailResponseSchema,
  caseAssessmentsQuerySchema,
  caseNumberSchema,
  createAssessmentRequestSchema,
  discardAssessmentRequestSchema,
  latestCompletedQuerySchema,
  packVersionChoiceRequestSchema,
  saveAnswerRequestSchema,
} from './assessmentContract.js';
import { assessmentDocument, type PlanOfDocument } from './assessmentDocument.js';
import { assessmentDocumentSchema, documentLinkResponseSchema, documentLinkTokenSchema } from './assessmentDocumentContract.js';
import { assessmentEtag, parseIfMatch } from './assessmentEtag.js';
import { assessmentPdf } from './assessmentPdf.js';
import type { AssessmentRecord, AssessmentRepository, StoredAnswer, WriteCondition } from './assessmentRepository.js';
import { AccessDeniedError } from './accessDenial.js';
import { decide } from './accessPolicy.js';
import { callerOf } from './authentication.js';
import type { CaseRepository } from './caseRepository.js';
import { DOCUMENT_LOCALES, type DocumentLocale } from './documentCatalogue.js';
import type { DocumentLinks } from './documentLinks.js';
import { DOCUMENT_LINK_PAGE_HEADERS, documentLinkPage } from './documentLinkPage.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { Caller } from './principal.js';
import { decodeCaseListCursor, encodeCaseListCursor } from './caseListCursor.js';
import { itemIdSchema } from './idSchemas.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, idempotencyKeySchema, idempotentRequestHash } from './idempotencyKey.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError } from './problem.js';
import { repositoryCall } from './repositoryProblems.js';
import { auditContextOf } from './requestAudit.js';
import { authoriseInCase, NO_SUCH_ASSESSMENT, parseRequestPart, requireJson, requireNewCaseNumber } from './routeGuards.js';

/** The client named on the audit rows of a document opened by its link. */
export const DOCUMENT_LINK_VIA = 'document-link';

export interface AssessmentHandlersDeps {
  repository: AssessmentRepository;
  methodology: MethodologySource;
  caseNumberPattern: RegExp;
  /** The completion date (Swedish calendar) comes from it. */
  clock: Clock;
  /** Issue 12: what follows a completion once it is committed (announcing a referral it made); never throws. */
  afterCompletion?: (assessmentId: string, viaId: string | null) => Promise<void>;
  /** The protection plan answering an assessment, for its case-file document. */
  cases: Pick<CaseRepository, 'planIdOfAssessment' | 'planAccessFacts' | 'getPlan' | 'personRoles'>;
  /** Links to a document's PDF, valid for minutes, and who an officer is when one is opened. */
  documentLinks: DocumentLinks;
  /** Provisioned, active officers: whom a link opens the document for. */
  provisionedOfficers: OfficerDirectory;
}

type AssessmentOperationId =
  | 'createAssessment'
  | 'saveAnswer'
  | 'completeAssessment'
  | 'discardAssessment'
  | 'choosePackVersion'
  | 'getAssessment'
  | 'getAssessmentAuditTrail'
  | 'listCaseAssessments'
  | 'getAssessmentDocument'
  | 'getLatestCompletedAssessment'
  | 'createDocumentLink'
  | 'showDocumentLink'
  | 'openDocumentLink';

/** What a handler works with: the repository, and the access facts of assessments as the memo knows them. */
interface Deps {
  repository: AssessmentRepository;
  access: AssessmentAccess;
  caseNumberPattern: RegExp;
  methodology: MethodologySource;
  clock: Clock;
  afterCompletion?: (assessmentId: string, viaId: string | null) => Promise<void>;
  cases: AssessmentHandlersDeps['cases'];
  documentLinks: DocumentLinks;
  /** Provisioned, active officers: whom a link opens the document for. */
  provisionedOfficers: OfficerDirectory;
}

/**
 * The If-Match of a change as a repository condition. Without the header the
 * change is unconditional: the bot does not send it yet (it is the only
 * writer of its own drafts and saves one answer at a time).
 */
function writeCondition(req: Request): WriteCondition {
  const ifMatch = parseIfMatch(req.get('if-match'));
  switch (ifMatch.kind) {
    case 'none':
    case 'any':
      return {};
    case 'versions':
      return { expectedVersions: ifMatch.versions };
    default: {
      const never: never = ifMatch;
      throw never;
    }
  }
}

const toAnswers = (stored: StoredAnswer[]): Answers => Object.fromEntries(stored.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));

const sendAssessment = (res: Response, record: AssessmentRecord, status = 200) => {
  res.status(status).set('etag', assessmentEtag(record.version)).json(assessmentResponseSchema.parse(record));
};

async function createAssessment({ repository, access, caseNumberPattern, clock }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const body = parseRequestPart(createAssessmentRequestSchema, req.body, 'body');
  const { instrument } = access.instrumentOf({ pack: body.pack, instrumentId: body.instrumentId });
  // The access policy decides by level, so the level must be the instrument's own, not the client's word.
  if (instrument.level !== body.level) {
    throw new ProblemError('validation', `instrument "${instrument.id}" makes ${instrument.level} assessments`, [
      { code: 'level_mismatch', path: ['body', 'level'], message: `expected "${instrument.level}"` },
    ]);
  }
  const rawKey = req.get(IDEMPOTENCY_KEY_HEADER);
  const idempotencyKey = rawKey === undefined ? undefined : parseRequestPart(idempotencyKeySchema, rawKey, 'header');
  const known = await repository.caseRegion(body.caseNumber);
  if (!known) requireNewCaseNumber(caseNumberPattern, body.caseNumber);
  const region = known ?? caller.officer.region;
  // An officer of another region is answered as for a case that is not there, as on every route of
  // that case number (and as POST /cases answers a taken number), so a 403 does not confirm it.
  authoriseInCase(caller, 'assessment.create', { region, level: body.level }, { type: 'case', caseNumber: body.caseNumber });
  const input = { caseNumber: body.caseNumber, region, level: body.level, instrumentId: body.instrumentId, pack: body.pack, officerId: caller.officer.id, mode: body.mode ?? 'step', startedAt: clock.now(), reassessmentOf: body.reassessmentOf } as const;
  const audit = auditContextOf(req, res);
  let record: AssessmentRecord;
  if (idempotencyKey === undefined) {
    record = await repositoryCall(() => repository.create(input, audit));
  } else {
    const outcome = await repositoryCall(() => repository.createIdempotent(input, audit, { key: idempotencyKey, requestHash: idempotentRequestHash('assessment.create', body) }));
    record = outcome.record;
    if (outcome.replayed) res.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  }
  res.location(`${req.baseUrl}/assessments/${record.id}`);
  sendAssessment(res, record, 201);
}

// The hottest route: an officer saves answer after answer. The decision is
// made on remembered access facts when there are any, and the write itself
// re-checks them (decidedOn), so the usual save is one statement.
async function saveAnswer({ repository, access, clock }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const id = access.idOf(req);
  const saved = await access.onAccessFacts(id, (facts) => {
    const itemId = parseRequestPart(itemIdSchema, req.params.itemId, 'path');
    const body = parseRequestPart(saveAnswerRequestSchema, req.body, 'body');
    const answer = { itemId, value: body.value, rationale: body.rationale?.trim() || null, mode: body.mode, answersInMessage: body.answersInMessage };
    authoriseInCase(caller, 'assessment.answer', { region: facts.region, level: facts.level, ownerId: facts.officerId }, { type: 'assessment', id }, NO_SUCH_ASSESSMENT);
    const { instrument, pack } = access.instrumentOf(facts);
    // Applicability depends on the other answers and is checked at completion, where all are known.
    const problems = validateAnswer(pack.pack, instrument, itemId, { value: answer.value, rationale: answer.rationale }, {}).filter((p) => p.code !== 'item_not_applicable');
    if (problems.length) throw new ProblemError('invalid-answer', `answer to ${itemId} does not fit the item`, problems);
    const audit = auditContextOf(req, res);
    const at = clock.now();
    return repositoryCall(() => repository.saveAnswer(id, answer, audit, { ...writeCondition(req), decidedOn: facts }, at));
  });
  res.status(204).set('etag', assessmentEtag(saved.version)).end();
}

async function completeAssessment({ repository, access, clock, afterCompletion }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const ownership = await access.owned(req.params.id);
  authoriseInCase(caller, 'assessment.complete', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId }, { type: 'assessment', id: ownership.id }, NO_SUCH_ASSESSMENT);
  const { instrument, pack } = access.instrumentOf(ownership);
  const finalise = (stored: StoredAnswer[]) => {
    const answers = toAnswers(stored);
    // Unanswered required items, and reasons a later answer made necessary (a consistency flag).
    const problems = completionProblems(pack.pack, instrument, answers);
    if (problems.length) {
      const issues = problems.map((p) => ({ code: p.code === 'empty' ? 'required' : p.code, path: p.path, message: p.message }));
      throw new ProblemError('incomplete-assessment', `${problems.length} problem(s) stand in the way of completion`, issues);
    }
    // Answers to items an earlier answer switched off are not part of the result; what the
    // method derives from the rest is snapshotted under this exact pack version.
    const discard = staleAnswerIds(instrument, answers);
    const kept = Object.fromEntries(Object.entries(answers).filter(([itemId]) => !discard.includes(itemId)));
    return { discard, derived: deriveValues(pack.pack, instrument, answers, calendarDate(clock.now())), referral: referralOf(instrument, kept) };
  };
  const at = clock.now();
  const completed = await repositoryCall(() => repository.complete(ownership.id, auditContextOf(req, res), finalise, writeCondition(req), at));
  await afterCompletion?.(completed.id, caller.viaId);
  sendAssessment(res, completed);
}

// A draft started by mistake (the wrong case, twice) is given up with a reason, by its own officer only.
async function discardAssessment({ repository, access }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const ownership = await access.owned(req.params.id);
  const { reason } = parseRequestPart(discardAssessmentRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'assessment.discard', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId }, { type: 'assessment', id: ownership.id }, NO_SUCH_ASSESSMENT);
  sendAssessment(res, await repositoryCall(() => repository.discard(ownership.id, reason, auditContextOf(req, res), writeCondition(req))));
}

// A draft begun on an older method version: its officer moves it to the active version, keeping the
// answers the diff proves unchanged (methodology/migrateAnswers.ts), or stays; either way it is recorded.
async function choosePackVersion({ repository, access, methodology }: Deps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const ownership = await access.owned(req.params.id);
  const { version, move } = parseRequestPart(packVersionChoiceRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'assessment.version_choice', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId }, { type: 'assessment', id: ownership.id }, NO_SUCH_ASSESSMENT);
  const from = methodology.get(ownership.pack.id, ownership.pack.version);
  const offered = methodology.active(ownership.pack.id);
  if (!from || version !== offered.pack.version || version === ownership.pack.version || !offered.pack.instruments.some((i) => i.id === ownership.instrumentId)) {
    throw new ProblemError('pack-mismatch', `only the active version ${offered.pack.version}, newer than the draft's ${ownership.pack.version} and holding its instrument, can be chosen`);
  }
  const migrate = (stored: StoredAnswer[]) => {
    const answers: Answers = Object.fromEntries(stored.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    return { drop: migrateAnswers(from.pack, offered.pack, ownership.instrumentId, answers).notCarried.map((n) => n.itemId) };
  };
  const choice = move ? { offered: version, move: true as const, packHash: offered.hash, migrate } : { offered: version, move: false as const };
  sendAssessment(res, await repositoryCall(() => repository.chooseVersion(ownership.id, choice, auditContextOf(req, res), writeCondition(req))));
}

/** Reads an assessment under the read decision; `action` names the audit row (a read, or a document made from it). */
async function readAssessment(deps: Deps, req: Request, res: Response, action: 'assessment.read' | 'assessment.document'): Promise<AssessmentRecord> {
  return readAssessmentById(deps, deps.access.idOf(req), req, res, action);
}

async function readAssessmentById({ repository, access }: Deps, id: string, req: Request, res: Response, action: 'assessment.read' | 'assessment.document'): Promise<AssessmentRecord> {
  const caller = callerOf(res);
  return access.onAccessFacts(id, async (facts) => {
    authoriseInCase(caller, 'assessment.read', { region: facts.region, level: facts.level, ownerId: facts.officerId }, { type: 'assessment', id }, NO_SUCH_ASSESSMENT);
    const found = await repositoryCall(() => repository.get(id, auditContextOf(req, res), facts, action));
    if (!found) throw new ProblemError('not-found', NO_SUCH_ASSESSMENT);
    return found;
  });
}

async function getAssessment(deps: Deps, req: Request, res: Response): Promise<void> {
  sendAssessment(res, await readAssessment(deps, req, res, 'assessment.read'));
}

/**
 * The case's latest completed assessment with an instrument (issue 12, item 5: what an omprövning
 * re-examines). Finding it is a look into the case's assessments, decided as the list is (another
 * region is answered as a missing case); reading it is a read of that assessment, decided and audited
 * as every read. A case without one is a plain 404.
 */
async function getLatestCompletedAssessment(deps: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const caseNumber = parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path');
  const { instrumentId } = parseRequestPart(latestCompletedQuerySchema, req.query, 'query');
  const region = await deps.repository.caseRegion(caseNumber);
  if (!region) throw new ProblemError('not-found', 'no case with that number');
  authoriseInCase(caller, 'case.assessments.list', { region }, { type: 'case', caseNumber });
  const id = await deps.repository.latestCompletedId(caseNumber, instrumentId);
  if (!id) throw new ProblemError('not-found', 'the case has no completed assessment with that instrument');
  sendAssessment(res, await readAssessmentById(deps, id, req, res, 'assessment.read'));
}

/**
 * The plan answering the assessment, read (and audited as 'plan.read') only when the caller may read
 * it, with the case's persons by role only (no label, so no person read to audit) to number whom it
 * protects; a plan the caller may not read is left out of the document unmentioned, as GET /plans/{id}
 * hides a plan protecting a protected person.
 */
async function readablePlanOf({ cases }: Deps, req: Request, res: Response, assessmentId: string): Promise<PlanOfDocument | undefined> {
  const planId = await cases.planIdOfAssessment(assessmentId);
  const facts = planId === undefined ? undefined : await cases.planAccessFacts(planId);
  if (!facts) return undefined;
  const caller = callerOf(res);
  const standing = {
    region: facts.region,
    caseMember: facts.assignedOfficerIds.includes(caller.officer.id),
    protectedClearance: facts.clearedOfficerIds.includes(caller.officer.id),
    protectedIdentity: facts.protectedIdentity,
  };
  if (!decide(caller.officer, 'plan.read', standing).allowed) return undefined;
  const plan = await repositoryCall(() => cases.getPlan(facts.planId, auditContextOf(req, res)));
  // Numbered among the persons the caller may see, as chat numbers them for the same officer.
  const includeProtected = decide(caller.officer, 'person.read', { ...standing, protectedIdentity: true }).allowed;
  return { plan, persons: await cases.personRoles(facts.caseId, includeProtected) };
}

/** The officer's language as the request asks for it (the bot sends the one the officer chose); Swedish by default. */
const languageOf = (req: Request): DocumentLocale => (req.acceptsLanguages(...DOCUMENT_LOCALES) || 'sv') as DocumentLocale;

/** Produces the document of the assessment named by req.params.id for the caller: read decision, one audit row, no-store. */
async function sendDocument(deps: Deps, req: Request, res: Response, locale: DocumentLocale, format: 'negotiated' | 'pdf'): Promise<void> {
  const record = await readAssessment(deps, req, res, 'assessment.document');
  const plan = await readablePlanOf(deps, req, res, record.id);
  const document = assessmentDocumentSchema.parse(assessmentDocument(record, deps.access.instrumentOf(record).pack, plan, locale));
  // A case-file document holds personal data: no cache may keep it.
  res.set('cache-control', 'no-store').set('content-language', document.language).vary('accept').vary('accept-language');
  if (format === 'pdf' || req.accepts(['application/json', 'application/pdf']) === 'application/pdf') {
    res.type('application/pdf').set('content-disposition', `inline; filename="bedomning-${document.caseNumber}.pdf"`).send(await assessmentPdf(document));
  } else {
    res.json(document);
  }
}

async function getAssessmentDocument(deps: Deps, req: Request, res: Response): Promise<void> {
  await sendDocument(deps, req, res, languageOf(req), 'negotiated');
}

/** Issues a link to the PDF for the caller, under the same read decision as the document. */
async function createDocumentLink({ access, documentLinks, clock }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const id = access.idOf(req);
  await access.onAccessFacts(id, async (facts) => {
    authoriseInCase(caller, 'assessment.read', { region: facts.region, level: facts.level, ownerId: facts.officerId }, { type: 'assessment', id }, NO_SUCH_ASSESSMENT);
  });
  const { token, expiresAt } = await documentLinks.issue(id, languageOf(req), clock.now(), auditContextOf(req, res));
  res.status(201).json(documentLinkResponseSchema.parse({ path: `${req.baseUrl}/document-links/${token}`, expiresAt: expiresAt.toISOString() }));
}

/**
 * The page a followed link shows (api/documentLinkPage.ts): the link is only looked at, not used, so a
 * preview or scanner fetching it leaves it to the officer. An unknown, expired or used link answers as
 * the download does; only the download is audited, as the page holds nothing of the case.
 */
async function showDocumentLink({ documentLinks, clock }: Deps, req: Request, res: Response): Promise<void> {
  const token = parseRequestPart(documentLinkTokenSchema, req.params.token, 'path');
  const looked = await documentLinks.peek(token, clock.now());
  if (!looked) throw new ProblemError('not-found', LINK_GONE);
  if (looked.state === 'used') throw new ProblemError('not-found', LINK_USED);
  res.set(DOCUMENT_LINK_PAGE_HEADERS).set('content-language', looked.link.language).type('text/html').send(documentLinkPage(looked.link.language, looked.link.expiresAt));
}

/**
 * The PDF a link opens, once (the page's button posts here): for the officer it was issued to, decided again now (a role taken away since
 * closes the link too), audited as that officer's document through the link. A second open is refused and
 * the refusal audited, since it may be someone else holding a forwarded or leaked link.
 */
async function openDocumentLink(deps: Deps, req: Request, res: Response): Promise<void> {
  const token = parseRequestPart(documentLinkTokenSchema, req.params.token, 'path');
  const opening = await deps.documentLinks.open(token, deps.clock.now());
  if (!opening) throw new ProblemError('not-found', LINK_GONE);
  const { link } = opening;
  const officer = await deps.provisionedOfficers.find(link.officerId);
  if (!officer) throw new ProblemError('not-found', LINK_GONE);
  const caller = { officer, viaId: DOCUMENT_LINK_VIA } satisfies Caller;
  if (opening.outcome === 'used') {
    throw new AccessDeniedError({ action: 'assessment.read', code: 'link_used', target: { type: 'assessment', id: link.assessmentId }, answeredAs: 'not-found' }, caller, LINK_USED);
  }
  res.locals.caller = caller;
  req.params.id = link.assessmentId;
  try {
    await sendDocument(deps, req, res, link.language, 'pdf');
  } catch (err) {
    // A link whose officer may no longer read the assessment opens nothing, like an expired one (whether
    // the refusal was a 403 or the 404 of another region); the refusal is audited all the same.
    if (err instanceof AccessDeniedError) throw new AccessDeniedError({ ...err.denial, answeredAs: 'not-found' }, err.caller, LINK_GONE);
    throw err;
  }
}

async function getAssessmentAuditTrail({ repository, access }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const ownership = await access.owned(req.params.id);
  authoriseInCase(caller, 'audit.read', { region: ownership.region }, { type: 'assessment', id: ownership.id }, NO_SUCH_ASSESSMENT);
  const rows = await repository.auditTrail('assessment', ownership.id, auditContextOf(req, res));
  res.json(auditTrailResponseSchema.parse({ items: rows }));
}

async function listCaseAssessments({ repository }: Deps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const caseNumber = parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path');
  const region = await repository.caseRegion(caseNumber);
  if (!region) throw new ProblemError('not-found', 'no case with that number');
  authoriseInCase(caller, 'case.assessments.list', { region }, { type: 'case', caseNumber });
  const query = parseRequestPart(caseAssessmentsQuerySchema, req.query, 'query');
  const after = query.cursor === undefined ? undefined : decodeCaseListCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw new ProblemError('validation', 'invalid query', [{ code: 'invalid_cursor', path: ['query', 'cursor'], message: 'not a cursor from this list' }]);
  }
  // An intake officer sees the case's existence and their own assessments, not Bops' work.
  const seesAll = caller.officer.roles.some((r) => r === 'bops_officer' || r === 'specialist');
  const page = await repository.listByCasePage(caseNumber, auditContextOf(req, res), {
    limit: query.limit,
    ...(after ? { after } : {}),
    ...(seesAll ? {} : { onlyOfficerId: caller.officer.id }),
  });
  res.json(assessmentListResponseSchema.parse({ items: page.items, nextCursor: page.next ? encodeCaseListCursor(page.next) : null }));
}

export function assessmentHandlers({ repository, methodology, caseNumberPattern, clock, cases, documentLinks, provisionedOfficers, afterCompletion }: AssessmentHandlersDeps): OperationHandlers<AssessmentOperationId> {
  const deps: Deps = { repository, access: assessmentAccessOf(repository, methodology, new AccessFactsMemo()), caseNumberPattern, methodology, clock, cases, documentLinks, provisionedOfficers, ...(afterCompletion ? { afterCompletion } : {}) };
  return {
    createAssessment: (req, res) => createAssessment(deps, req, res),
    saveAnswer: (req, res) => saveAnswer(deps, req, res),
    completeAssessment: (req, res) => completeAssessment(deps, req, res),
    discardAssessment: (req, res) => discardAssessment(deps, req, res),
    choosePackVersion: (req, res) => choosePackVersion(deps, req, res),
    getAssessment: (req, res) => getAssessment(deps, req, res),
    getAssessmentAuditTrail: (req, res) => getAssessmentAuditTrail(deps, req, res),
    listCaseAssessments: (req, res) => listCaseAssessments(deps, req, res),
    getAssessmentDocument: (req, res) => getAssessmentDocument(deps, req, res),
    getLatestCompletedAssessment: (req, res) => getLatestCompletedAssessment(deps, req, res),
    createDocumentLink: (req, res) => createDocumentLink(deps, req, res),
    showDocumentLink: (req, res) => showDocumentLink(deps, req, res),
    openDocumentLink: (req, res) => openDocumentLink(deps, req, res),
  };
}
