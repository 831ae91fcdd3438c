// What the chat needs from the API to hand the officer the case-file PDF
// (issue 19, item 5): a link to it, valid for minutes, for the officer the bot
// acts for, in the officer's language. Apart from the assessment client's
// interface so its test doubles need not grow; the HTTP client implements it.
import type { Locale } from './messageCatalogue.js';
import type { OfficerRef } from './assessmentApi.js';

export interface DocumentLinkApi {
  /** A link to the assessment's PDF (POST /assessments/{id}/document-link): the absolute URL and when it expires. */
  documentLink(officer: OfficerRef, assessmentId: string, locale: Locale): Promise<{ url: string; expiresAt: string }>;
}
