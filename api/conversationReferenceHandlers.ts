// PUT /api/v1/officers/me/conversation-reference (issue 12, item 4): the bot
// stores the officer's Teams chat so that any instance can speak first. Only
// the bot calls it — with its own service credential, on behalf of the officer
// — since the reference is the bot's address in Teams, not the officer's data
// to set: an officer calling with their own token is refused. Audited when
// something changed; an unchanged reference writes nothing.
import type { Request, Response } from 'express';
import { callerOf } from './authentication.js';
import { saveConversationReferenceRequestSchema, saveConversationReferenceResponseSchema } from './conversationReferenceContract.js';
import type { ConversationReferenceRepository } from './conversationReferenceRepository.js';
import type { OperationHandlers } from './operationHandler.js';
import { ProblemError } from './problem.js';
import { auditContextOf } from './requestAudit.js';
import { authorise, parseRequestPart, requireJson } from './routeGuards.js';
import { AccessDeniedError } from './accessDenial.js';

async function saveConversationReference(references: ConversationReferenceRepository, req: Request, res: Response): Promise<void> {
  requireJson(req);
  const caller = callerOf(res);
  // A malformed request is refused before anything is decided (and so before anything is audited).
  const body = parseRequestPart(saveConversationReferenceRequestSchema, req.body, 'body');
  authorise(caller, 'conversation_reference.save', { region: caller.officer.region });
  if (caller.viaId === null) {
    throw new AccessDeniedError({ action: 'conversation_reference.save', code: 'bot_only', target: null, answeredAs: 'forbidden' }, caller, 'only the bot stores conversation references, on behalf of the officer');
  }
  // The officer's own channel account only: a reference naming someone else's Entra id is not theirs.
  const aad = body.reference.user.aadObjectId;
  if (aad !== undefined && aad !== caller.officer.id) {
    throw new ProblemError('validation', 'the reference names another user', [{ code: 'other_user', path: ['body', 'reference', 'user', 'aadObjectId'], message: 'must be the officer the request acts for' }]);
  }
  const outcome = await references.save(caller.officer.id, body.reference, body.locale, auditContextOf(req, res));
  res.json(saveConversationReferenceResponseSchema.parse({ outcome }));
}

export function conversationReferenceHandlers(references: ConversationReferenceRepository): OperationHandlers<'saveConversationReference'> {
  return { saveConversationReference: (req, res) => saveConversationReference(references, req, res) };
}
