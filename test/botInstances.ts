// Bot instances in-process on one PostgreSQL database, talking to Teams
// through one stand-in Bot Connector: the setting of the tests of shared
// conversation state (Redis, Cluster, Sentinel, conflicts, recovery, metrics),
// each of which decides what the instances share by the environment it starts
// them with. Closing stops every instance it started before the database goes.
import type { ServerOverrides } from '../bot/server.js';
import { startConnectorStandIn, type ConnectorStandIn } from './botConnectorStandIn.js';
import { startInstance, stopInstance, type Instance } from './conversationStateClient.js';
import { openTestDatabase, type TestDatabase } from './testDatabases.js';

export interface BotInstances {
  db: TestDatabase;
  connector: ConnectorStandIn;
  /** Starts one more instance on the database (see startInstance); close() stops it. */
  start(env: Record<string, string>, overrides?: Omit<ServerOverrides, 'database'>): Promise<Instance>;
  /** Stops the instances in the order they started, then disposes the database and closes the stand-in; rejects, after all that, if an instance failed to stop. */
  close(): Promise<void>;
}

export async function startBotInstances(): Promise<BotInstances> {
  const [db, connector] = await Promise.all([openTestDatabase('postgres'), startConnectorStandIn()]);
  const started: Instance[] = [];
  return {
    db,
    connector,
    async start(env, overrides) {
      const instance = await startInstance(db, env, overrides);
      started.push(instance);
      return instance;
    },
    async close() {
      // One instance that will not stop (Redis gone after a failover) must not keep the others, the database or the stand-in open.
      const failures: unknown[] = [];
      for (const instance of started) await stopInstance(instance).catch((error: unknown) => failures.push(error));
      await db.dispose();
      await connector.close();
      if (failures.length) throw failures[0];
    },
  };
}
