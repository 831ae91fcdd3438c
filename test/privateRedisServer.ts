// A throw-away redis-server of a test or benchmark on a free loopback port, without persistence
// (a restart loses everything: the worst case for outage tests). The shared Redis on 6379 is
// never stopped or flushed; whoever starts one of these stops it by its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface PrivateRedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGKILL: like a crash); resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      if (await probe.connect().then(() => true, () => false)) return child;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} did not start`);
  } finally {
    probe.disconnect();
  }
}

export async function startPrivateRedis(): Promise<PrivateRedisServer> {
  // A port found free can be taken before redis-server binds it (other test files run beside this
  // one): a first start that fails tries another port; a restart keeps its port, as a real one would.
  let port = await freePort();
  let child: ChildProcess | undefined;
  for (let attempt = 1; !child; attempt++) {
    try {
      child = await spawnRedis(port);
    } catch (error) {
      if (attempt === 3) throw error;
      port = await freePort();
    }
  }
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      child = await spawnRedis(port);
    },
  };
}
