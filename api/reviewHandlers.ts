// The second look (issue 15, items 4–5): a reviewer (api/reviewerRule.ts:
// a second Bops officer of the region, or the region's named supervisors)
// agrees with a completed structured or in-depth assessment, regrades one or
// more of its summary judgements with a reason, or grades them blind — before
// seeing the original, which comes back only in the answer to the blind
// review. The original is never changed; an officer never reviews their own
// assessment; every review is kept beside the others. A blind review that
// grades otherwise is a regrade without a reason until its reviewer, shown the
// original beside their fixed grades, gives one (giveReviewReason); the officer
// who made the assessment is told once the regrade is complete. The figures are
// national aggregates with small cells suppressed.
import type { Request, Response } from 'express';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { JUDGEMENT_KEYS, type JudgementKey } from '../methodology/sharingDeclaration.js';
import { AccessDeniedError } from './accessDenial.js';
import { callerOf } from './authentication.js';
import { uuidSchema } from './idSchemas.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError, type ProblemIssue } from './problem.js';
import { auditContextOf } from './requestAudit.js';
import { createReviewRequestSchema, reviewReasonRequestSchema, reviewListResponseSchema, reviewBasisResponseSchema, reviewResponseSchema, reviewStatisticsResponseSchema } from './reviewContract.js';
import type { ReviewerRules } from './reviewerRule.js';
import { reviewFigures } from './reviewFigures.js';
import { authorise, authoriseInCase, NO_SUCH_ASSESSMENT, parseRequestPart, requireJson } from './routeGuards.js';
import { reasonPending, type ReviewFacts, type ReviewRecord, type SqlReviews } from './sqlReviews.js';
import type { NoticeSender } from './noticeSender.js';

export interface ReviewDeps {
  reviews: SqlReviews;
  methodology: MethodologySource;
  reviewers: ReviewerRules;
  reviewStatisticsMinCell: number;
  /** Sends the notice a review recorded for the officer who made the assessment (api/noticeSender.ts); absent: they see it beside the assessment. */
  notices?: Pick<NoticeSender, 'sendWithin'>;
}

/** The assessment named in the path, if the caller may review it and it can be reviewed. */
async function reviewable({ reviews, reviewers }: ReviewDeps, req: Request, res: Response): Promise<ReviewFacts> {
  const caller = callerOf(res);
  const facts = await reviews.facts(parseRequestPart(uuidSchema, req.params.id, 'path'));
  if (!facts) throw new ProblemError('not-found', NO_SUCH_ASSESSMENT);
  authoriseInCase(caller, 'assessment.review', { region: facts.region, level: facts.level, ownerId: facts.officerId, reviewers: reviewers[facts.region] }, { type: 'assessment', id: facts.id }, NO_SUCH_ASSESSMENT);
  if (facts.status !== 'completed' || facts.level === 'initial' || Object.keys(facts.judgements).length === 0) {
    throw new ProblemError('review-refused', 'only a completed structured or in-depth assessment with summary judgements is reviewed');
  }
  return facts;
}

/** The option codes of each judgement of the assessment's instrument, in its own pack version. */
function judgementOptions(methodology: MethodologySource, facts: ReviewFacts): Map<string, { itemId: string; codes: string[] }> {
  const loaded = methodology.get(facts.pack.id, facts.pack.version);
  const instrument = loaded?.pack.instruments.find((i) => i.id === facts.instrumentId);
  const options = new Map<string, { itemId: string; codes: string[] }>();
  for (const key of JUDGEMENT_KEYS) {
    const itemId = instrument?.judgements?.[key];
    const item = itemId ? instrument!.sections.flatMap((s) => s.items).find((i) => i.id === itemId) : undefined;
    if (!itemId || !item || item.type !== 'choice') continue;
    const set = loaded!.pack.answerSets.find((a) => a.id === item.answerSet);
    options.set(key, { itemId, codes: set?.options.map((o) => o.code) ?? [] });
  }
  return options;
}

async function createReview(deps: ReviewDeps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  // The body is read first, like every write's: a malformed request is refused as such and leaves no audit row.
  const body = parseRequestPart(createReviewRequestSchema, req.body, 'body');
  const facts = await reviewable(deps, req, res);
  const original = facts.judgements;
  const options = judgementOptions(deps.methodology, facts);
  const given: Partial<Record<JudgementKey, string>> = body.verdict === 'agree' ? {} : body.judgements;
  const issues: ProblemIssue[] = [];
  for (const [key, code] of Object.entries(given)) {
    const path = ['body', 'judgements', key];
    if (original[key] === undefined) issues.push({ code: 'unknown_judgement', path, message: 'the assessment has no such judgement' });
    else if (!options.get(key)?.codes.includes(code)) issues.push({ code: 'unknown_code', path, message: `not an option of the judgement (${options.get(key)?.codes.join(', ') ?? 'none'})` });
    else if (body.verdict === 'regrade' && original[key] === code) issues.push({ code: 'not_a_regrade', path, message: 'the same grade as the original: agree instead, or leave it out' });
  }
  if (body.verdict === 'blind') {
    for (const key of Object.keys(original).filter((k) => !(k in given))) issues.push({ code: 'missing_judgement', path: ['body', 'judgements', key], message: 'a blind review grades every judgement' });
  }
  if (issues.length) throw new ProblemError('validation', 'the grades do not fit the assessment', issues);
  if (body.verdict === 'blind' && (await deps.reviews.originalSeenBy(facts.id, caller.officer.id))) {
    throw new ProblemError('review-refused', 'a blind review is graded before the original is seen, and this officer has seen it: review it openly', [
      { code: 'original_seen', path: ['body', 'verdict'], message: 'the original was read by this officer' },
    ]);
  }
  const judgements = { ...original, ...given } as Record<string, string>;
  const agrees = Object.keys(original).every((k) => judgements[k] === original[k]);
  const audit = auditContextOf(req, res);
  const review = await deps.reviews.create(
    { facts, reviewerId: caller.officer.id, blind: body.verdict === 'blind', verdict: agrees ? 'agree' : 'regrade', judgements, reason: body.verdict === 'agree' ? null : (body.reason ?? null) },
    audit,
  );
  // After the commit: the review stands whatever becomes of the card. A regrade is told once it has its reason.
  if (!reasonPending(review)) await deps.notices?.sendWithin({ kind: 'review', subjectId: review.id });
  res.status(201).json(reviewResponseSchema.parse(responseOf(review)));
}

/** A review as the API answers it: with the judgements graded otherwise, and whether its reason is still to come. */
const responseOf = (r: ReviewRecord) => ({ ...r, regraded: JUDGEMENT_KEYS.filter((k) => r.original[k] !== undefined && r.judgements[k] !== r.original[k]), reasonPending: reasonPending(r) });

/** The reason of a blind regrade, from its own reviewer, once; the grades stay as they were given blind. */
async function giveReviewReason(deps: ReviewDeps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const { reason } = parseRequestPart(reviewReasonRequestSchema, req.body, 'body');
  const facts = await reviewable(deps, req, res);
  const review = await deps.reviews.review(facts.id, parseRequestPart(uuidSchema, req.params.reviewId, 'path'));
  if (!review) throw new ProblemError('not-found', 'the assessment has no such review');
  if (review.reviewerId !== caller.officer.id) {
    throw new AccessDeniedError({ action: 'assessment.review', code: 'not_reviewer', target: { type: 'review', id: review.id }, answeredAs: 'forbidden' }, caller, "only the review's own reviewer gives its reason");
  }
  const refused = () => new ProblemError('review-refused', 'only a blind review that graded otherwise, still without its reason, takes one', [{ code: 'reason_not_pending', path: ['path', 'reviewId'], message: 'the review has its reason, or needs none' }]);
  if (!reasonPending(review)) throw refused();
  const audit = auditContextOf(req, res);
  const given = await deps.reviews.giveReason(review, reason, audit);
  if (!given) throw refused();
  await deps.notices?.sendWithin({ kind: 'review', subjectId: given.id });
  res.json(reviewResponseSchema.parse(responseOf(given)));
}

/** The reviews beside an assessment, for whoever may read it — first of all the officer who made it. */
async function listReviews({ reviews }: ReviewDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await reviews.facts(parseRequestPart(uuidSchema, req.params.id, 'path'));
  if (!facts) throw new ProblemError('not-found', NO_SUCH_ASSESSMENT);
  authoriseInCase(caller, 'assessment.read', { region: facts.region, level: facts.level, ownerId: facts.officerId }, { type: 'assessment', id: facts.id }, NO_SUCH_ASSESSMENT);
  const list = await reviews.list(facts.id, auditContextOf(req, res));
  res.json(reviewListResponseSchema.parse({ items: list.map(responseOf) }));
}

async function getReviewBasis(deps: ReviewDeps, req: Request, res: Response): Promise<void> {
  const facts = await reviewable(deps, req, res);
  const options = judgementOptions(deps.methodology, facts);
  const judgementKeys = JUDGEMENT_KEYS.filter((k) => facts.judgements[k] !== undefined);
  const withheld = [...options.values()].map((o) => o.itemId);
  const answers = await deps.reviews.basis(facts.id, withheld, auditContextOf(req, res));
  res.json(reviewBasisResponseSchema.parse({ assessmentId: facts.id, instrumentId: facts.instrumentId, pack: facts.pack, judgementKeys, answers }));
}

async function getReviewStatistics(deps: ReviewDeps, _req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  // Figures for following the method up: the roles that read issue 16's figures (analyst, method owner, auditor).
  authorise(caller, 'figures.read', { region: caller.officer.region });
  const cells = reviewFigures(await deps.reviews.forFigures(), deps.reviewStatisticsMinCell);
  res.json(reviewStatisticsResponseSchema.parse({ suppressedBelow: deps.reviewStatisticsMinCell, cells }));
}

export function reviewHandlers(deps: ReviewDeps): OperationHandlers<'createReview' | 'giveReviewReason' | 'listReviews' | 'getReviewBasis' | 'getReviewStatistics'> {
  return {
    createReview: (req, res) => createReview(deps, req, res),
    giveReviewReason: (req, res) => giveReviewReason(deps, req, res),
    listReviews: (req, res) => listReviews(deps, req, res),
    getReviewBasis: (req, res) => getReviewBasis(deps, req, res),
    getReviewStatistics: (req, res) => getReviewStatistics(deps, req, res),
  };
}
