// The Teams search command (a search-based message extension): from the
// compose box of any chat an officer looks a method section up and inserts it
// as a cited card. Teams sends a composeExtension/query invoke; the answer is
// the invoke response, so nothing is written to the chat until the officer
// picks a card. Method text only: no personal data, nothing audited.
import type { MessagingExtensionAttachment, MessagingExtensionResult, TurnContext } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { ConversationRouter } from '../dialogs/conversationRouter.js';
import { citedHitCard } from '../dialogs/lookupCards.js';
import { localize, t } from '../dialogs/messageCatalogue.js';
import { MAX_QUERY_LENGTH } from '../methodology/methodSearch.js';
import { officerFromActivity } from './officerIdentity.js';

/** The command id and its parameter, as declared in manifest/manifest.json (composeExtensions). */
export const METHOD_SEARCH_COMMAND = 'sokMetod';
export const METHOD_SEARCH_PARAMETER = 'fraga';

/** Teams lists up to this many results; more would only scroll. */
const MAX_RESULTS = 10;

export function registerMethodSearchExtension(app: Application<TurnState>, deps: { router: ConversationRouter; devMode: boolean; log: Logger }): void {
  app.messageExtensions.query(METHOD_SEARCH_COMMAND, async (context: TurnContext, state: TurnState, query): Promise<MessagingExtensionResult> => {
    const locale = deps.router.localeOf(state.user as Record<string, unknown>);
    if (!officerFromActivity(context.activity, deps.devMode)) {
      deps.log.warn({ channelId: context.activity.channelId }, 'message extension query without an Entra identity refused');
      return { type: 'message', text: t(locale, 'error.notAllowed') };
    }
    const raw: unknown = query.parameters[METHOD_SEARCH_PARAMETER];
    const question = typeof raw === 'string' ? raw.trim().slice(0, MAX_QUERY_LENGTH) : '';
    if (question === '') return { type: 'result', attachmentLayout: 'list', attachments: [] };
    const { hits, pack, suggestions } = deps.router.lookup.find(question, Math.min(query.count, MAX_RESULTS));
    if (hits.length === 0) {
      const [first] = suggestions;
      const text = first ? `${t(locale, 'lookup.noResult')} ${t(locale, 'lookup.suggestions', { terms: suggestions.join(', '), first })}` : t(locale, 'lookup.noResult');
      return { type: 'message', text };
    }
    const attachments: MessagingExtensionAttachment[] = hits.map((hit) => ({
      ...CardFactory.adaptiveCard(citedHitCard(hit, pack, locale)),
      preview: CardFactory.thumbnailCard(localize(hit.doc.title, locale), localize(hit.excerpt, locale)),
    }));
    return { type: 'result', attachmentLayout: 'list', attachments };
  });
}
