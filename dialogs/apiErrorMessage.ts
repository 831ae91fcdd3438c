// What the officer is told when the API refuses or cannot be reached during an
// assessment: one message per reason, chosen by whether a draft exists yet.
import type { ApiError } from './assessmentApi.js';
import type { MessageKey } from './messageCatalogue.js';

/**
 * The message for an API failure. A closed case is told plainly: before there is a draft the refused
 * call was the creation (the officer stays at the case-number prompt and may type another number);
 * with a draft, it was saving an answer or the completion. Neither names the case number. An
 * assessment no longer a draft, or a case changed meanwhile, is a refusal like any other to the officer.
 */
export function apiErrorMessage(err: ApiError, draftId: string | undefined): MessageKey {
  switch (err.reason) {
    case 'case_closed':
      return draftId === undefined ? 'assessment.caseClosed' : 'error.caseClosed';
    case 'unavailable':
      return 'error.apiUnavailable';
    case 'forbidden':
      return 'error.notAllowed';
    case 'rejected':
      // Before a draft the refused call was the creation: a case number of another region is answered
      // as one that cannot be used (the API does not confirm that the case exists), and the officer
      // stays at the case-number prompt.
      return draftId === undefined ? 'assessment.caseNumberRefused' : 'error.apiRejected';
    case 'invalid_text':
      // The runner checks texts by the API's rule before saving; this is the API still refusing one.
      return 'error.textRefused';
    case 'not_draft':
    case 'stale':
    case 'review_refused':
    case 'share_withdrawn':
      return 'error.apiRejected';
    default: {
      const never: never = err.reason;
      return never;
    }
  }
}
