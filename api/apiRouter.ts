// The whole API under /api/v1 as one Express router: body limits, bearer
// authentication, the routes, the audit row of every refused request, and
// problem JSON for everything that goes wrong, including unknown paths, so no
// client mistake ever produces a 500.
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { auditAccessDenials } from './accessDenialAudit.js';
import type { AssessmentRepository } from './assessmentRepository.js';
import { assessmentRoutes } from './assessmentRoutes.js';
import { authenticate } from './authentication.js';
import type { CaseRepository } from './caseRepository.js';
import { caseRoutes } from './caseRoutes.js';
import { methodologyRoutes } from './methodologyRoutes.js';
import { openApiJson, OPENAPI_PATH } from './openApiDocument.js';
import type { OfficerDirectory } from './officerDirectory.js';
import { problemHandler, ProblemError } from './problem.js';
import type { TokenVerifier } from './tokenVerifier.js';

export interface ApiDeps {
  repository: AssessmentRepository;
  /** The case domain; also where refused requests are recorded (CaseRepository extends AccessDenialLog). */
  cases: CaseRepository;
  methodology: MethodologySource;
  verifier: TokenVerifier;
  officers: OfficerDirectory;
  log: Logger;
}

/** Answers are at most a few kB; anything much larger is a mistake or an attack. */
export const API_BODY_LIMIT = '64kb';

export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  router.use(express.json({ limit: API_BODY_LIMIT, type: ['application/json', 'application/*+json'], strict: true }));
  // The contract is public: it holds no data, and clients read it before they hold a token.
  router.get(OPENAPI_PATH, (_req, res) => {
    res.type('application/json').send(openApiJson());
  });
  router.use(authenticate(deps.verifier, deps.officers));
  router.use(assessmentRoutes(deps));
  router.use(caseRoutes(deps));
  router.use(methodologyRoutes(deps));
  router.use((req) => {
    throw new ProblemError('not-found', `no route ${req.method} ${req.baseUrl}${req.path}`);
  });
  router.use(auditAccessDenials(deps.cases, deps.log));
  router.use(problemHandler(deps.log));
  return router;
}
