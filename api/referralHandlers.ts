// POST /api/v1/referrals/{id}/take (issue 12, item 1): Ta ärendet. Asks the
// access policy (managing a case: a Bops officer of its region), then lets the
// repository's one conditional UPDATE decide who wins; the winner's others'
// cards are then updated. The loser, a second press and a stale card get the
// current state — never a 5xx, never a second write.
import type { Request, Response } from 'express';
import { callerOf } from './authentication.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError } from './problem.js';
import type { ReferralNotifier } from './referralNotifier.js';
import type { ReferralRepository } from './referralRepository.js';
import { takeReferralResponseSchema } from './referralContract.js';
import { auditContextOf, DEFAULT_PURPOSE } from './requestAudit.js';
import { uuidSchema } from './idSchemas.js';
import { authoriseInCase, parseRequestPart } from './routeGuards.js';

export interface ReferralHandlerDeps {
  referrals: ReferralRepository;
  notifier: ReferralNotifier;
}

async function takeReferral({ referrals, notifier }: ReferralHandlerDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const id = parseRequestPart(uuidSchema, req.params.id, 'path');
  const found = await referrals.get(id);
  if (!found) throw new ProblemError('not-found', 'no such referral');
  authoriseInCase(caller, 'case.assign', { region: found.region, caseMember: false }, { type: 'case', id: found.caseId });
  const taken = await referrals.take(id, caller.officer, auditContextOf(req, caller, DEFAULT_PURPOSE.case));
  switch (taken.outcome) {
    case 'not_found':
      throw new ProblemError('not-found', 'no such referral');
    case 'taken_by_other':
      throw new ProblemError('referral-taken', 'another officer has taken the referral already; nothing was changed');
    case 'case_closed':
      throw new ProblemError('case-closed', 'the case is closed; nothing was changed');
    case 'taken':
      await notifier.taken(taken.referral, caller.officer.id, caller.viaId);
      break;
    case 'already_yours':
      break;
    default: {
      const never: never = taken;
      throw never;
    }
  }
  const { referral } = taken;
  res.json(takeReferralResponseSchema.parse({ id: referral.id, caseNumber: referral.caseNumber, referredAt: referral.referredAt, outcome: taken.outcome }));
}

export function referralHandlers(deps: ReferralHandlerDeps): OperationHandlers<'takeReferral'> {
  return { takeReferral: (req, res) => takeReferral(deps, req, res) };
}
