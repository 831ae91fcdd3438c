// A stand-in for the Bot Framework connector on loopback: records every reply
// the bot sends (POST …/v3/conversations/{id}/activities/{replyToId}) and card
// updates (PUT …/activities/{id}) and answers like the real service, so the
// end-to-end test can run the real CloudAdapter path without Teams.
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
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match || !['POST', 'PUT'].includes(req.method ?? '')) {
      res.writeHead(404).end();
      return;
    }
    const activity = JSON.parse(await readBody(req)) as Partial<Activity>;
    const activityId = match[2] && decodeURIComponent(match[2]);
    const responseId = req.method === 'PUT' && activityId ? activityId : randomUUID();
    calls.push({ method: req.method!, conversationId: decodeURIComponent(match[1]!), activityId, activity, responseId });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: responseId }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    take: () => calls.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
