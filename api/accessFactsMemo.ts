// Remembers the access facts of recently used assessments (owner, region,
// level, instrument, pack), so an officer saving answer after answer is not
// made to wait for the same read before every save. The facts are a hint,
// never the authority: a write guarded by them (WriteCondition.decidedOn)
// applies only if they still hold in the database, and a miss makes the caller
// forget them, read afresh and decide again. So a stale entry can cost a round
// trip but never let a write through that fresh facts would refuse, and the
// memo needs no invalidation across API instances.
import type { AccessFacts } from './assessmentRepository.js';

/** Enough for every draft in progress at once across a large region. */
export const ACCESS_FACTS_MEMO_SIZE = 10_000;

export class AccessFactsMemo {
  private readonly entries = new Map<string, AccessFacts>();

  constructor(private readonly capacity = ACCESS_FACTS_MEMO_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get(assessmentId: string): AccessFacts | undefined {
    const facts = this.entries.get(assessmentId);
    if (facts !== undefined) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(assessmentId);
      this.entries.set(assessmentId, facts);
    }
    return facts;
  }

  remember(assessmentId: string, facts: AccessFacts): void {
    const { region, officerId, level, instrumentId, pack } = facts;
    this.entries.delete(assessmentId);
    this.entries.set(assessmentId, { region, officerId, level, instrumentId, pack: { ...pack } });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(assessmentId: string): void {
    this.entries.delete(assessmentId);
  }

  get size(): number {
    return this.entries.size;
  }
}
