// The whole API under /api/v1 as one Express router, mounted from the
// operation table (api/apiOperations.ts): body limits, one route per
// operation (naming the operation, bearer authentication unless it is public,
// its handler), the audit row of every refused request, and problem JSON for
// everything that goes wrong, including unknown paths, so no client mistake
// ever produces a 500.
import type { Clock } from './clock.js';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { auditAccessDenials } from './accessDenialAudit.js';
import { API_OPERATIONS, type OperationId } from './apiOperations.js';
import { assessmentHandlers } from './assessmentHandlers.js';
import type { AssessmentRepository } from './assessmentRepository.js';
import { authenticate } from './authentication.js';
import { caseHandlers } from './caseHandlers.js';
import type { CaseRepository } from './caseRepository.js';
import { methodologyHandlers } from './methodologyHandlers.js';
import { nameOperation } from './matchedOperation.js';
import type { OfficerDirectory } from './officerDirectory.js';
import { openApiJson } from './openApiDocument.js';
import type { OperationHandlers } from './operationHandler.js';
import { problemHandler, ProblemError } from './problem.js';
import { documentLinkRefusalPages } from './documentLinkRefusal.js';
import type { DocumentLinks } from './documentLinks.js';
import type { TokenVerifier } from './tokenVerifier.js';
import { workListHandlers, type WorkListDeps } from './workListHandlers.js';
import { conversationReferenceHandlers } from './conversationReferenceHandlers.js';
import type { ConversationReferenceRepository } from './conversationReferenceRepository.js';
import { referralHandlers, type ReferralHandlerDeps } from './referralHandlers.js';
import { rriHandlers } from './rriHandlers.js';
import { figuresHandlers, type FigureSource } from './figuresHandlers.js';
import type { RriLog } from './rriLog.js';
import { shareHandlers } from './shareHandlers.js';
import { reviewHandlers } from './reviewHandlers.js';
import type { SqlReviews } from './sqlReviews.js';
import type { ReviewerRules } from './reviewerRule.js';
import type { SqlShares } from './sqlShares.js';
import type { NoticeSender } from './noticeSender.js';

export interface ApiDeps {
  repository: AssessmentRepository;
  /** The case domain; also where refused requests are recorded (CaseRepository extends AccessDenialLog). */
  cases: CaseRepository;
  /** Links to a case-file PDF, valid for minutes (issue 19, item 5). */
  documentLinks: DocumentLinks;
  methodology: MethodologySource;
  verifier: TokenVerifier;
  /** Who a request may act for: provisioned officers, and in dev mode the fictitious dev officer. */
  officers: OfficerDirectory;
  /** Provisioned, active officers only: who a case can be assigned to. */
  provisionedOfficers: OfficerDirectory;
  /** What a new case number must look like (CASE_NUMBER_PATTERN). */
  caseNumberPattern: RegExp;
  log: Logger;
  /** Where the officer's work list comes from (issue 12): its sources, its audit, its day. */
  workList: WorkListDeps;
  clock: Clock;
  /** Issue 12: where the bot's conversation references are kept. */
  conversationReferences: ConversationReferenceRepository;
  /** Issue 12: referrals to Bops, and who is told of them. */
  referrals: ReferralHandlerDeps;
  /** The RRI log of cases (issue 16). */
  rri: RriLog;
  /** The figures' counts (issue 16). */
  figures: FigureSource;
  /** FIGURES_MIN_CELL_SIZE and FIGURES_TARGET_DAYS. */
  figureSettings: { minCellSize: number; targetDays: number };
  /** Shares of cases with investigations (issue 15). */
  shares: SqlShares;
  /** Reviews of completed assessments, who may make them per region, and the figures' smallest cell (issue 15). */
  reviews: SqlReviews;
  reviewers: ReviewerRules;
  reviewStatisticsMinCell: number;
  /** Sends the notices a write recorded (a break-glass, a share, a review, an escalation taken or completed) after its commit. */
  notices?: Pick<NoticeSender, 'sendWithin'>;
}

/** Answers are at most a few kB; anything much larger is a mistake or an attack. */
export const API_BODY_LIMIT = '64kb';

export function apiRouter(deps: ApiDeps): Router {
  const handlers: OperationHandlers<OperationId> = {
    ...assessmentHandlers({
      ...deps,
      // Told of a completion: an initial assessment's referral, or the escalations an in-depth one concluded.
      afterCompletion: async (assessmentId, viaId) => {
        await Promise.all([deps.referrals.notifier.announceWithin(assessmentId, viaId), deps.notices?.sendWithin({ kind: 'escalation_completed', subjectId: assessmentId })]);
      },
    }),
    ...caseHandlers(deps),
    ...methodologyHandlers(deps),
    ...workListHandlers(deps.workList),
    ...conversationReferenceHandlers(deps.conversationReferences),
    ...referralHandlers(deps.referrals),
    ...rriHandlers({ cases: deps.cases, rri: deps.rri, provisionedOfficers: deps.provisionedOfficers, clock: deps.clock }),
    ...figuresHandlers({ figures: deps.figures, settings: deps.figureSettings, clock: deps.clock }),
    ...shareHandlers(deps),
    ...reviewHandlers(deps),
    // The contract is public: it holds no data, and clients read it before they hold a token.
    getOpenApiDocument: (_req, res) => {
      res.type('application/json').send(openApiJson());
    },
  };
  const router = Router();
  // Answers hold personal data: no proxy or browser keeps them, and none is read as anything but its declared type.
  router.use((_req, res, next) => {
    res.set({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    next();
  });
  router.use(express.json({ limit: API_BODY_LIMIT, type: ['application/json', 'application/*+json'], strict: true }));
  const authenticated = authenticate(deps.verifier, deps.officers);
  // Each operation's route names it before anything may refuse the request, authentication included:
  // the refusal is then audited under the operation's purpose.
  for (const op of API_OPERATIONS) {
    router[op.method](op.path, nameOperation(op), ...(op.public ? [] : [authenticated]), handlers[op.operationId as OperationId]);
  }
  // A path no operation has: 401 without a token, as on every operation but the public ones; else 404.
  router.use(authenticated);
  router.use((req) => {
    throw new ProblemError('not-found', `no route ${req.method} ${req.baseUrl}${req.path}`);
  });
  router.use(auditAccessDenials(deps.cases, deps.log));
  router.use(documentLinkRefusalPages());
  router.use(problemHandler(deps.log));
  return router;
}
