// Issue 17, item 5: an instance told to stop exits within its grace period even when a resource
// will not close — a pg client stuck in a query keeps pool.end() waiting, an unreachable Redis
// keeps QUIT waiting, each for ever. Resources close one after another until the deadline; what
// has not closed by then is forced (Redis disconnected at once) or left to the process exit
// (a pool whose end is still pending: the exit drops its sockets, the server rolls back).
import type { Logger } from 'pino';

export interface Closable {
  /** Named in the log when it had to be forced. */
  name: string;
  close(): Promise<unknown>;
  /** Drops the resource at once; absent: the exit of the process does. */
  force?(): void;
}

/**
 * Closes each in order until `deadline` settles, then forces the rest (the one still closing and
 * those after it). Resolves true when every one closed in time; a close that fails counts as
 * closed (logged): there is nothing more to do with it.
 */
export async function closeBefore(closables: readonly Closable[], deadline: Promise<void>, log: Logger): Promise<boolean> {
  const late = deadline.then(() => 'late' as const);
  for (const [index, closable] of closables.entries()) {
    const closed = closable.close().then(
      () => 'closed' as const,
      (err: Error) => {
        log.warn({ err: { name: err.name }, closing: closable.name }, 'close failed');
        return 'closed' as const;
      },
    );
    if ((await Promise.race([closed, late])) === 'late') {
      const rest = closables.slice(index);
      for (const { force } of rest) force?.();
      log.warn({ forced: rest.map((c) => c.name) }, 'closing outlasted the grace period; the rest forced');
      return false;
    }
  }
  return true;
}
