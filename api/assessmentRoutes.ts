// The assessment endpoints: create, save one answer as a draft, complete, read,
// list a case's assessments, and (auditors) an assessment's audit trail. Each
// route validates with the contract, asks the access policy, checks answers
// against the exact methodology version, then calls the repository, which
// writes the audit row in the same transaction. A closed case takes no new
// assessment, answer or completion (409 case-closed); it is still read.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { deriveValues } from '../methodology/deriveValues.js';
import { completionProblems, staleAnswerIds, validateAnswer, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument, MethodologyError, type MethodologySource } from '../methodology/methodologySource.js';
import type { Instrument } from '../methodology/packSchema.js';
import { AccessFactsMemo } from './accessFactsMemo.js';
import {
  assessmentListResponseSchema,
  assessmentResponseSchema,
  auditTrailResponseSchema,
  caseAssessmentsQuerySchema,
  caseNumberSchema,
  createAssessmentRequestSchema,
  PURPOSE_HEADER,
  saveAnswerRequestSchema,
} from './assessmentContract.js';
import { assessmentEtag, parseIfMatch } from './assessmentEtag.js';
import {
  RepositoryError,
  type AccessFacts,
  type AssessmentOwnership,
  type AssessmentRecord,
  type AssessmentRepository,
  type StoredAnswer,
  type WriteCondition,
} from './assessmentRepository.js';
import type { AuditContext } from './auditLog.js';
import { callerOf } from './authentication.js';
import { decodeCaseListCursor, encodeCaseListCursor } from './caseListCursor.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, idempotencyKeySchema, idempotentRequestHash } from './idempotencyKey.js';
import type { Caller } from './principal.js';
import { ProblemError, type ProblemType } from './problem.js';
import { authorise, parseRequestPart, purposeSchema, requireJson } from './routeGuards.js';

export interface AssessmentRoutesDeps {
  repository: AssessmentRepository;
  methodology: MethodologySource;
}

/**
 * Refusals that may come from remembered access facts gone stale (the owner,
 * region, level or pack changed, or the write found them changed): decided
 * again on facts read now before the refusal is final.
 */
const REDECIDE_ON_FRESH_FACTS: ReadonlySet<ProblemType> = new Set<ProblemType>(['forbidden', 'invalid-answer', 'pack-mismatch', 'concurrent-change', 'not-found']);

const uuidSchema = z.uuid();
const itemIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/);

function auditContext(req: Request, caller: Caller, fallbackPurpose: string): AuditContext {
  const raw = req.get(PURPOSE_HEADER);
  const purpose = raw === undefined ? fallbackPurpose : parseRequestPart(purposeSchema, raw, 'header');
  return { actorId: caller.officer.id, viaId: caller.viaId, purpose };
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

export function assessmentRoutes({ repository, methodology }: AssessmentRoutesDeps): Router {
  const router = Router();
  const accessFacts = new AccessFactsMemo();

  const instrumentOf = (ownership: Pick<AssessmentOwnership, 'pack' | 'instrumentId'>): { instrument: Instrument; pack: ReturnType<MethodologySource['active']> } => {
    const pack = methodology.get(ownership.pack.id, ownership.pack.version);
    if (!pack || pack.hash !== ownership.pack.hash) throw new ProblemError('pack-mismatch', `pack ${ownership.pack.id}@${ownership.pack.version} is not available with the recorded hash`);
    try {
      return { instrument: findInstrument(pack, ownership.instrumentId), pack };
    } catch (err) {
      if (err instanceof MethodologyError) throw new ProblemError('pack-mismatch', err.message);
      throw err;
    }
  };

  const owned = async (id: string): Promise<AssessmentOwnership> => {
    const ownership = await repository.ownership(parseRequestPart(uuidSchema, id, 'path'));
    if (!ownership) throw new ProblemError('not-found', 'no assessment with that id');
    return ownership;
  };

  /** The assessment id of the path, in the form the database prints (the memo's key). */
  const assessmentIdOf = (req: Request) => parseRequestPart(uuidSchema, req.params.id, 'path').toLowerCase();

  /**
   * Runs `act` on the access facts of an assessment: remembered ones when
   * there are any — the repository call in `act` must re-check them — else,
   * or when remembered ones led to a refusal or a miss, on facts read now
   * (which are remembered for the next request).
   */
  const onAccessFacts = async <T>(id: string, act: (facts: AccessFacts) => Promise<T>): Promise<T> => {
    const remembered = accessFacts.get(id);
    if (remembered !== undefined) {
      try {
        return await act(remembered);
      } catch (err) {
        if (!(err instanceof ProblemError && REDECIDE_ON_FRESH_FACTS.has(err.type))) throw err;
        accessFacts.forget(id);
      }
    }
    const fresh = await owned(id);
    accessFacts.remember(id, fresh);
    return act(fresh);
  };

  const repositoryCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof RepositoryError) {
        switch (err.reason) {
          case 'not_found':
            throw new ProblemError('not-found', err.message);
          case 'not_draft':
            throw new ProblemError('not-draft', err.message);
          case 'version_mismatch':
            throw new ProblemError('precondition-failed', err.message);
          case 'idempotency_key_reused':
            throw new ProblemError('idempotency-key-reused', err.message);
          case 'access_facts_changed':
            throw new ProblemError('concurrent-change', err.message);
          case 'case_closed':
            // Final even on remembered access facts: the status was read in the database, not remembered.
            throw new ProblemError('case-closed', err.message);
          default: {
            const never: never = err.reason;
            throw never;
          }
        }
      }
      throw err;
    }
  };

  router.post('/assessments', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const body = parseRequestPart(createAssessmentRequestSchema, req.body, 'body');
    const { instrument } = instrumentOf({ pack: body.pack, instrumentId: body.instrumentId });
    // The access policy decides by level, so the level must be the instrument's own, not the client's word.
    if (instrument.level !== body.level) {
      throw new ProblemError('validation', `instrument "${instrument.id}" makes ${instrument.level} assessments`, [
        { code: 'level_mismatch', path: ['body', 'level'], message: `expected "${instrument.level}"` },
      ]);
    }
    const rawKey = req.get(IDEMPOTENCY_KEY_HEADER);
    const idempotencyKey = rawKey === undefined ? undefined : parseRequestPart(idempotencyKeySchema, rawKey, 'header');
    const region = (await repository.caseRegion(body.caseNumber)) ?? caller.officer.region;
    authorise(caller, 'assessment.create', { region, level: body.level }, { type: 'case', caseNumber: body.caseNumber });
    const input = { caseNumber: body.caseNumber, region, level: body.level, instrumentId: body.instrumentId, pack: body.pack, officerId: caller.officer.id };
    const audit = auditContext(req, caller, 'assessment');
    let record: AssessmentRecord;
    if (idempotencyKey === undefined) {
      record = await repositoryCall(() => repository.create(input, audit));
    } else {
      const outcome = await repositoryCall(() =>
        repository.createIdempotent(input, audit, { key: idempotencyKey, requestHash: idempotentRequestHash('assessment.create', body) }),
      );
      record = outcome.record;
      if (outcome.replayed) res.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
    }
    res
      .status(201)
      .location(`${req.baseUrl}/assessments/${record.id}`)
      .set('etag', assessmentEtag(record.version))
      .json(assessmentResponseSchema.parse(record));
  });

  // The hottest route: an officer saves answer after answer. The decision is
  // made on remembered access facts when there are any, and the write itself
  // re-checks them (decidedOn), so the usual save is one statement.
  router.put('/assessments/:id/answers/:itemId', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const id = assessmentIdOf(req);
    const saved = await onAccessFacts(id, (facts) => {
      const itemId = parseRequestPart(itemIdSchema, req.params.itemId, 'path');
      const body = parseRequestPart(saveAnswerRequestSchema, req.body, 'body');
      const answer = { itemId, value: body.value, rationale: body.rationale?.trim() || null };
      authorise(caller, 'assessment.answer', { region: facts.region, level: facts.level, ownerId: facts.officerId }, { type: 'assessment', id });
      const { instrument, pack } = instrumentOf(facts);
      // Applicability depends on the other answers and is checked at completion, where all are known.
      const problems = validateAnswer(pack.pack, instrument, itemId, { value: answer.value, rationale: answer.rationale }, {}).filter((p) => p.code !== 'item_not_applicable');
      if (problems.length) throw new ProblemError('invalid-answer', `answer to ${itemId} does not fit the item`, problems);
      const audit = auditContext(req, caller, 'assessment');
      return repositoryCall(() => repository.saveAnswer(id, answer, audit, { ...writeCondition(req), decidedOn: facts }));
    });
    res.status(204).set('etag', assessmentEtag(saved.version)).end();
  });

  router.post('/assessments/:id/complete', async (req, res) => {
    const caller = callerOf(res);
    const ownership = await owned(req.params.id);
    authorise(caller, 'assessment.complete', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId }, { type: 'assessment', id: ownership.id });
    const { instrument, pack } = instrumentOf(ownership);
    const record = await repositoryCall(() =>
      repository.complete(ownership.id, auditContext(req, caller, 'assessment'), (stored) => {
        const answers = toAnswers(stored);
        // Unanswered required items, and reasons a later answer made necessary (a consistency flag).
        const problems = completionProblems(pack.pack, instrument, answers);
        if (problems.length) {
          throw new ProblemError(
            'incomplete-assessment',
            `${problems.length} problem(s) stand in the way of completion`,
            problems.map((p) => ({ code: p.code === 'empty' ? 'required' : p.code, path: p.path, message: p.message })),
          );
        }
        // Answers to items an earlier answer switched off are not part of the result; what the
        // method derives from the rest is snapshotted under this exact pack version.
        const derived = deriveValues(pack.pack, instrument, answers, new Date().toISOString().slice(0, 10));
        return { discard: staleAnswerIds(instrument, answers), derived };
      }, writeCondition(req)),
    );
    res.set('etag', assessmentEtag(record.version)).json(assessmentResponseSchema.parse(record));
  });

  router.get('/assessments/:id', async (req, res) => {
    const caller = callerOf(res);
    const id = assessmentIdOf(req);
    const record = await onAccessFacts(id, async (facts) => {
      authorise(caller, 'assessment.read', { region: facts.region, level: facts.level, ownerId: facts.officerId }, { type: 'assessment', id });
      const found = await repositoryCall(() => repository.get(id, auditContext(req, caller, 'assessment'), facts));
      if (!found) throw new ProblemError('not-found', 'no assessment with that id');
      return found;
    });
    res.set('etag', assessmentEtag(record.version)).json(assessmentResponseSchema.parse(record));
  });

  router.get('/assessments/:id/audit', async (req, res) => {
    const caller = callerOf(res);
    const ownership = await owned(req.params.id);
    authorise(caller, 'audit.read', { region: ownership.region }, { type: 'assessment', id: ownership.id });
    const rows = await repository.auditTrail('assessment', ownership.id);
    res.json(auditTrailResponseSchema.parse({ items: rows }));
  });

  router.get('/cases/:caseNumber/assessments', async (req, res) => {
    const caller = callerOf(res);
    const caseNumber = parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path');
    const region = await repository.caseRegion(caseNumber);
    if (!region) throw new ProblemError('not-found', 'no case with that number');
    authorise(caller, 'case.assessments.list', { region }, { type: 'case', caseNumber });
    const query = parseRequestPart(caseAssessmentsQuerySchema, req.query, 'query');
    const after = query.cursor === undefined ? undefined : decodeCaseListCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new ProblemError('validation', 'invalid query', [{ code: 'invalid_cursor', path: ['query', 'cursor'], message: 'not a cursor from this list' }]);
    }
    // An intake officer sees the case's existence and their own assessments, not Bops' work.
    const seesAll = caller.officer.roles.some((r) => r === 'bops_officer' || r === 'specialist');
    const page = await repository.listByCasePage(caseNumber, auditContext(req, caller, 'assessment'), {
      limit: query.limit,
      ...(after ? { after } : {}),
      ...(seesAll ? {} : { onlyOfficerId: caller.officer.id }),
    });
    res.json(assessmentListResponseSchema.parse({ items: page.items, nextCursor: page.next ? encodeCaseListCursor(page.next) : null }));
  });

  return router;
}
