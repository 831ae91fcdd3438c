// "dokument <diarienummer>" (issue 19, item 5): the case-file PDF of the latest
// completed assessment of the case the officer may read, as a link valid for
// minutes in the personal chat — never the file itself, never in a group chat
// (the router keeps the command out of shared conversations). Also used right
// after a completion. The link opens the PDF once, within minutes, as this
// officer (whoever holds it could use it: it is a bearer URL); issuing, the
// download and a refused second open are audited by the API.
import type { Logger } from 'pino';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import type { DocumentLinkApi } from './documentLinkApi.js';
import type { Locale } from './messageCatalogue.js';
import { message, type MessageReply } from './messageReply.js';

export interface DocumentCommandDeps {
  api: Pick<AssessmentApi, 'listForCase'>;
  documentLinks?: DocumentLinkApi;
  caseNumberPattern: RegExp;
  log: Logger;
  /** Now, for the minutes a link has left. */
  now?: () => Date;
}

/** The reply with a link to the assessment's PDF; a failure is said, never thrown. */
export async function documentLinkReply(deps: DocumentCommandDeps, officer: OfficerRef, assessmentId: string, locale: Locale): Promise<MessageReply> {
  if (!deps.documentLinks) return message('documentLink.unavailable');
  try {
    const link = await deps.documentLinks.documentLink(officer, assessmentId, locale);
    const minutes = Math.max(1, Math.round((Date.parse(link.expiresAt) - (deps.now ?? (() => new Date()))().getTime()) / 60_000));
    return message('documentLink.ready', { url: link.url, minutes });
  } catch (err) {
    deps.log.warn({ reason: err instanceof ApiError ? err.reason : 'error' }, 'document link not issued');
    return message(err instanceof ApiError && err.reason === 'forbidden' ? 'error.notAllowed' : 'documentLink.unavailable');
  }
}

/** "dokument <diarienummer>": the link to the latest completed assessment's PDF in the case. */
export async function documentOnRequest(deps: DocumentCommandDeps, officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<MessageReply[]> {
  const caseNumber = typedCaseNumber.trim().toUpperCase();
  if (!deps.caseNumberPattern.test(caseNumber)) return [message('documentLink.askCaseNumber')];
  try {
    // A case the API does not know (404) holds no assessment.
    const listed = await deps.api.listForCase(officer, caseNumber).catch((err: unknown) => {
      if (err instanceof ApiError && err.reason === 'rejected') return [];
      throw err;
    });
    const latest = listed.filter((a) => a.status === 'completed').sort((x, y) => (y.completedAt ?? '').localeCompare(x.completedAt ?? ''))[0];
    if (!latest) return [message('documentLink.noCompleted')];
    return [await documentLinkReply(deps, officer, latest.id, locale)];
  } catch (err) {
    deps.log.warn({ reason: err instanceof ApiError ? err.reason : 'error' }, 'case assessments not listed for a document');
    return [message(err instanceof ApiError && err.reason === 'forbidden' ? 'error.notAllowed' : 'documentLink.unavailable')];
  }
}
