// A document link that opens nothing, as the officer's browser shows it: the
// link is followed from Teams into a browser, where problem JSON would be a
// wall of braces. A request that prefers HTML (a browser's Accept) gets a short
// page in its language saying why and how to get a new link; any other client
// keeps the problem JSON. Runs after the refusal was audited, before the
// problem handler, so a page changes nothing of what is recorded.
import type { ErrorRequestHandler } from 'express';
import { API_OPERATIONS } from './apiOperations.js';
import { DOCUMENT_LINK_PAGE_HEADERS, documentLinkRefusalPage } from './documentLinkPage.js';
import { PROBLEM_TYPES, ProblemError } from './problem.js';

/** The problem details of a link that opens nothing, for API clients. */
export const LINK_GONE = 'no such link, or it has expired; ask the bot for a new one';
export const LINK_USED = 'this link has been opened already; ask the bot for a new one';

/** The route of a link, as express names the route that matched (both of its operations share it). */
const LINK_ROUTES = new Set(API_OPERATIONS.filter((op) => op.operationId === 'showDocumentLink' || op.operationId === 'openDocumentLink').map((op) => op.path));

export function documentLinkRefusalPages(): ErrorRequestHandler {
  return (err, req, res, next) => {
    const refused = err instanceof ProblemError && (err.type === 'not-found' || err.type === 'validation');
    if (!refused || !LINK_ROUTES.has(req.route?.path) || req.accepts(['application/problem+json', 'application/json', 'text/html']) !== 'text/html') {
      next(err);
      return;
    }
    const locale = req.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv';
    res
      .status(PROBLEM_TYPES[err.type].status)
      .set(DOCUMENT_LINK_PAGE_HEADERS)
      .set('content-language', locale)
      .type('text/html')
      .send(documentLinkRefusalPage(locale, err.detail === LINK_USED ? 'used' : 'gone'));
  };
}
