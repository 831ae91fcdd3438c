// `npm start`: reads the configuration once, starts the server and says
// plainly what it runs on — especially when state is not durable or bot
// authentication is off, so nobody mistakes a dev setup for production.
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { startupBanner } from './startupBanner.js';

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
  console.log(startupBanner(config, server).join('\n') + '\n');
  log.info({ port: server.port, mode: trust.mode, storage: server.storageKind, database: server.database.kind }, 'started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'stopping: draining running turns');
    // Bounded by the grace period: a resource that will not close is forced, so the exit comes in time.
    const { drained, closed } = await server.shutdown(config.shutdownGraceSeconds * 1000);
    log.info({ drained, closed }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  log.fatal({ err: { name: (err as Error).name, message: (err as Error).message } }, 'start failed');
  console.error(`Kunde inte starta / could not start: ${(err as Error).message}`);
  process.exit(1);
}
