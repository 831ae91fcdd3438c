// Sends the notices a write recorded that were not sent (api/noticeSender.ts):
// the request sends them after its commit, but the Bot Connector can be down,
// a send can time out, and an instance can die between the commit and the
// send. Every poll this sends the notices whose claim lapsed, through the same
// sender, whose per-notice claim keeps several instances from sending one
// twice — the referral sweep's way (api/referralSweep.ts), on the same loop.
// Time comes from the injected clock, so tests call tick() instead of waiting.
import type { Logger } from 'pino';
import type { NoticeSender } from './noticeSender.js';
import { PeriodicPass } from './periodicPass.js';

/** Notices sent again in one tick at most; the rest wait for the next. */
export const NOTICES_PER_TICK = 50;

export class NoticeSweep {
  private readonly periodic: PeriodicPass<number>;

  constructor(private readonly deps: { sender: Pick<NoticeSender, 'sendDue'>; pollMs: number; log: Logger }) {
    this.periodic = new PeriodicPass(() => deps.sender.sendDue(NOTICES_PER_TICK), {
      done: (due) => {
        if (due > 0) deps.log.info({ due }, 'notices sent again');
      },
      failed: (err) => deps.log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'notice sweep failed'),
    });
  }

  /** One pass; resolves with the number of notices that were due. Calls made while a pass runs share it. */
  tick(): Promise<number> {
    return this.periodic.tick();
  }

  /** Ticks every pollMs; the returned stop waits for a running tick. Failures are logged, not thrown. */
  start(): () => Promise<void> {
    return this.periodic.start(this.deps.pollMs, { immediately: false });
  }
}
