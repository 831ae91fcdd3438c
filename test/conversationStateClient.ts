// Helpers of the over-HTTP conversation-state tests: bot instances (the whole server) sharing
// Redis and PostgreSQL, a Teams client of one conversation talking to them through the
// Bot Connector stand-in, and a reader of what the API saved.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { assessmentListResponseSchema, assessmentResponseSchema, auditTrailResponseSchema } from '../api/assessmentContract.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer, type RunningServer, type ServerOverrides } from '../bot/server.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import { inboundActivity, type ConnectorStandIn, type WireActivity } from './botConnectorStandIn.js';
import { officerCaller, type OfficerCall } from './officerCaller.js';
import type { TestDatabase } from './testDatabases.js';

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const OFFICER = '00000000-0000-4000-8000-0000000c5a7e'; // fictitious Entra object id

export interface Instance {
  server: RunningServer;
  dataDir: string;
}

export async function startInstance(db: TestDatabase, env: Record<string, string>, overrides: Omit<ServerOverrides, 'database'> = {}): Promise<Instance> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bops-state-test-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0', ...env });
  return { server: await startServer(config, createLogger('silent'), { ...overrides, database: db.db }), dataDir };
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance) return;
  await instance.server.close();
  await rm(instance.dataDir, { recursive: true, force: true });
}

export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}

export type Turn = { status: number; replies: Partial<Activity>[]; replyIds: string[] };
export const texts = (turn: Turn) => turn.replies.map((r) => (r.attachments?.[0] ? adaptiveCardText(r.attachments[0].content) : (r.text ?? '')));

/** A Teams client of one conversation talking to whichever instance it is handed. */
export function conversationClient(connector: ConnectorStandIn) {
  const conversationId = `a:state-${randomUUID()}`;
  const activity = (extra: Partial<Activity>): WireActivity => inboundActivity({ serviceUrl: connector.serviceUrl, conversationId, officer: OFFICER }, extra);
  /** Posts activities at the same time and returns what the bot sent in reply to each (by replyToId). */
  const postAll = async (posts: { to: Instance; activity: WireActivity }[]): Promise<Turn[]> => {
    const statuses = await Promise.all(
      posts.map(async ({ to, activity: a }) => {
        const response = await fetch(`${to.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) });
        return response.status;
      }),
    );
    const calls = connector.take().filter((c) => c.conversationId === conversationId && c.method === 'POST');
    return posts.map(({ activity: a }, i) => {
      const mine = calls.filter((c) => c.activityId === a.id);
      return { status: statuses[i]!, replies: mine.map((c) => c.activity), replyIds: mine.map((c) => c.responseId) };
    });
  };
  const post = async (to: Instance, extra: Partial<Activity>) => (await postAll([{ to, activity: activity(extra) }]))[0]!;
  const say = (to: Instance, text: string) => post(to, { type: 'message', text });
  /** The submit a press of `title` on the turn's last card sends. */
  const pressActivity = (turn: Turn, title: string) => {
    const index = turn.replies.findLastIndex((r) => r.attachments?.length);
    const action = submitActions(turn.replies[index]?.attachments?.[0]?.content).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    return activity({ type: 'message', replyToId: turn.replyIds[index], value: action.data });
  };
  return { conversationId, activity, postAll, post, say, pressActivity };
}

export async function officerReader(instance: Instance) {
  const reader = officerCaller(instance.server.url, instance.dataDir, { id: 'granskare-state', roles: ['bops_officer'], region: 'stockholm' });
  const auditor = officerCaller(instance.server.url, instance.dataDir, { id: 'revisor-state', roles: ['auditor'], region: 'stockholm' });
  const get = async (path: string, as: OfficerCall) => (await as('GET', path)).json();
  return {
    async assessmentOf(caseNumber: string) {
      const list = assessmentListResponseSchema.parse(await get(`/cases/${caseNumber}/assessments`, reader));
      expect(list.items).toHaveLength(1);
      const assessment = assessmentResponseSchema.parse(await get(`/assessments/${list.items[0]!.id}`, reader));
      const trail = auditTrailResponseSchema.parse(await get(`/assessments/${list.items[0]!.id}/audit`, auditor));
      return { answers: Object.fromEntries(assessment.answers.map((a) => [a.itemId, a.value])), answerRows: trail.items.filter((r) => r.action === 'assessment.answer').length };
    },
  };
}
