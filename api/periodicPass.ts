// The loop the background jobs share (the reminders, the referral and notice sweeps):
// a pass that calls made while it runs join instead of starting a second one,
// a timer that runs it every pollMs without keeping the process alive, and a
// stop that waits for a running pass so shutdown never cuts one in half.
// Failures are handed to the job to log; the loop itself never throws.

export interface PeriodicPassHooks<T> {
  /** Called with each finished pass's result. */
  done(result: T): void;
  /** Called when a pass fails; a later pass tries again. */
  failed(err: unknown): void;
}

export class PeriodicPass<T> {
  private running: Promise<T> | undefined;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly hooks: PeriodicPassHooks<T>,
  ) {}

  /** One pass; calls made while a pass runs share it. */
  tick(): Promise<T> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Ticks every pollMs (and at once when asked); the returned stop waits for a running tick. */
  start(pollMs: number, options: { immediately: boolean }): () => Promise<void> {
    const run = () => void this.tick().then((result) => this.hooks.done(result), (err: unknown) => this.hooks.failed(err));
    if (options.immediately) run();
    const timer = setInterval(run, pollMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.running?.catch(() => undefined);
    };
  }
}
