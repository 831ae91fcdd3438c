// The sharing routes (issue 15): a Bops officer or specialist assigned to a
// case shares it with named investigators of one investigation, lists the
// case's shares to find one again (Bops officers of the region, specialists),
// refreshes a share (a new snapshot beside the old) or withdraws it (the sharer only);
// the investigators read the shares addressed to them — the latest
// snapshot's declared fields, nothing else of the case. A share never opens a
// case, person, plan or assessment route (api/accessPolicy.ts). A withdrawn
// share read by its recipient is answered 404 and audited as a denial.
import type { Request, Response } from 'express';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { AccessDeniedError } from './accessDenial.js';
import { decide } from './accessPolicy.js';
import { caseNumberSchema } from './assessmentContract.js';
import { callerOf } from './authentication.js';
import type { CaseRepository } from './caseRepository.js';
import { uuidSchema } from './idSchemas.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError } from './problem.js';
import { repositoryCall } from './repositoryProblems.js';
import { auditContextOf } from './requestAudit.js';
import { authorise, authoriseInCase, parseRequestPart, requireJson, requireNewCaseNumber } from './routeGuards.js';
import { createShareRequestSchema, refreshShareRequestSchema, shareListResponseSchema, sharePreviewSchema, receivedShareListSchema, receivedShareSchema, shareResponseSchema, withdrawShareRequestSchema } from './shareContract.js';
import { shareSnapshotMaker } from './shareSnapshotMaker.js';
import type { NoticeSender } from './noticeSender.js';
import { type ShareAccessFacts, type ShareRecord, type ShareSnapshotRecord, type SqlShares } from './sqlShares.js';

export interface ShareDeps {
  shares: SqlShares;
  cases: CaseRepository;
  methodology: MethodologySource;
  /** What an investigation's case number must look like (CASE_NUMBER_PATTERN). */
  caseNumberPattern: RegExp;
  /** Sends the notices a share or a refreshed snapshot recorded for its investigators (api/noticeSender.ts); absent: they read it through delade uppgifter. */
  notices?: Pick<NoticeSender, 'sendWithin'>;
}

/** A share as its sharer and the case's other Bops officers see it: whole, but for the case's internal id. */
const shareView = ({ caseId: _caseId, ...share }: ShareRecord) => share;
const sendShare = (res: Response, share: ShareRecord, status = 200) => res.status(status).json(shareResponseSchema.parse(shareView(share)));

/** The share named in the path, of the case named in the path (else 404: a share id does not lead to another case). */
async function shareInCase({ shares, cases }: ShareDeps, req: Request): Promise<ShareAccessFacts> {
  const caseNumber = parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path');
  const shareId = parseRequestPart(uuidSchema, req.params.shareId, 'path');
  const facts = await shares.accessFacts(shareId);
  if (!facts || facts.caseNumber !== caseNumber) {
    if (!(await cases.accessFacts(caseNumber))) throw new ProblemError('not-found', 'no case with that number');
    throw new ProblemError('not-found', 'no share with that id in the case');
  }
  return facts;
}

async function createShare(deps: ShareDeps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await deps.cases.accessFacts(parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path'));
  if (!facts) throw new ProblemError('not-found', 'no case with that number');
  const body = parseRequestPart(createShareRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'share.create', { region: facts.region, caseMember: facts.assignedOfficerIds.includes(caller.officer.id) }, { type: 'case', id: facts.id });
  requireNewCaseNumber(deps.caseNumberPattern, body.investigationNumber, 'investigationNumber');
  const self = body.recipients.indexOf(caller.officer.id);
  if (self >= 0) throw new ProblemError('validation', 'a share goes to the investigation, not to oneself', [{ code: 'share_to_self', path: ['body', 'recipients', self], message: 'the sharer is not a recipient' }]);
  const investigators = await deps.shares.activeInvestigators(body.recipients);
  const unknown = body.recipients.flatMap((id, i) => (investigators.has(id) ? [] : [i]));
  if (unknown.length) {
    throw new ProblemError(
      'invalid-reference',
      'every recipient must be an active officer with the investigator role',
      unknown.map((i) => ({ code: 'not_an_investigator', path: ['body', 'recipients', i], message: 'no active investigator with that id' })),
    );
  }
  const audit = auditContextOf(req, res);
  const share = await repositoryCall(() =>
    deps.shares.create(
      { caseId: facts.id, investigationNumber: body.investigationNumber, recipients: body.recipients, reason: body.reason, sharedBy: caller.officer.id, ...(body.snapshotHash ? { snapshotHash: body.snapshotHash } : {}) },
      shareSnapshotMaker(deps.methodology),
      audit,
    ),
  );
  // After the commit: the share stands whatever becomes of the cards.
  await deps.notices?.sendWithin({ kind: 'share', subjectId: share.id });
  res.location(`${req.baseUrl}/cases/${encodeURIComponent(facts.caseNumber)}/shares/${share.id}`);
  sendShare(res, share, 201);
}

async function listCaseShares(deps: ShareDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await deps.cases.accessFacts(parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path'));
  if (!facts) throw new ProblemError('not-found', 'no case with that number');
  authoriseInCase(caller, 'share.list', { region: facts.region }, { type: 'case', id: facts.id });
  const shares = await deps.shares.ofCase(facts.id, auditContextOf(req, res));
  res.json(shareListResponseSchema.parse({ items: shares.map(shareView) }));
}

async function getSharePreview(deps: ShareDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await deps.cases.accessFacts(parseRequestPart(caseNumberSchema, req.params.caseNumber, 'path'));
  if (!facts) throw new ProblemError('not-found', 'no case with that number');
  authoriseInCase(caller, 'share.create', { region: facts.region, caseMember: facts.assignedOfficerIds.includes(caller.officer.id) }, { type: 'case', id: facts.id });
  res.json(sharePreviewSchema.parse(await repositoryCall(() => deps.shares.preview(facts.id, shareSnapshotMaker(deps.methodology), auditContextOf(req, res)))));
}

async function refreshShare(deps: ShareDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const facts = await shareInCase(deps, req);
  // The body is optional (req.is: null when there is none; an empty POST may still say Content-Length: 0):
  // without one the refresh takes the case as it stands.
  const hasBody = req.is('application/json') !== null && req.get('content-length') !== '0';
  if (hasBody) requireJson(req);
  const body = hasBody ? parseRequestPart(refreshShareRequestSchema, req.body, 'body') : {};
  authoriseInCase(caller, 'share.refresh', { region: facts.region, caseMember: facts.assignedOfficerIds.includes(caller.officer.id), sharerId: facts.sharedBy }, { type: 'share', id: facts.shareId });
  const audit = auditContextOf(req, res);
  const share = await repositoryCall(() => deps.shares.refresh(facts.shareId, caller.officer.id, shareSnapshotMaker(deps.methodology), audit, body.snapshotHash));
  await deps.notices?.sendWithin({ kind: 'share_refreshed', subjectId: share.id });
  sendShare(res, share);
}

async function withdrawShare(deps: ShareDeps, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  const facts = await shareInCase(deps, req);
  const body = parseRequestPart(withdrawShareRequestSchema, req.body, 'body');
  authoriseInCase(caller, 'share.withdraw', { region: facts.region, caseMember: facts.assignedOfficerIds.includes(caller.officer.id), sharerId: facts.sharedBy }, { type: 'share', id: facts.shareId });
  sendShare(res, await repositoryCall(() => deps.shares.withdraw(facts.shareId, caller.officer.id, body.reason, auditContextOf(req, res))));
}

const received = ({ share, latest }: { share: ShareRecord; latest: ShareSnapshotRecord }) => ({
  id: share.id,
  investigationNumber: share.investigationNumber,
  sharedBy: share.sharedBy,
  takenAt: latest.takenAt,
  pack: latest.pack,
  fields: latest.fields,
});

async function listReceivedShares({ shares }: ShareDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  // Whether the officer reads shares at all; which ones is the recipient list's to say.
  authorise(caller, 'share.read', { region: caller.officer.region, shareRecipient: true, shareWithdrawn: false });
  const found = await shares.received(caller.officer.id, auditContextOf(req, res));
  res.json(receivedShareListSchema.parse({ items: found.map(received) }));
}

async function getReceivedShare({ shares }: ShareDeps, req: Request, res: Response): Promise<void> {
  const caller = callerOf(res);
  const shareId = parseRequestPart(uuidSchema, req.params.shareId, 'path');
  const facts = await shares.accessFacts(shareId);
  if (!facts) throw new ProblemError('not-found', 'no share with that id');
  const resource = { region: facts.region, shareRecipient: facts.recipients.includes(caller.officer.id), shareWithdrawn: facts.withdrawn };
  const decision = decide(caller.officer, 'share.read', resource);
  if (!decision.allowed) {
    // To anyone but a current recipient the share does not exist; the attempt is audited all the same.
    const hidden = decision.code === 'not_recipient' || decision.code === 'share_withdrawn';
    throw new AccessDeniedError({ action: 'share.read', code: decision.code, target: { type: 'share', id: facts.shareId }, answeredAs: hidden ? 'not-found' : 'forbidden' }, caller, hidden ? 'no share with that id' : decision.reason);
  }
  const [found] = await shares.received(caller.officer.id, auditContextOf(req, res), facts.shareId);
  // Withdrawn between the decision and the read: as withdrawn.
  if (!found) throw new ProblemError('not-found', 'no share with that id');
  res.json(receivedShareSchema.parse(received(found)));
}

export function shareHandlers(deps: ShareDeps): OperationHandlers<'createShare' | 'listCaseShares' | 'getSharePreview' | 'refreshShare' | 'withdrawShare' | 'listReceivedShares' | 'getReceivedShare'> {
  return {
    createShare: (req, res) => createShare(deps, req, res),
    listCaseShares: (req, res) => listCaseShares(deps, req, res),
    getSharePreview: (req, res) => getSharePreview(deps, req, res),
    refreshShare: (req, res) => refreshShare(deps, req, res),
    withdrawShare: (req, res) => withdrawShare(deps, req, res),
    listReceivedShares: (req, res) => listReceivedShares(deps, req, res),
    getReceivedShare: (req, res) => getReceivedShare(deps, req, res),
  };
}
