// POST /api/v1/referrals/{id}/take (issue 12, item 1): Ta ärendet. Asks the
// access policy (managing a case: a Bops officer of its region), then lets the
// repository's one conditional UPDATE decide who wins; the winner's others'
// cards are then updated, and the officer who escalated a case is told it was
// taken. The loser, a second press and a stale card get the current state —
// never a 5xx, never a second write.
import type { Request, Response } from 'express';
import { callerOf } from './authentication.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError } from './problem.js';
import type { NoticeSender } from './noticeSender.js';
import type { ReferralNotifier } from './referralNotifier.js';
import { TAKER_ROLE, type EscalationBasis, type ReferralRepository } from './referralRepository.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { presentFactors } from '../methodology/presentFactors.js';
import { JUDGEMENT_KEYS } from '../methodology/sharingDeclaration.js';
import { escalateRequestSchema, escalationResponseSchema, escalationViewResponseSchema, takeReferralResponseSchema } from './referralContract.js';
import { AccessDeniedError } from './accessDenial.js';
import { caseNumberSchema } from './assessmentContract.js';
import type { CaseRepository } from './caseRepository.js';
import { auditContextOf } from './requestAudit.js';
import { uuidSchema } from './idSchemas.js';
import { authoriseInCase, parseRequestPart, requireJson } from './routeGuards.js';

export interface ReferralHandlerDeps {
  referrals: ReferralRepository;
  notifier: ReferralNotifier;
  /** Sends the notice a take recorded (the officer who escalated is told a specialist took it). */
  notices: Pick<NoticeSender, 'sendWithin'>;
  /** The case an escalation is about: its access facts. */
  cases: Pick<CaseRepository, 'accessFacts'>;
  /** The pack versions an escalated assessment's factors are read by. */
  methodology: MethodologySource;
}

const NO_SUCH_REFERRAL = 'no such referral';

async function takeReferral({ referrals, notifier, notices }: ReferralHandlerDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const id = parseRequestPart(uuidSchema, req.params.id, 'path');
  const found = await referrals.get(id);
  if (!found) throw new ProblemError('not-found', NO_SUCH_REFERRAL);
  // Another region is told what a referral nobody made gets, in the same words.
  authoriseInCase(caller, 'case.assign', { region: found.region, caseMember: false }, { type: 'case', id: found.caseId }, NO_SUCH_REFERRAL);
  if (!caller.officer.roles.includes(TAKER_ROLE[found.kind])) {
    const reason = found.kind === 'in_depth' ? 'an escalation to in-depth assessment is taken by a specialist' : 'a referral to Bops is taken by a Bops officer';
    throw new AccessDeniedError({ action: 'case.assign', code: 'role_not_held', target: { type: 'case', id: found.caseId }, answeredAs: 'forbidden' }, caller, reason);
  }
  const taken = await referrals.take(id, caller.officer, auditContextOf(req, res));
  switch (taken.outcome) {
    case 'not_found':
      throw new ProblemError('not-found', 'no such referral');
    case 'taken_by_other':
      throw new ProblemError('referral-taken', 'another officer has taken the referral already; nothing was changed');
    case 'case_closed':
      throw new ProblemError('case-closed', 'the case is closed; nothing was changed');
    case 'taken':
      // Only the press that won tells: of two at once, the other is 'taken_by_other' or 'already_yours'.
      await Promise.all([notifier.takenWithin(taken.referral, caller.officer.id, caller.viaId), notices.sendWithin({ kind: 'escalation_taken', subjectId: taken.referral.id })]);
      break;
    case 'already_yours':
      break;
    default: {
      const never: never = taken;
      throw never;
    }
  }
  const { referral } = taken;
  res.json(
    takeReferralResponseSchema.parse({ id: referral.id, kind: referral.kind, note: referral.note, judgement: referral.judgement, caseNumber: referral.caseNumber, referredAt: referral.referredAt, outcome: taken.outcome }),
  );
}

// Issue 12, item 6: a Bops officer of the region hands the case to its specialists after a structured assessment.
async function escalateCase({ referrals, notifier, cases }: ReferralHandlerDeps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await cases.accessFacts(parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path'));
  if (!facts) throw new ProblemError('not-found', 'no case with that number');
  const { note } = parseRequestPart(escalateRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'case.update', { region: facts.region, caseMember: facts.assignedOfficerIds.includes(caller.officer.id) }, { type: 'case', id: facts.id });
  const escalated = await referrals.escalate(facts.id, note, auditContextOf(req, res));
  if (!('referral' in escalated)) {
    if (escalated.outcome === 'case_closed') throw new ProblemError('case-closed', 'the case is closed; reopen it first');
    throw new ProblemError('assessment-not-completed', 'the case has no completed structured assessment to hand over');
  }
  if (escalated.outcome === 'created') await notifier.announceReferralWithin(escalated.referral, caller.viaId);
  res.status(escalated.outcome === 'created' ? 201 : 200).json(escalationResponseSchema.parse({ id: escalated.referral.id, caseNumber: escalated.referral.caseNumber, outcome: escalated.outcome }));
}

// Issue 12, item 6: the in-depth assessment opens with the structured result and the handover note in view — for specialists.
async function getCaseEscalation({ referrals, cases, methodology }: ReferralHandlerDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await cases.accessFacts(parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path'));
  if (!facts) throw new ProblemError('not-found', 'no case with that number');
  authoriseInCase(caller, 'case.read', { region: facts.region, caseMember: facts.assignedOfficerIds.includes(caller.officer.id) }, { type: 'case', id: facts.id });
  if (!caller.officer.roles.includes(TAKER_ROLE.in_depth)) {
    throw new AccessDeniedError({ action: 'case.read', code: 'role_not_held', target: { type: 'case', id: facts.id }, answeredAs: 'forbidden' }, caller, 'an escalation to in-depth assessment is read by specialists');
  }
  const escalation = await referrals.readEscalation(facts.id, auditContextOf(req, res));
  if (!escalation) throw new ProblemError('not-found', 'the case has not been escalated');
  const { referral, basis } = escalation;
  res.json(
    escalationViewResponseSchema.parse({
      id: referral.id,
      caseNumber: referral.caseNumber,
      escalatedAt: referral.referredAt,
      judgement: referral.judgement,
      note: referral.note,
      takenByYou: referral.takenBy === null ? null : referral.takenBy === caller.officer.id,
      structured: {
        assessmentId: referral.assessmentId,
        instrumentId: basis.instrumentId,
        pack: referral.pack,
        completedAt: basis.completedAt,
        judgements: pickJudgements(basis.judgements),
        factors: factorsOf(methodology, referral.pack, basis),
        measures: basis.measures,
      },
    }),
  );
}

const pickJudgements = (judgements: Record<string, string>) => Object.fromEntries(JUDGEMENT_KEYS.flatMap((k) => (judgements[k] === undefined ? [] : [[k, judgements[k]]])));

/** The factors judged present, by the assessment's own pack version; none when that version is not loaded here. */
function factorsOf(methodology: MethodologySource, pack: { id: string; version: string }, basis: EscalationBasis): { itemId: string; relevance: string | null }[] {
  const instrument = methodology.get(pack.id, pack.version)?.pack.instruments.find((i) => i.id === basis.instrumentId);
  if (!instrument) return [];
  const answers = Object.fromEntries(Object.entries(basis.answers).map(([itemId, value]) => [itemId, { value }]));
  return presentFactors(instrument, answers).map((f) => ({ itemId: f.itemId, relevance: f.relevance ?? null }));
}

export function referralHandlers(deps: ReferralHandlerDeps): OperationHandlers<'takeReferral' | 'escalateCase' | 'getCaseEscalation'> {
  return { takeReferral: (req, res) => takeReferral(deps, req, res), escalateCase: (req, res) => escalateCase(deps, req, res), getCaseEscalation: (req, res) => getCaseEscalation(deps, req, res) };
}
