// Sends the referral cards that did not arrive (issue 12, item 1): a completion
// announces its referral at once, but the Bot Connector can be down, a send
// can time out, and an instance can die between the completion's commit and
// the send. Every poll this asks the referrals for the ones with a chat still
// without its card and a claimable attempt, and announces them again through
// the same ReferralNotifier, whose per-chat claim keeps several instances from
// sending one card twice. Time comes from the injected clock, so tests call
// tick() instead of waiting.
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { ReferralNotifier } from './referralNotifier.js';
import type { ReferralRepository } from './referralRepository.js';

/** Referrals announced again in one tick at most; the rest wait for the next. */
export const REFERRALS_PER_TICK = 50;

export interface ReferralSweepDeps {
  referrals: Pick<ReferralRepository, 'unannounced'>;
  notifier: Pick<ReferralNotifier, 'announceReferral' | 'retry'>;
  clock: Clock;
  pollMs: number;
  log: Logger;
}

export class ReferralSweep {
  private running: Promise<number> | undefined;

  constructor(private readonly deps: ReferralSweepDeps) {}

  /** One pass; resolves with the number of referrals announced again. Calls made while a pass runs share it. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { referrals, notifier, clock } = this.deps;
    const due = await referrals.unannounced(clock.now(), notifier.retry, REFERRALS_PER_TICK);
    // One at a time: a sweep is catching up, not racing the officers' own turns for the connector.
    for (const referral of due) await notifier.announceReferral(referral, null);
    return due.length;
  }

  /** Ticks every pollMs; the returned stop waits for a running tick. Failures are logged, not thrown. */
  start(): () => Promise<void> {
    const { pollMs, log } = this.deps;
    const run = () =>
      void this.tick().then(
        (announced) => {
          if (announced > 0) log.info({ announced }, 'referral cards sent again');
        },
        (err: unknown) => log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'referral sweep failed'),
      );
    const timer = setInterval(run, pollMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.running?.catch(() => undefined);
    };
  }
}
