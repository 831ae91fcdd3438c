// The assessment endpoints: create, save one answer as a draft, complete, read,
// list a case's assessments, and (auditors) an assessment's audit trail. Each
// route validates with the contract, asks the access policy, checks answers
// against the exact methodology version, then calls the repository, which
// writes the audit row in the same transaction.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { missingRequired, staleAnswerIds, validateAnswer, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument, MethodologyError, type MethodologySource } from '../methodology/methodologySource.js';
import type { Instrument } from '../methodology/packSchema.js';
import { decide, type Action, type Resource } from './accessPolicy.js';
import {
  assessmentListResponseSchema,
  assessmentResponseSchema,
  auditTrailResponseSchema,
  caseNumberSchema,
  createAssessmentRequestSchema,
  PURPOSE_HEADER,
  saveAnswerRequestSchema,
} from './assessmentContract.js';
import { RepositoryError, type AssessmentOwnership, type AssessmentRepository, type AuditContext, type StoredAnswer } from './assessmentRepository.js';
import { callerOf } from './authentication.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';

export interface AssessmentRoutesDeps {
  repository: AssessmentRepository;
  methodology: MethodologySource;
}

const uuidSchema = z.uuid();
const itemIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/);
const purposeSchema = z.string().trim().min(1).max(200);

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError(
    'validation',
    `invalid ${where}`,
    result.error.issues.map((i) => ({ code: i.code, path: [where, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message })),
  );
}

function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new ProblemError('unsupported-media-type');
}

function auditContext(req: Request, caller: Caller, fallbackPurpose: string): AuditContext {
  const raw = req.get(PURPOSE_HEADER);
  const purpose = raw === undefined ? fallbackPurpose : parse(purposeSchema, raw, 'header');
  return { actorId: caller.officer.id, viaId: caller.viaId, purpose };
}

function authorise(caller: Caller, action: Action, resource: Resource): void {
  const decision = decide(caller.officer, action, resource);
  if (!decision.allowed) throw new ProblemError('forbidden', decision.reason);
}

const toAnswers = (stored: StoredAnswer[]): Answers => Object.fromEntries(stored.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));

export function assessmentRoutes({ repository, methodology }: AssessmentRoutesDeps): Router {
  const router = Router();

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
    const ownership = await repository.ownership(parse(uuidSchema, id, 'path'));
    if (!ownership) throw new ProblemError('not-found', 'no assessment with that id');
    return ownership;
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
    const body = parse(createAssessmentRequestSchema, req.body, 'body');
    const { instrument } = instrumentOf({ pack: body.pack, instrumentId: body.instrumentId });
    // The access policy decides by level, so the level must be the instrument's own, not the client's word.
    if (instrument.level !== body.level) {
      throw new ProblemError('validation', `instrument "${instrument.id}" makes ${instrument.level} assessments`, [
        { code: 'level_mismatch', path: ['body', 'level'], message: `expected "${instrument.level}"` },
      ]);
    }
    const region = (await repository.caseRegion(body.caseNumber)) ?? caller.officer.region;
    authorise(caller, 'assessment.create', { region, level: body.level });
    const record = await repository.create(
      { caseNumber: body.caseNumber, region, level: body.level, instrumentId: body.instrumentId, pack: body.pack, officerId: caller.officer.id },
      auditContext(req, caller, 'assessment'),
    );
    res.status(201).location(`${req.baseUrl}/assessments/${record.id}`).json(assessmentResponseSchema.parse(record));
  });

  router.put('/assessments/:id/answers/:itemId', async (req, res) => {
    requireJson(req);
    const caller = callerOf(res);
    const ownership = await owned(req.params.id);
    const itemId = parse(itemIdSchema, req.params.itemId, 'path');
    const body = parse(saveAnswerRequestSchema, req.body, 'body');
    authorise(caller, 'assessment.answer', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId });
    const { instrument, pack } = instrumentOf(ownership);
    // Applicability depends on the other answers and is checked at completion, where all are known.
    const problems = validateAnswer(pack.pack, instrument, itemId, { value: body.value, rationale: body.rationale ?? null }, {}).filter((p) => p.code !== 'item_not_applicable');
    if (problems.length) throw new ProblemError('invalid-answer', `answer to ${itemId} does not fit the item`, problems);
    await repositoryCall(() =>
      repository.saveAnswer(ownership.id, { itemId, value: body.value, rationale: body.rationale?.trim() || null }, auditContext(req, caller, 'assessment')),
    );
    res.status(204).end();
  });

  router.post('/assessments/:id/complete', async (req, res) => {
    const caller = callerOf(res);
    const ownership = await owned(req.params.id);
    authorise(caller, 'assessment.complete', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId });
    const { instrument } = instrumentOf(ownership);
    const record = await repositoryCall(() =>
      repository.complete(ownership.id, auditContext(req, caller, 'assessment'), (stored) => {
        const answers = toAnswers(stored);
        const missing = missingRequired(instrument, answers);
        if (missing.length) {
          throw new ProblemError(
            'incomplete-assessment',
            `${missing.length} required item(s) unanswered`,
            missing.map((itemId) => ({ code: 'required', path: ['answers', itemId], message: `item "${itemId}" is required` })),
          );
        }
        // Answers to items an earlier answer switched off are not part of the result.
        return { discard: staleAnswerIds(instrument, answers) };
      }),
    );
    res.json(assessmentResponseSchema.parse(record));
  });

  router.get('/assessments/:id', async (req, res) => {
    const caller = callerOf(res);
    const ownership = await owned(req.params.id);
    authorise(caller, 'assessment.read', { region: ownership.region, level: ownership.level, ownerId: ownership.officerId });
    const record = await repository.get(ownership.id, auditContext(req, caller, 'assessment'));
    if (!record) throw new ProblemError('not-found', 'no assessment with that id');
    res.json(assessmentResponseSchema.parse(record));
  });

  router.get('/assessments/:id/audit', async (req, res) => {
    const caller = callerOf(res);
    const ownership = await owned(req.params.id);
    authorise(caller, 'audit.read', { region: ownership.region });
    const rows = await repository.auditTrail('assessment', ownership.id);
    res.json(auditTrailResponseSchema.parse({ items: rows }));
  });

  router.get('/cases/:caseNumber/assessments', async (req, res) => {
    const caller = callerOf(res);
    const caseNumber = parse(caseNumberSchema, req.params.caseNumber, 'path');
    const region = await repository.caseRegion(caseNumber);
    if (!region) throw new ProblemError('not-found', 'no case with that number');
    authorise(caller, 'case.assessments.list', { region });
    const all = await repository.listByCase(caseNumber, auditContext(req, caller, 'assessment'));
    // An intake officer sees the case's existence and their own assessments, not Bops' work.
    const seesAll = caller.officer.roles.some((r) => r === 'bops_officer' || r === 'specialist');
    const items = seesAll ? all : all.filter((a) => a.officerId === caller.officer.id);
    res.json(assessmentListResponseSchema.parse({ items }));
  });

  return router;
}
