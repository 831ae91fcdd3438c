// redis-server processes a test starts in a directory of its own (a Cluster,
// a Sentinel set): each is killed and the directory removed by stop(), also
// when the set never finished starting.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisProcesses {
  /** Where the processes keep their files. */
  dir: string;
  /** Starts `redis-server` with these arguments; the process, for a test that kills one on purpose. */
  start(args: string[]): ChildProcess;
  /** Kills every process started (SIGKILL) and removes the directory. */
  stop(): Promise<void>;
}

export async function redisProcesses(prefix: string): Promise<RedisProcesses> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const children: ChildProcess[] = [];
  return {
    dir,
    start: (args) => {
      const child = spawn('redis-server', args, { stdio: 'ignore' });
      children.push(child);
      return child;
    },
    stop: async () => {
      await Promise.all(
        // A process a test killed has no exit code but its signal: it has exited, and will not again.
        children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => {
          const exited = new Promise((resolve) => c.once('exit', resolve));
          c.kill('SIGKILL');
          return exited;
        }),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
