// `npm start`: reads the configuration once, starts the server and says
// plainly what it runs on — especially when state is not durable or bot
// authentication is off, so nobody mistakes a dev setup for production.
import { resolve } from 'node:path';
import { pgliteDirOf } from '../api/openDatabase.js';
import { REGION_NAMES } from '../api/policeRegions.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { ROUTES, startServer } from './server.js';
import { describeServiceUrlAllowList } from './serviceUrlAllowList.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const log = createLogger(config.logLevel);

try {
  const server = await startServer(config, log);
  const { trust } = config.api;
  const lines = [
    '',
    'Bops-assistenten kör / Bops Assistant is running',
    `  Mode:          ${trust.mode === 'dev' ? 'DEV (BOPS_MODE=dev: local only, dev tokens, bot authentication off)' : 'production (Bot Framework authentication, Entra ID tokens only)'}`,
    `  Bot endpoint:  ${server.url}${ROUTES.messages}`,
    `  Replies to:    ${describeServiceUrlAllowList(config.serviceUrls)}${trust.mode === 'production' ? ' (BOT_SERVICE_URL_HOSTS)' : ''}`,
    `  API:           ${server.url}/api/v1`,
    `  Readiness:     ${server.url}${ROUTES.ready}`,
    `  Postgres:      ${server.database.kind === 'pglite' ? `embedded PGlite in ${resolve(pgliteDirOf(config.api.dataDir))}` : 'DATABASE_URL'}`,
    `  State:         ${server.storageKind === 'redis' ? 'Redis (REDIS_URL)' : 'IN MEMORY'}`,
    `  Retention:     ${config.api.retentionIntervalMinutes > 0 ? `every ${config.api.retentionIntervalMinutes} min (RETENTION_INTERVAL_MINUTES)` : 'off in this server (RETENTION_INTERVAL_MINUTES=0); npm run retention runs it once'}`,
  ];
  if (server.storageKind === 'memory') {
    lines.push(
      '',
      '  !!! WARNING: conversation state is kept IN MEMORY and is NOT durable. A restart forgets where',
      '  !!! officers are in their dialogs (saved answers stay in the database). Set REDIS_URL in production.',
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
  console.log(lines.join('\n') + '\n');
  log.info({ port: server.port, mode: trust.mode, storage: server.storageKind, database: server.database.kind }, 'started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  log.fatal({ err: { name: (err as Error).name, message: (err as Error).message } }, 'start failed');
  console.error(`Kunde inte starta / could not start: ${(err as Error).message}`);
  process.exit(1);
}
