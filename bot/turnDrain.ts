// Lets an instance leave the load balancer without dropping a turn. On
// SIGTERM the instance starts draining: /readyz answers 503 at once (so the
// balancer stops sending it work), new activities are turned away with a 503
// the Bot Connector retries elsewhere, and the turns already running finish —
// with the API calls they make, which are still served — before the pools
// close, within a grace period.

export class TurnDrain {
  private running = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  /** Takes a new turn unless draining; a taken turn must be released with done(). */
  admit(): boolean {
    if (this.draining) return false;
    this.running++;
    return true;
  }

  done(): void {
    this.running = Math.max(0, this.running - 1);
    if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Stops admitting turns; resolves true once the running ones are done, false when `graceMs` ran out first. */
  async drain(graceMs: number): Promise<boolean> {
    this.draining = true;
    if (this.running === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<true>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
