// What `npm start` prints once it runs: where it listens, the trust mode, and
// loudly what is not durable or not protected — state in memory, state in
// Redis without encryption, dev mode — so nobody mistakes a dev setup for
// production. A pure function of the configuration and the running server.
import { resolve } from 'node:path';
import { pgliteDirOf } from '../api/openDatabase.js';
import { REGION_NAMES } from '../api/policeRegions.js';
import type { Config } from './config.js';
import { ROUTES, type RunningServer } from './server.js';
import { describeServiceUrlAllowList } from './serviceUrlAllowList.js';

/** What the banner reads of the running server. */
export interface BannerFacts {
  url: string;
  database: Pick<RunningServer['database'], 'kind'>;
  storageKind: RunningServer['storageKind'];
}

export function startupBanner(config: Config, server: BannerFacts): string[] {
  const { trust } = config.api;
  const lines = [
    '',
    'Bops-assistenten kör / Bops Assistant is running',
    `  Mode:          ${trust.mode === 'dev' ? 'DEV (BOPS_MODE=dev: local only, dev tokens, bot authentication off)' : 'production (Bot Framework authentication, Entra ID tokens only)'}`,
    `  Bot endpoint:  ${server.url}${ROUTES.messages}`,
    `  Replies to:    ${describeServiceUrlAllowList(config.serviceUrls)}${trust.mode === 'production' ? ' (BOT_SERVICE_URL_HOSTS)' : ''}`,
    `  API:           ${server.url}/api/v1`,
    `  Readiness:     ${server.url}${ROUTES.ready}`,
    `  Metrics:       ${server.url}${ROUTES.metrics} (${config.metricsToken ? 'bearer METRICS_TOKEN' : 'open: set METRICS_TOKEN, or reach it from the monitoring network only'})`,
    `  Postgres:      ${server.database.kind === 'pglite' ? `embedded PGlite in ${resolve(pgliteDirOf(config.api.dataDir))}` : 'DATABASE_URL'}`,
    `  State:         ${server.storageKind === 'redis' ? `Redis (REDIS_URL), ${config.stateEncryption ? 'encrypted' : 'NOT ENCRYPTED'}` : 'IN MEMORY'}`,
    `  Retention:     ${config.api.retentionIntervalMinutes > 0 ? `every ${config.api.retentionIntervalMinutes} min (RETENTION_INTERVAL_MINUTES)` : 'off in this server (RETENTION_INTERVAL_MINUTES=0); npm run retention runs it once'}`,
    `  Reminders:     ${config.api.reminders.pollMs > 0 ? `from ${String(config.api.reminders.hour).padStart(2, '0')}:00 Europe/Stockholm, looked for every ${config.api.reminders.pollMs / 1000} s, overdue notice after ${config.api.reminders.overdueDays} days (REMINDER_*)` : 'off in this server (REMINDER_POLL_MS=0)'}`,
  ];
  if (server.storageKind === 'memory') {
    lines.push(
      '',
      '  !!! WARNING: conversation state is kept IN MEMORY and is NOT durable. A restart forgets where',
      '  !!! officers are in their dialogs (saved answers stay in the database). Set REDIS_URL in production.',
    );
  }
  // Production refuses to start like this (bot/config.ts); dev mode is told as loudly.
  if (server.storageKind === 'redis' && !config.stateEncryption) {
    lines.push(
      '',
      '  !!! WARNING: conversation state in Redis is NOT ENCRYPTED: answers and reasons in dialogs in progress',
      '  !!! are stored as plain JSON. Set STATE_ENCRYPTION_KEY and STATE_ENCRYPTION_KEY_ID (required in production).',
    );
  }
  if (trust.mode === 'dev') {
    const { devOfficer } = trust;
    lines.push(
      '',
      '  DEV MODE: bot authentication is off and the server listens on ' + config.host + ' only.',
      `  Unknown Teams users act as a fictitious officer with roles ${devOfficer.roles.join(', ')} in region ${REGION_NAMES[devOfficer.region]}`,
      '  (DEV_ROLES / DEV_REGION). API tokens for other clients: npm run dev-token -- --user <id> --role <role> --region <region>',
      `  Chat locally: npx @microsoft/m365agentsplayground -e ${server.url}${ROUTES.messages}`,
    );
  }
  return lines;
}
