// The bot as a child process (`node --import tsx bot/main.ts`, the production entry point) for the
// tests that need a real process to kill: started on a DATA_DIR with the environment given (PORT 0
// unless set), resolved once it logged "started" with its port, and killed with SIGKILL — a crash,
// no shutdown. Every child a BotChildren started is killed by killAll(), even if its start never finished.
import { spawn, type ChildProcess } from 'node:child_process';

export interface BotChild {
  process: ChildProcess;
  port: number;
  url: string;
}

/** Kills a child with SIGKILL and waits for it to exit; nothing for one already gone. */
export async function killBot(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export class BotChildren {
  private readonly started: ChildProcess[] = [];

  async start(dataDir: string, env: Record<string, string>): Promise<BotChild> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', RETENTION_INTERVAL_MINUTES: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.started.push(child);
    let output = '';
    let errors = '';
    // Kept for the failure message only: a child that dies before it starts says why on stderr.
    child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-2000)));
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bot exited with ${code} before it started:\n${output.slice(-2000)}${errors}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const started = /"port":(\d+)[^\n]*"msg":"started"/.exec(output);
        if (started) resolve(Number(started[1]));
      });
    });
    return { process: child, port, url: `http://127.0.0.1:${port}` };
  }

  killAll(): Promise<void[]> {
    return Promise.all(this.started.map(killBot));
  }
}
