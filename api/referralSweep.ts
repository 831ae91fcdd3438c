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
import { PeriodicPass } from './periodicPass.js';
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
  private readonly periodic: PeriodicPass<number>;

  constructor(private readonly deps: ReferralSweepDeps) {
    this.periodic = new PeriodicPass(() => this.pass(), {
      done: (announced) => {
        if (announced > 0) deps.log.info({ announced }, 'referral cards sent again');
      },
      failed: (err) => deps.log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'referral sweep failed'),
    });
  }

  /** One pass; resolves with the number of referrals announced again. Calls made while a pass runs share it. */
  tick(): Promise<number> {
    return this.periodic.tick();
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
    return this.periodic.start(this.deps.pollMs, { immediately: false });
  }
}
