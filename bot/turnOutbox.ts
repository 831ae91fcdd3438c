// Holds back everything a turn sends to the officer (replies and card updates) until the turn's
// state is committed. A turn whose state write loses the compare-and-set is re-run on fresh state
// (see conflictRetryingTurn.ts); if its first attempt had already reached Teams the officer would
// see the replies of a turn that, as far as the conversation state is concerned, never happened.
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';

export type Outgoing = { kind: 'send'; activities: Partial<Activity>[] } | { kind: 'update'; activity: Partial<Activity> };

const OUTBOX_KEY = Symbol('bops.turnOutbox');

export class TurnOutbox {
  private held: Outgoing[] = [];
  private passThrough = false;

  /** The outbox installed on a turn's context, if any: the turn records what it is about to send (committedTurn.ts). */
  static of(context: TurnContext): TurnOutbox | undefined {
    return context.turnState.get(OUTBOX_KEY) as TurnOutbox | undefined;
  }

  /** The context's outbox, holding from empty: installed on the first run of the turn, reused when it runs again. */
  static holding(context: TurnContext): TurnOutbox {
    const installed = TurnOutbox.of(context);
    if (!installed) return new TurnOutbox(context);
    installed.held = [];
    installed.passThrough = false;
    return installed;
  }

  /** Installs the hold on context; once per TurnContext (TurnOutbox.holding), before the turn runs. */
  private constructor(private readonly context: TurnContext) {
    context.turnState.set(OUTBOX_KEY, this);
    context.onSendActivities(async (_ctx, activities, next) => {
      if (this.passThrough) return next();
      this.held.push({ kind: 'send', activities });
      // Nothing the dialogs do depends on the ids of their own replies.
      return activities.map((): ResourceResponse => ({ id: '' }));
    });
    context.onUpdateActivity(async (_ctx, activity, next) => {
      if (this.passThrough) return next();
      this.held.push({ kind: 'update', activity });
    });
  }

  /** Forgets what the current attempt wanted to send; the next attempt starts with an empty outbox. */
  discard(): void {
    this.held = [];
  }

  /** Stops holding: from now on sends go straight out (e.g. onTurnError's message after a failed turn). */
  open(): void {
    this.passThrough = true;
  }

  /**
   * Sends what was held, in the order the turn produced it, and stops holding. A failed card update
   * is reported to onUpdateFailed and skipped (the reply after it matters more); a failed send rejects.
   */
  async deliver(onUpdateFailed: (error: Error) => void): Promise<void> {
    const held = this.held;
    this.held = [];
    this.passThrough = true;
    for (const item of held) {
      switch (item.kind) {
        case 'send':
          await this.context.sendActivities(item.activities);
          break;
        case 'update':
          await this.context.updateActivity(item.activity).catch((error: Error) => onUpdateFailed(error));
          break;
        default: {
          const never: never = item;
          throw new Error(`unknown outgoing item ${JSON.stringify(never)}`);
        }
      }
    }
  }

  /** What the current attempt holds so far, in order. */
  get pending(): readonly Outgoing[] {
    return this.held;
  }

  /** Held items, for tests. */
  get size(): number {
    return this.held.length;
  }
}
