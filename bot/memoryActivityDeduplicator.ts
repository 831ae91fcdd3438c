// The deduplicator used with in-memory state (no REDIS_URL): one process, so a map of claimed ids
// with their expiry is enough. Expired entries are swept on claim, so the map stays as small as the
// traffic of one window.
import type { ActivityDeduplicator } from './activityDeduplicator.js';

export class MemoryActivityDeduplicator implements ActivityDeduplicator {
  private readonly expiresAt = new Map<string, number>();
  private readonly windowMs: number;

  constructor(
    windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  async claim(conversationKey: string, activityId: string): Promise<boolean> {
    const now = this.now();
    // Insertion order is expiry order (one window for all), so the sweep stops at the first live entry.
    for (const [key, expires] of this.expiresAt) {
      if (expires > now) break;
      this.expiresAt.delete(key);
    }
    const key = JSON.stringify([conversationKey, activityId]);
    if (this.expiresAt.has(key)) return false;
    this.expiresAt.set(key, now + this.windowMs);
    return true;
  }

  async release(conversationKey: string, activityId: string): Promise<void> {
    this.expiresAt.delete(JSON.stringify([conversationKey, activityId]));
  }

  /** Claims held; for tests. */
  get size(): number {
    return this.expiresAt.size;
  }
}
