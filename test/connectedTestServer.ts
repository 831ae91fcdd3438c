// A test server whose bot talks to Teams through the stand-in Bot Connector,
// with its officers provisioned: what the tests of proactive cards (referral,
// share and review notices, reminders) need before they can prove anything. A
// proactive card can only go to an officer whose chat reference is stored,
// which happens when they talk to the bot, so `greet` does that up front for
// the tests that are not about storing it. On PostgreSQL the conversation
// state is in the real Redis, as deployed; on PGlite in memory, as in local
// development — so each chat flow runs on both stores.
import type { Activity } from 'botbuilder';
import { expect } from 'vitest';
import { inboundActivity, startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './botConnectorStandIn.js';
import { startTestServer, type StateStore, type TestOfficer, type TestServer, type TestServerOptions } from './testServer.js';

export interface ConnectedTestServerOptions extends TestServerOptions {
  /** Provisioned before anything else happens. */
  officers: readonly TestOfficer[];
  /** The officer's personal chat with the bot; the tests name it so their assertions can. */
  conversationOf(officer: TestOfficer): string;
  /** Each officer says hello once (their chat reference is stored); what the bot answered is dropped. */
  greet?: boolean;
}

export interface ConnectedTestServer {
  test: TestServer;
  connector: ConnectorStandIn;
  /**
   * Posts one activity from the officer's personal chat, as the connector would, and expects 200;
   * returns (and takes) everything the bot sent meanwhile, to anyone.
   */
  post(officer: TestOfficer, extra: Partial<Activity>): Promise<RecordedCall[]>;
  /** As `post`, keeping only what the bot sent to this officer's own chat. */
  postInChat(officer: TestOfficer, extra: Partial<Activity>): Promise<RecordedCall[]>;
  /** The officer types `text` in their chat; what the bot answered there. */
  say(officer: TestOfficer, text: string): Promise<RecordedCall[]>;
  /** Closes the server and the stand-in. */
  close(): Promise<void>;
}

export async function startConnectedTestServer(options: ConnectedTestServerOptions): Promise<ConnectedTestServer> {
  const { officers, conversationOf, greet = false, ...serverOptions } = options;
  const stateStore: StateStore = serverOptions.stateStore ?? (serverOptions.engine === 'postgres' ? 'redis' : 'memory');
  const [test, connector] = await Promise.all([startTestServer({ ...serverOptions, stateStore }), startConnectorStandIn()]);
  const close = async () => {
    await test.close();
    await connector.close();
  };
  const post = async (officer: TestOfficer, extra: Partial<Activity>) => {
    const response = await fetch(`${test.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inboundActivity({ serviceUrl: connector.serviceUrl, conversationId: conversationOf(officer), officer: officer.id }, extra)),
    });
    expect(response.status).toBe(200);
    return connector.take();
  };
  try {
    await test.provision(officers);
    if (greet) for (const officer of officers) await post(officer, { type: 'message', text: 'hej' });
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const postInChat = async (officer: TestOfficer, extra: Partial<Activity>) =>
    (await post(officer, extra)).filter((c) => c.conversationId === conversationOf(officer) && c.method === 'POST');
  const say = (officer: TestOfficer, text: string) => postInChat(officer, { type: 'message', text });
  return { test, connector, post, postInChat, say, close };
}

/** The plain-text replies among `calls`. */
export const textsOf = (calls: readonly RecordedCall[]) => calls.filter((c) => !c.activity.attachments?.length).map((c) => c.activity.text ?? '');
/** The card replies among `calls`. */
export const cardsOf = (calls: readonly RecordedCall[]) => calls.filter((c) => c.activity.attachments?.length);
