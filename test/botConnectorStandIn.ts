// A stand-in for the Bot Framework connector on loopback: records every reply
// the bot sends (POST …/v3/conversations/{id}/activities/{replyToId}), every
// proactive message (POST …/v3/conversations/{id}/activities) and card updates
// (PUT …/activities/{id}) and answers like the real service, so the end-to-end
// tests can run the real CloudAdapter path without Teams. A test can make it
// answer 403 for a conversation, as Teams does once the bot was removed, or hold one call
// unanswered, as a connection does when the sending instance dies.
// It has no createConversation (POST /v3/conversations), which issue 12 named:
// the bot never starts a conversation. It speaks first only into a chat whose
// reference it stored when the officer wrote to it (bot/proactiveSender.ts,
// continueConversationAsync); an officer without one gets no card
// ('no_reference') and finds the work in the work list. A stand-in branch no
// test reaches would only look like coverage; any other path answers 404.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';

export interface RecordedCall {
  method: string;
  conversationId: string;
  activityId: string | undefined;
  activity: Partial<Activity>;
  /** The id the stand-in answered with: what the bot later names in replyToId or an update. */
  responseId: string;
  /** Answered 403: the conversation was refused (see ConnectorStandIn.refuse). */
  refused?: true;
  /** Answered 400: a send that failed (see ConnectorStandIn.failNext). */
  failed?: true;
}

/** An activity as it travels as JSON to /api/messages (timestamps are strings there). */
export type WireActivity = Record<string, unknown> & { id: string };

/**
 * An inbound activity of a Teams personal chat, as the connector would POST it:
 * a fictitious officer (Entra object id) and tenant; `extra` sets the type, text or value.
 */
export function inboundActivity(to: { serviceUrl: string; conversationId: string; officer: string }, extra: Partial<Activity> = {}): WireActivity {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: to.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${to.officer}`, name: 'Testhandläggare', aadObjectId: to.officer },
    conversation: { id: to.conversationId, conversationType: 'personal', tenantId: 'tenant-fiktiv' },
    recipient: { id: '28:bops-bot', name: 'Bops' },
    channelData: { tenant: { id: 'tenant-fiktiv' } },
    locale: 'en-US',
    ...extra,
  };
}

export interface ConnectorStandIn {
  /** serviceUrl to put on inbound activities (ends with '/'). */
  serviceUrl: string;
  calls: RecordedCall[];
  /** Removes and returns the calls recorded so far. */
  take(): RecordedCall[];
  /** From now on, answers 403 to anything sent into this conversation (the bot was removed from it); refused calls are recorded too. */
  refuse(conversationId: string): void;
  /** Answers calls into this refused conversation again (the bot was installed again). */
  admit(conversationId: string): void;
  /**
   * Answers the next `times` calls into this conversation 400, recorded with `failed`: a send that
   * failed. Not 5xx, which the connector client retries by itself in the background for seconds.
   */
  failNext(conversationId: string, times: number): void;
  /** Resolves when the next call matching arrives; that call is neither recorded nor ever answered. */
  holdNext(match: (call: RecordedCall) => boolean): Promise<void>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const calls: RecordedCall[] = [];
  const refused = new Set<string>();
  const failing = new Map<string, number>();
  let hold: { match: (call: RecordedCall) => boolean; reached: () => void } | undefined;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match || !['POST', 'PUT'].includes(req.method ?? '')) {
      res.writeHead(404).end();
      return;
    }
    const activity = JSON.parse(await readBody(req)) as Partial<Activity>;
    const activityId = match[2] && decodeURIComponent(match[2]);
    const conversationId = decodeURIComponent(match[1]!);
    const responseId = req.method === 'PUT' && activityId ? activityId : randomUUID();
    const call: RecordedCall = { method: req.method!, conversationId, activityId, activity, responseId, ...(refused.has(conversationId) ? { refused: true } : {}) };
    if (hold?.match(call)) {
      hold.reached();
      hold = undefined;
      return;
    }
    const failures = failing.get(conversationId) ?? 0;
    if (failures > 0) {
      failing.set(conversationId, failures - 1);
      calls.push({ ...call, failed: true });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'BadArgument', message: 'The send failed.' } }));
      return;
    }
    calls.push(call);
    if (refused.has(conversationId)) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: responseId }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    take: () => calls.splice(0),
    refuse: (conversationId) => refused.add(conversationId),
    admit: (conversationId) => void refused.delete(conversationId),
    failNext: (conversationId, times) => failing.set(conversationId, times),
    holdNext: (match) => new Promise<void>((reached) => (hold = { match, reached })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
