// Method look-ups end to end over HTTP. The Teams search command: a
// composeExtension/query invoke POSTed to /api/messages like Teams sends it goes
// through CloudAdapter and teams-ai, and the invoke response carries the cited
// cards (no chat message is sent). In the chat: a look-up card stays in the
// history when "Visa hela avsnittet" is pressed (it holds method text only).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { METHOD_SEARCH_COMMAND, METHOD_SEARCH_PARAMETER } from '../bot/messageExtension.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import { inboundActivity, startConnectorStandIn, type ConnectorStandIn } from './botConnectorStandIn.js';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';

const OFFICER = '00000000-0000-4000-8000-0000000e5e01'; // fictitious Entra object id

interface InvokeAnswer {
  composeExtension: {
    type: string;
    text?: string;
    attachmentLayout?: string;
    attachments?: { contentType: string; content: unknown; preview?: { contentType: string; content: { title: string; text: string } } }[];
  };
}

describe.each(DATABASE_ENGINES)('Teams search command (composeExtension/query) on %s', (engine) => {
  let test: TestServer;
  let connector: ConnectorStandIn;

  beforeAll(async () => {
    [test, connector] = await Promise.all([startTestServer({ engine }), startConnectorStandIn()]);
  });
  afterAll(async () => {
    await test?.close();
    await connector?.close();
  });

  async function query(text: string, from: Partial<Activity['from']> = { id: `29:${OFFICER}`, aadObjectId: OFFICER }): Promise<{ status: number; body: InvokeAnswer }> {
    const response = await fetch(`${test.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'composeExtension/query',
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        serviceUrl: connector.serviceUrl,
        channelId: 'msteams',
        from: { name: 'Testhandläggare', ...from },
        // Looked up from a group chat the bot is not part of: the command works in any chat.
        conversation: { id: `19:grupp-${randomUUID()}@thread.v2`, conversationType: 'groupChat', tenantId: 'tenant-fiktiv' },
        recipient: { id: '28:bops-bot', name: 'Bops' },
        channelData: { tenant: { id: 'tenant-fiktiv' }, source: { name: 'compose' } },
        locale: 'en-US',
        value: { commandId: METHOD_SEARCH_COMMAND, parameters: [{ name: METHOD_SEARCH_PARAMETER, value: text }], queryOptions: { skip: 0, count: 25 } },
      }),
    });
    return { status: response.status, body: (await response.json()) as InvokeAnswer };
  }

  it('answers with cited cards to insert, in Swedish, and sends nothing to the chat', async () => {
    const { status, body } = await query('vad innebär utvidgat kontaktförbud?');
    expect(status).toBe(200);
    expect(body.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const attachments = body.composeExtension.attachments ?? [];
    expect(attachments.length).toBeGreaterThan(0);
    const texts = attachments.map((a) => adaptiveCardText(a.content));
    expect(texts.some((t) => t.startsWith('Utvidgat kontaktförbud\n'))).toBe(true);
    for (const [i, a] of attachments.entries()) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(a.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      expect(texts[i]).toMatch(/\nKälla: Bops metodstöd \(exempelpaket\) 1\.1\.1, (avsnitt|åtgärdskatalogen:|ordlistan:) /);
      // The card goes into chats the bot may not be in, so it carries no button that would call the bot.
      expect(submitActions(a.content)).toEqual([]);
      expect(a.preview?.contentType).toBe('application/vnd.microsoft.card.thumbnail');
      expect(a.preview?.content.title.length).toBeGreaterThan(0);
    }
    expect(connector.take()).toEqual([]);
  });

  it('says so when nothing matches, with the closest pack words', async () => {
    const { status, body } = await query('bopz');
    expect(status).toBe(200);
    expect(body.composeExtension.type).toBe('message');
    expect(body.composeExtension.text).toMatch(/^Jag hittade inget i metodstödet om det\. Närmaste ord i metodstödet: Bops/);
  });

  it('answers an empty query with an empty list', async () => {
    const { body } = await query('  ');
    expect(body.composeExtension).toEqual({ type: 'result', attachmentLayout: 'list', attachments: [] });
  });

  it('is declared in the Teams app manifest with the same command and parameter', () => {
    const manifest = JSON.parse(readFileSync(new URL('../manifest/manifest.json', import.meta.url), 'utf8')) as {
      composeExtensions?: { botId: string; commands: { id: string; type: string; parameters: { name: string }[] }[] }[];
    };
    const command = manifest.composeExtensions?.[0]?.commands.find((c) => c.id === METHOD_SEARCH_COMMAND);
    expect(command?.type).toBe('query');
    expect(command?.parameters.map((p) => p.name)).toEqual([METHOD_SEARCH_PARAMETER]);
  });

  it('keeps a look-up card in the chat when its "Visa hela avsnittet" is pressed, and answers with the whole section', async () => {
    const conversationId = `a:lookup-${randomUUID()}`;
    const post = async (activity: Partial<Activity>) => {
      const response = await fetch(`${test.server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inboundActivity({ serviceUrl: connector.serviceUrl, conversationId, officer: OFFICER }, activity)),
      });
      expect(response.status).toBe(200);
      return connector.take();
    };
    const asked = await post({ type: 'message', text: 'sök utvidgat kontaktförbud' });
    expect(asked).toHaveLength(1);
    const resultCard = asked[0]!.activity.attachments?.[0]?.content;
    const button = submitActions(resultCard).find((a) => a.title === 'Visa hela avsnittet');
    expect(button).toBeDefined();
    const shown = await post({ type: 'message', replyToId: asked[0]!.responseId, value: button!.data });
    expect(shown.filter((c) => c.method === 'PUT')).toEqual([]);
    expect(shown).toHaveLength(1);
    expect(adaptiveCardText(shown[0]!.activity.attachments?.[0]?.content)).toMatch(/\nKälla: Bops metodstöd \(exempelpaket\) 1\.1\.1, /);
  });
});
