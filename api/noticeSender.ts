// Sends the notices a write recorded (api/noticeOutbox.ts): the request that
// made the write, after its commit, at once (sendWithin, so the officer sees
// it as fast as before), and the notice sweep what is left (sendDue: the send
// failed, timed out, or the instance died between the commit and the send).
// Each attempt claims the row first, so several instances never send one
// notice at once. The card is composed, and need-to-know checked, now, by the
// notifier of its kind (api/breakGlassNotifier.ts, api/shareReviewNotifier.ts,
// api/escalationNotifier.ts). A notice is settled once: shown to the officer
// (in any of their chats) with its audit row in the same transaction; every
// chat refused (each marked); or dropped with its reason. One that failed
// stays claimed until its claim lapses and the sweep tries again. Never throws.
import { sendAuditedNotice, type AuditedNotice, type NotifierDeps } from './auditedNotice.js';
import { atMost } from './boundedWait.js';
import type { Clock } from './clock.js';
import type { DropReason, NoticeKind, NoticeOutbox, NoticeSubject, OutboxNotice } from './noticeOutbox.js';
import { ANNOUNCE_WAIT_MS, DEFAULT_ANNOUNCE_RETRY } from './referralNotifier.js';
import type { AnnounceRetry } from './referralRepository.js';

/** What a notice shows its officer now, or why it is not sent at all. */
export type NoticeComposer = (notice: OutboxNotice) => Promise<AuditedNotice | DropReason>;

export interface NoticeSenderDeps extends NotifierDeps {
  outbox: Pick<NoticeOutbox, 'unsettled' | 'due' | 'claim' | 'settle'>;
  composers: Record<NoticeKind, NoticeComposer>;
  clock: Clock;
  retry?: AnnounceRetry;
}

export class NoticeSender {
  constructor(private readonly deps: NoticeSenderDeps) {}

  private get retry(): AnnounceRetry {
    return this.deps.retry ?? DEFAULT_ANNOUNCE_RETRY;
  }

  /** send(), waited for at most ANNOUNCE_WAIT_MS. */
  sendWithin(subject: NoticeSubject, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.send(subject), waitMs);
  }

  /** Sends the subject's notices not yet settled, after the write that recorded them committed; never throws. */
  async send(subject: NoticeSubject): Promise<void> {
    if (!this.deps.delivery) return;
    await this.neverThrowing(async () => {
      await Promise.all((await this.deps.outbox.unsettled(subject)).map((notice) => this.attempt(notice)));
    });
  }

  /** Sends the notices due again (at most `limit`), one at a time; resolves with how many were due. */
  async sendDue(limit: number): Promise<number> {
    if (!this.deps.delivery) return 0;
    const due = await this.deps.outbox.due(this.deps.clock.now(), this.retry, limit);
    // One at a time: a sweep is catching up, not racing the officers' own turns for the connector.
    for (const notice of due) await this.neverThrowing(() => this.attempt(notice));
    return due.length;
  }

  private async attempt(notice: OutboxNotice): Promise<void> {
    const { outbox, composers, references, delivery, clock } = this.deps;
    if (!delivery || !(await outbox.claim(notice.id, clock.now(), this.retry))) return;
    const composed = await composers[notice.kind](notice);
    if (typeof composed === 'string') {
      await outbox.settle(notice.id, { outcome: 'dropped', reason: composed });
      return;
    }
    const targets = await references.usableFor([notice.officerId]);
    if (targets.length === 0) {
      await outbox.settle(notice.id, { outcome: 'dropped', reason: 'no_chat' });
      return;
    }
    const outcomes = await Promise.all(targets.map((target) => sendAuditedNotice({ ...this.deps, delivery }, target, composed, (tx) => outbox.settle(notice.id, { outcome: 'sent' }, tx))));
    // Shown in one chat: settled with its audit row. Refused in every one: nowhere left to show it.
    if (outcomes.every((o) => o.status === 'refused')) await outbox.settle(notice.id, { outcome: 'refused' });
  }

  private async neverThrowing(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'notice not sent now; it is tried again, and what it tells of shows where it is kept');
    }
  }
}
