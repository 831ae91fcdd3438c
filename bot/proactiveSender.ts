// Speaking first in Teams (issue 12): the API's ProactiveDelivery
// (api/proactiveDelivery.ts) over the Bot Framework adapter. Any instance can
// send, from a conversation reference stored through the API: the adapter's
// continueConversationAsync opens a turn on the stored chat and the card is
// sent (POST …/v3/conversations/{id}/activities) or replaced (PUT
// …/activities/{activityId}). The stored serviceUrl is checked against the
// same allow-list as an inbound activity's before anything is sent, so a
// stored reference cannot make the server call another host. The connector's
// 403/404 (the bot was removed from the chat) is 'refused', which the API
// marks and does not try again. Logs carry the outcome, never an id.
import { ActivityTypes, CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { StoredConversationReference } from '../api/conversationReferenceRepository.js';
import type { ProactiveDelivery, ProactiveMessage, ProactiveOutcome } from '../api/proactiveDelivery.js';
import { proactiveCard } from '../dialogs/proactiveCard.js';
import type { Logger } from './logger.js';
import { checkServiceUrl, type ServiceUrlAllowList } from './serviceUrlAllowList.js';

/** Connector answers that mean the bot can no longer write to that chat. */
const REFUSED_STATUSES = new Set([403, 404]);

export interface ProactiveSenderOptions {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The bot's Microsoft App Id; '' with bot authentication off (dev mode, tests). */
  appId: string;
  allowList: ServiceUrlAllowList;
  log: Logger;
}

export class ProactiveSender implements ProactiveDelivery {
  constructor(private readonly options: ProactiveSenderOptions) {}

  send(target: StoredConversationReference, message: ProactiveMessage): Promise<ProactiveOutcome> {
    return this.inChat(target, message, undefined);
  }

  update(target: StoredConversationReference, activityId: string, message: ProactiveMessage): Promise<ProactiveOutcome> {
    return this.inChat(target, message, activityId);
  }

  private async inChat(target: StoredConversationReference, message: ProactiveMessage, activityId: string | undefined): Promise<ProactiveOutcome> {
    const checked = checkServiceUrl(target.reference.serviceUrl, this.options.allowList);
    if (!checked.allowed) {
      this.options.log.warn({ reason: checked.reason }, 'stored conversation reference names a service URL off the allow-list; nothing sent');
      return { status: 'failed', reason: `service-url-${checked.reason}` };
    }
    const reference: Partial<ConversationReference> = {
      channelId: target.reference.channelId,
      serviceUrl: checked.url,
      conversation: { id: target.reference.conversation.id, isGroup: false, name: '', conversationType: target.reference.conversation.conversationType ?? 'personal', ...(target.reference.conversation.tenantId ? { tenantId: target.reference.conversation.tenantId } : {}) },
      bot: { id: target.reference.bot.id, name: '' },
      user: { id: target.reference.user.id, name: '', ...(target.reference.user.aadObjectId ? { aadObjectId: target.reference.user.aadObjectId } : {}) },
    };
    const activity = { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(proactiveCard(message, target.locale))] };
    let sentId: string | undefined;
    let failure: unknown;
    try {
      await this.options.adapter.continueConversationAsync(this.options.appId, reference, async (context) => {
        // Caught here, not by the adapter: its onTurnError would write an error message into the very chat that refused.
        try {
          if (activityId === undefined) sentId = (await context.sendActivity(activity))?.id;
          else {
            await context.updateActivity({ ...activity, id: activityId });
            sentId = activityId;
          }
        } catch (err) {
          failure = err;
        }
      });
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) {
      const err = failure;
      const status = (err as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && REFUSED_STATUSES.has(status)) return { status: 'refused' };
      return { status: 'failed', reason: typeof status === 'number' ? `connector-${status}` : (err as Error).name };
    }
    return sentId ? { status: 'sent', activityId: sentId } : { status: 'failed', reason: 'no-activity-id' };
  }
}
