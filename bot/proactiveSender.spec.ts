// The proactive sender (issue 12): sends and updates from a stored reference,
// only to an allow-listed service URL, and tells a refusal by the connector
// (403/404: the bot was removed) from any other failure — without letting the
// failure reach the adapter's turn-error handler.
import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { StoredConversationReference } from '../api/conversationReferenceRepository.js';
import type { ProactiveMessage } from '../api/proactiveDelivery.js';
import { createLogger } from './logger.js';
import { ProactiveSender } from './proactiveSender.js';

const TARGET: StoredConversationReference = {
  officerId: 'officer-fict-1',
  botId: '28:bops-bot',
  locale: 'sv',
  reference: { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:fiktiv', conversationType: 'personal' }, bot: { id: '28:bops-bot' }, user: { id: '29:fiktiv' } },
};
const MESSAGE: ProactiveMessage = { kind: 'referral', handover: 'bops', referralId: '00000000-0000-4000-8000-000000000001', caseNumber: '5000-K123456-25', referredAt: '2026-12-04T08:00:00Z', redFlags: [], judgement: null, ownReferral: false };
const ALLOW = { kind: 'hosts', protocols: ['https:'], hosts: [{ host: 'smba.trafficmanager.net', subdomains: false, port: undefined }] } as const;

/** An adapter whose connector answers `failWith` (an error with that status) or an id; records what was asked. */
function fakeAdapter(failWith?: number) {
  const calls: { reference: unknown; sent: unknown[]; updated: unknown[] } = { reference: undefined, sent: [], updated: [] };
  const fail = () => Object.assign(new Error('connector'), { statusCode: failWith });
  const adapter = {
    continueConversationAsync: async (_appId: unknown, reference: unknown, logic: (context: TurnContext) => Promise<void>) => {
      calls.reference = reference;
      const context = {
        sendActivity: async (activity: unknown) => {
          if (failWith) throw fail();
          calls.sent.push(activity);
          return { id: 'activity-1' };
        },
        updateActivity: async (activity: unknown) => {
          if (failWith) throw fail();
          calls.updated.push(activity);
        },
      } as unknown as TurnContext;
      await logic(context);
    },
  };
  return { adapter, calls };
}

const senderWith = (adapter: ReturnType<typeof fakeAdapter>['adapter'], allowList: ConstructorParameters<typeof ProactiveSender>[0]['allowList'] = ALLOW) =>
  new ProactiveSender({ adapter: adapter as never, appId: '', allowList, log: createLogger('silent') });

describe('ProactiveSender', () => {
  it('sends the card into the stored chat and answers its activity id; updates replace that activity', async () => {
    const { adapter, calls } = fakeAdapter();
    const sender = senderWith(adapter);
    expect(await sender.send(TARGET, MESSAGE)).toEqual({ status: 'sent', activityId: 'activity-1' });
    expect(calls.reference).toMatchObject({ serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:fiktiv' } });
    expect(JSON.stringify(calls.sent[0])).toContain('5000-K123456-25');
    expect(await sender.update(TARGET, 'activity-1', { kind: 'referral_taken', caseNumber: '5000-K123456-25' })).toEqual({ status: 'sent', activityId: 'activity-1' });
    expect(calls.updated[0]).toMatchObject({ id: 'activity-1' });
  });

  it.each([403, 404])('reports %i from the connector as refused', async (status) => {
    expect(await senderWith(fakeAdapter(status).adapter).send(TARGET, MESSAGE)).toEqual({ status: 'refused' });
  });

  it('reports any other failure as failed, to be tried another time', async () => {
    expect(await senderWith(fakeAdapter(502).adapter).send(TARGET, MESSAGE)).toEqual({ status: 'failed', reason: 'connector-502' });
  });

  it('sends nothing to a service URL off the allow-list', async () => {
    const { adapter, calls } = fakeAdapter();
    const outcome = await senderWith(adapter, { kind: 'loopback' }).send(TARGET, MESSAGE);
    expect(outcome).toEqual({ status: 'failed', reason: 'service-url-host' });
    expect(calls.reference).toBeUndefined();
  });
});
