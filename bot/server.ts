// Composes the whole process: one HTTP server with the Bot Framework endpoint
// (/api/messages), health and readiness probes, and the API under /api/v1 —
// which composes itself from its own configuration (api/createApi.ts).
// The bot reaches the API over HTTP with its own credential even in one
// process, so the two can be deployed apart by setting API_BASE_URL.
import type { Clock } from '../api/clock.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Storage } from 'botbuilder';
import { API_PREFIX } from '../api/apiPaths.js';
import { createApi, type RunningApi } from '../api/createApi.js';
import { ProactiveReminderDelivery } from '../api/proactiveReminderDelivery.js';
import type { ReminderDelivery } from '../api/reminderDelivery.js';
import type { Database } from '../api/database.js';
import { loadOrCreateDevSigningKey } from '../api/devSigningKey.js';
import { problemHandler, ProblemError } from '../api/problem.js';
import { ConversationRouter } from '../dialogs/conversationRouter.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { activityEndpoint } from './activityEndpoint.js';
import { createBot, type Bot, type BotDeps } from './botApplication.js';
import { CasMemoryStorage } from './casMemoryStorage.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { measuredApi, metricsEndpoint } from './metricsEndpoint.js';
import { Metrics } from './metrics.js';
import { checkReadiness, type ReadinessProbe } from './readiness.js';
import { MemoryActivityDeduplicator } from './memoryActivityDeduplicator.js';
import { RedisActivityDeduplicator } from './redisActivityDeduplicator.js';
import { createRedisClient } from './redisClient.js';
import { RedisConversationTurnLease } from './conversationTurnLease.js';
import { RedisStorage } from './redisStorage.js';
import { RedisWelcomeLedger } from './redisWelcomeLedger.js';
import { StateCipher } from './stateCipher.js';
import { isStateStoreUnavailable } from './stateStoreUnavailableError.js';
import { devServiceTokenProvider } from './serviceToken.js';
import { entraServiceTokenProvider } from './entraServiceToken.js';
import type { ServiceUrlAllowList } from './serviceUrlAllowList.js';
import { StepwiseTeamsAdapter } from './stepwiseTeamsAdapter.js';
import { ProactiveSender } from './proactiveSender.js';
import { TurnDrain } from './turnDrain.js';
import { closeBefore, type Closable } from './boundedClose.js';
import { dashboardRoutes } from './dashboard/dashboardRoutes.js';

export const ROUTES = {
  messages: '/api/messages',
  health: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
} as const;

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:3978 */
  url: string;
  port: number;
  database: Database;
  methodology: MethodologySource;
  storageKind: 'redis' | 'memory';
  /** The bot's turn logic, for driving it without HTTP (transcript tests). */
  bot: Bot;
  /** What /metrics reports. */
  metrics: Metrics;
  /** The reminders' poller (undefined with REMINDER_POLL_MS=0); tick() runs a pass now. */
  reminders: RunningApi['reminders'];
  /** The sweep that sends referral cards that did not arrive (polling unless REMINDER_POLL_MS=0); tick() runs a pass now. */
  referralSweep: RunningApi['referralSweep'];
  /** The sweep that sends the notices a write recorded that did not arrive (polling unless REMINDER_POLL_MS=0); tick() runs a pass now. */
  noticeSweep: RunningApi['noticeSweep'];
  close(): Promise<void>;
  /**
   * Leaves gracefully within `graceMs`: /readyz answers 503 at once, new activities are turned away
   * (503, sent again by the connector), running turns finish, then everything closes — what has not
   * closed when the grace period ends is forced (bot/boundedClose.ts), so the caller can exit.
   * `drained`: every turn finished in time; `closed`: every resource closed in time.
   */
  shutdown(graceMs: number): Promise<{ drained: boolean; closed: boolean }>;
}

export interface ServerOverrides {
  /** Use this database instead of the configured one; the caller keeps ownership and closes it. */
  database?: Database;
  /** Where replies may go instead of the configuration's allow-list (tests: exactly the connector stand-in's origin). */
  serviceUrlAllowList?: ServiceUrlAllowList;
  /** Verify the Bot Connector's tokens against this issuer and OpenID metadata instead of the public cloud's (tests: a stand-in). */
  botConnectorTokens?: { issuer: string; openIdMetadataUrl: string };
  /** What time it is for the API and the dialogs (tests: a fixed instant). */
  clock?: Clock;
  /** Carries due reminders (tests: a recording delivery); by default they go to the officer's Teams chat (api/proactiveReminderDelivery.ts). */
  reminderDelivery?: ReminderDelivery;
  /** Wraps the conversation-state store (tests: hold a state write at a barrier to force a compare-and-set conflict). */
  wrapStateStorage?: (storage: Storage) => Storage;
}

export async function startServer(config: Config, log: Logger, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const methodology = new FilePackSource();
  // In the order they close: the HTTP server (unshifted once it listens), the API, Redis.
  const closables: Closable[] = [];
  const devMode = config.api.trust.mode === 'dev';
  const metrics = new Metrics();
  // Built before the API, which speaks first through it (issue 12: referral cards from any instance).
  const adapter = new StepwiseTeamsAdapter(
    config.botAuth.mode === 'on'
      ? {
          MicrosoftAppId: config.botAuth.appId,
          MicrosoftAppPassword: config.botAuth.appPassword,
          MicrosoftAppType: config.botAuth.appType,
          MicrosoftAppTenantId: config.botAuth.tenantId,
          ...(overrides.botConnectorTokens
            ? { ToBotFromChannelTokenIssuer: overrides.botConnectorTokens.issuer, ToBotFromChannelOpenIdMetadataUrl: overrides.botConnectorTokens.openIdMetadataUrl }
            : {}),
        }
      : {},
  );
  const proactive = new ProactiveSender({
    adapter,
    appId: config.botAuth.mode === 'on' ? config.botAuth.appId : '',
    allowList: overrides.serviceUrlAllowList ?? config.serviceUrls,
    log,
  });
  const api = await createApi(config.api, {
    proactive,
    log,
    methodology,
    onDatabaseFault: () => metrics.dependencyError('postgres'),
    ...(overrides.database ? { database: overrides.database } : {}),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    // The bot runs in this process, so a due reminder goes to the officer's Teams chat as a card
    // (api/proactiveReminderDelivery.ts). An API composed without a delivery runs no reminder poller.
    reminderDelivery: overrides.reminderDelivery ?? (({ references, ledger, referrals }) => new ProactiveReminderDelivery({ references, ledger, referrals, delivery: proactive, methodology, log })),
  });
  const { database } = api;
  closables.push({ name: 'api', close: () => api.close() });
  // A scrape while Postgres is down still answers, without the queue.
  metrics.watchQueueDepth(() => api.queueDepth().catch(() => ({})));
  try {
    const probes: ReadinessProbe[] = [{ name: 'postgres', engine: database.kind, check: () => database.ping() }];
    let storage: Storage;
    let storageKind: RunningServer['storageKind'];
    let turnGuards: Pick<BotDeps, 'deduplicator' | 'lease' | 'welcomes'> = { deduplicator: new MemoryActivityDeduplicator(config.activityDedupSeconds) };
    const redis = createRedisClient(config);
    if (redis) {
      redis.on('error', (err) => {
        metrics.dependencyError('redis');
        log.warn({ err: { name: err.name, code: (err as NodeJS.ErrnoException).code } }, 'redis connection error');
      });
      await redis.connect();
      closables.push({ name: 'redis', close: () => redis.quit().catch(() => redis.disconnect()), force: () => redis.disconnect() });
      const redisStorage = new RedisStorage({
        redis,
        keyPrefix: config.redisKeyPrefix,
        conversationTtlSeconds: config.conversationTtlSeconds,
        userTtlSeconds: config.userStateTtlSeconds,
        cipher: config.stateEncryption && new StateCipher(config.stateEncryption.current, config.stateEncryption.previous),
      });
      probes.push({ name: 'redis', engine: 'redis', check: () => redisStorage.ping() });
      const redisKey = (key: string) => redisStorage.redisKey(key);
      turnGuards = {
        deduplicator: new RedisActivityDeduplicator({ redis, redisKey, windowSeconds: config.activityDedupSeconds, leaseMs: config.turnLeaseMs }),
        lease: new RedisConversationTurnLease({ redis, redisKey, log, leaseMs: config.turnLeaseMs }),
        welcomes: new RedisWelcomeLedger({ redis, redisKey }),
      };
      storage = redisStorage;
      storageKind = 'redis';
    } else {
      storage = new CasMemoryStorage();
      storageKind = 'memory';
      probes.push({ name: 'redis', engine: 'memory', check: async () => undefined });
    }

    let selfUrl = '';
    // The bot's own credential for the API: in dev mode signed with the key in DATA_DIR, in production an Entra app-only token.
    const serviceToken =
      config.apiCredential.kind === 'dev-key' ? devServiceTokenProvider(loadOrCreateDevSigningKey(config.api.dataDir)) : entraServiceTokenProvider(config.apiCredential);
    const apiClient = new HttpAssessmentApi({ baseUrl: () => config.apiBaseUrl ?? selfUrl, serviceToken });
    const router = new ConversationRouter({ methodology, api: apiClient, caseWork: apiClient, sharing: apiClient, documentLinks: apiClient, rri: apiClient, caseNumberPattern: config.api.caseNumberPattern, log, ...(overrides.clock ? { clock: overrides.clock } : {}) }, config.defaultLocale);
    if (overrides.wrapStateStorage) storage = overrides.wrapStateStorage(storage);
    const bot = createBot({ storage, router, devMode, log, ...turnGuards, conflictRetries: config.turnConflictRetries, references: apiClient });

    adapter.onTurnError = async (context, error) => {
      log.error({ err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type }, 'turn failed');
      // An outage of the state store is not the officer's problem to debug: everything up to their last answer is in the API.
      const message = isStateStoreUnavailable(error) ? 'error.stateUnavailable' : 'error.general';
      await context.sendActivity(t(config.defaultLocale, message)).catch(() => undefined);
    };

    const drain = new TurnDrain();
    const app = express();
    app.disable('x-powered-by');
    // Issue 18: every entity tag is strong. Representations with a version carry it ("v7");
    // the rest get express's tag of their exact bytes, strong rather than its weak default.
    app.set('etag', 'strong');
    app.get(ROUTES.health, (_req, res) => {
      res.json({ status: 'alive' });
    });
    app.get(ROUTES.ready, async (_req, res) => {
      if (drain.isDraining) {
        res.status(503).json({ status: 'draining' });
        return;
      }
      const report = await checkReadiness(probes);
      res.status(report.status === 'ready' ? 200 : 503).json(report);
    });
    app.get(ROUTES.metrics, metricsEndpoint(metrics, config.metricsToken));
    app.post(
      ROUTES.messages,
      (_req: Request, res: Response, next: NextFunction) => {
        if (!drain.admit()) {
          // Not the caller's fault: the Bot Connector sends the activity again, to an instance that takes it.
          res.status(503).set('retry-after', '1').type('application/problem+json').json({ type: 'urn:bops:problem:shutting-down', title: 'This instance is shutting down; send the activity again', status: 503 });
          return;
        }
        res.on('close', () => drain.done());
        next();
      },
      ...activityEndpoint({
        adapter,
        allowList: overrides.serviceUrlAllowList ?? config.serviceUrls,
        authRequired: config.botAuth.mode === 'on',
        log,
        logic: (context) => metrics.measureTurn(context.activity.type, () => bot.run(context)),
      }),
    );
    // Issue 16: the figures as charts; the page holds no data, the API answers its requests.
    app.use(dashboardRoutes());
    app.use(API_PREFIX, measuredApi(metrics), api.router);
    app.use((req) => {
      throw new ProblemError('not-found', `no route ${req.method} ${req.path}`);
    });
    app.use(problemHandler(log));

    const server: Server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const close = async () => void (await closeBefore(closables, new Promise<void>(() => undefined), log));
    const reachableHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    selfUrl = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;
    closables.unshift({
      name: 'http',
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    });
    return {
      url: selfUrl,
      port,
      database,
      methodology,
      storageKind,
      bot,
      metrics,
      reminders: api.reminders,
      referralSweep: api.referralSweep,
      noticeSweep: api.noticeSweep,
      close,
      shutdown: async (graceMs) => {
        const endOfGrace = Date.now() + graceMs;
        const drained = await drain.drain(graceMs);
        if (!drained) log.warn({ graceMs }, 'turns still running at the end of the grace period; closing anyway');
        const closed = await closeBefore(closables, timeLeft(endOfGrace), log);
        return { drained, closed };
      },
    };
  } catch (err) {
    for (const { close } of closables.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

/** Settles at `instant` (at once if it has passed); the timer does not keep the process alive. */
function timeLeft(instant: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now())).unref());
}
