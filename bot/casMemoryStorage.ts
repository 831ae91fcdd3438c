// The in-memory state storage used when REDIS_URL is unset: the same eTag contract as RedisStorage
// (create-only first writes, compare-and-set after), unlike botbuilder's MemoryStorage, so local
// runs and tests behave like production. Not durable: everything is lost on restart.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { parseStoredDocument, unreadableStateItem } from './unreadableState.js';

/** The exact text teams-ai (and botbuilder's MemoryStorage) use; teams-ai matches on it. */
export function eTagConflictError(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

const CONFLICT_PATTERN = /^Storage: error writing ".*" due to eTag conflict\.$/s;

/** Whether error is the compare-and-set conflict of any of our Storages (or botbuilder's MemoryStorage). */
export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && CONFLICT_PATTERN.test(error.message);
}

/** Checked before anything is stored, so a bad item cannot leave a half-applied write behind. */
export function assertStoreItem(key: string, item: unknown): void {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new TypeError(`Storage: value of "${key}" must be a JSON object`);
  }
}

export class CasMemoryStorage implements Storage {
  // Documents are kept as JSON text: copies in and out, and exactly what survives a Redis round trip.
  private readonly items = new Map<string, { eTag: string; doc: string }>();

  /** Like RedisStorage, hands a document that is not a JSON object to the turn as an unreadable-state item. */
  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const stored = this.items.get(key);
      if (!stored) continue;
      const parsed = parseStoredDocument(stored.doc);
      items[key] = 'doc' in parsed ? { ...parsed.doc, eTag: stored.eTag } : unreadableStateItem(parsed.unreadable, stored.eTag);
    }
    return items;
  }

  /** Each key is compared-and-set on its own, as in RedisStorage; the error names the first conflict. */
  async write(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    for (const key of keys) assertStoreItem(key, changes[key]);
    let conflict: Error | undefined;
    for (const key of keys) {
      const { eTag, ...doc } = changes[key]!;
      const expected = typeof eTag === 'string' ? eTag : '';
      const current = this.items.get(key);
      const allowed = expected === '*' || (expected === '' ? current === undefined : current?.eTag === expected);
      if (allowed) this.items.set(key, { eTag: randomUUID(), doc: JSON.stringify(doc) });
      else conflict ??= eTagConflictError(key);
    }
    if (conflict) throw conflict;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}
