// The state-storage contract written once, run against every Storage the bot can use, so the
// in-memory default cannot drift from Redis in the eTag rules teams-ai relies on.
import type { Storage, StoreItems } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

export interface StorageUnderTest {
  storage: Storage;
  dispose(): Promise<void>;
}

const CONVERSATION = 'msteams/bot-1/conversations/a:conv-1';
const USER = 'msteams/bot-1/users/29:user-1';

export function conflictMessage(key: string): string {
  return `Storage: error writing "${key}" due to eTag conflict.`;
}

async function expectConflict(promise: Promise<unknown>, key: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe(conflictMessage(key));
}

export function describeStorageContract(name: string, makeStorage: () => Promise<StorageUnderTest>): void {
  describe(`${name} — Storage eTag contract`, () => {
    let underTest: StorageUnderTest;
    let storage: Storage;

    beforeEach(async () => {
      underTest = await makeStorage();
      storage = underTest.storage;
    });
    afterEach(async () => {
      await underTest.dispose();
    });

    async function readOne(key: string): Promise<StoreItems[string] | undefined> {
      return (await storage.read([key]))[key];
    }

    it('returns nothing for a key that does not exist', async () => {
      expect(await storage.read([CONVERSATION])).toEqual({});
      expect(await storage.read([])).toEqual({});
    });

    it('round-trips a document and adds a fresh string eTag', async () => {
      const doc = { step: 'q3', answers: { q1: 'ja', q2: ['a', 'b'] }, count: 2, flag: false, none: null };
      await storage.write({ [CONVERSATION]: doc });
      const items = await storage.read([CONVERSATION, USER]);
      expect(Object.keys(items)).toEqual([CONVERSATION]);
      const { eTag, ...rest } = items[CONVERSATION]!;
      expect(typeof eTag).toBe('string');
      expect(eTag).not.toBe('');
      expect(eTag).not.toBe('*');
      expect(rest).toEqual(doc);
    });

    it('compare-and-set with the current eTag succeeds and changes the eTag', async () => {
      await storage.write({ [CONVERSATION]: { n: 1 } });
      const first = (await readOne(CONVERSATION))!;
      await storage.write({ [CONVERSATION]: { ...first, n: 2 } });
      const second = (await readOne(CONVERSATION))!;
      expect(second.n).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
    });

    it('rejects a stale eTag with the exact conflict message and keeps the newer value', async () => {
      await storage.write({ [CONVERSATION]: { n: 1 } });
      const stale = (await readOne(CONVERSATION))!;
      await storage.write({ [CONVERSATION]: { ...stale, n: 2 } });
      await expectConflict(storage.write({ [CONVERSATION]: { ...stale, n: 3 } }), CONVERSATION);
      expect((await readOne(CONVERSATION))!.n).toBe(2);
    });

    it("writes unconditionally with eTag '*', over an existing key or a missing one", async () => {
      await storage.write({ [CONVERSATION]: { n: 1 } });
      await storage.write({ [CONVERSATION]: { n: 2, eTag: '*' } });
      await storage.write({ [USER]: { lang: 'sv', eTag: '*' } });
      const items = await storage.read([CONVERSATION, USER]);
      expect(items[CONVERSATION]!.n).toBe(2);
      expect(items[CONVERSATION]!.eTag).not.toBe('*');
      expect(items[USER]!.lang).toBe('sv');
    });

    it('makes a write without eTag create-only: of two first messages exactly one wins', async () => {
      // Both turns read "nothing", so both write without eTag (what teams-ai TurnState.save does).
      expect(await storage.read([CONVERSATION])).toEqual({});
      expect(await storage.read([CONVERSATION])).toEqual({});
      const results = await Promise.allSettled([
        storage.write({ [CONVERSATION]: { from: 'first' } }),
        storage.write({ [CONVERSATION]: { from: 'second' } }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason.message).toBe(conflictMessage(CONVERSATION));
      const winner = results[0]!.status === 'fulfilled' ? 'first' : 'second';
      expect((await readOne(CONVERSATION))!.from).toBe(winner);
      // An empty eTag means the same as none.
      await expectConflict(storage.write({ [CONVERSATION]: { from: 'third', eTag: '' } }), CONVERSATION);
    });

    it('rejects an eTag write when the key was deleted meanwhile, and does not recreate it', async () => {
      await storage.write({ [CONVERSATION]: { n: 1 } });
      const item = (await readOne(CONVERSATION))!;
      await storage.delete([CONVERSATION]);
      await expectConflict(storage.write({ [CONVERSATION]: { ...item, n: 2 } }), CONVERSATION);
      expect(await storage.read([CONVERSATION])).toEqual({});
    });

    it('deletes keys and ignores keys that do not exist', async () => {
      await storage.write({ [CONVERSATION]: { n: 1 }, [USER]: { lang: 'en' } });
      await storage.delete([CONVERSATION, 'msteams/bot-1/conversations/never-written']);
      expect(await storage.read([CONVERSATION, USER])).toEqual({ [USER]: expect.objectContaining({ lang: 'en' }) });
      await storage.delete([]);
    });

    it('hands out copies: mutating what was written or read does not change storage', async () => {
      const written = { nested: { list: [1, 2] } };
      await storage.write({ [CONVERSATION]: written });
      written.nested.list.push(3);
      const read = (await readOne(CONVERSATION))!;
      expect(read.nested).toEqual({ list: [1, 2] });
      read.nested.list.push(4);
      read.eTag = 'tampered';
      const again = (await readOne(CONVERSATION))!;
      expect(again.nested).toEqual({ list: [1, 2] });
      expect(again.eTag).not.toBe('tampered');
    });

    it('does not store the eTag it was given and does not touch the caller object', async () => {
      await storage.write({ [CONVERSATION]: { n: 1 } });
      const item = (await readOne(CONVERSATION))!;
      const next = { ...item, n: 2 };
      await storage.write({ [CONVERSATION]: next });
      expect(next.eTag).toBe(item.eTag);
      const stored = (await readOne(CONVERSATION))!;
      expect(Object.keys(stored).filter((k) => k === 'eTag')).toHaveLength(1);
      expect(stored.eTag).not.toBe(item.eTag);
    });

    it('applies each key of a multi-key write independently and names the conflicting key', async () => {
      await storage.write({ [CONVERSATION]: { n: 1 } });
      const stale = (await readOne(CONVERSATION))!;
      await storage.write({ [CONVERSATION]: { ...stale, n: 2 } });
      await expectConflict(storage.write({ [CONVERSATION]: { ...stale, n: 3 }, [USER]: { lang: 'en' } }), CONVERSATION);
      const items = await storage.read([CONVERSATION, USER]);
      expect(items[CONVERSATION]!.n).toBe(2);
      expect(items[USER]!.lang).toBe('en');
    });

    it('rejects a value that is not a JSON object before writing anything', async () => {
      await expect(storage.write({ [USER]: { ok: true }, [CONVERSATION]: null })).rejects.toThrow(TypeError);
      expect(await storage.read([USER, CONVERSATION])).toEqual({});
    });

    it('ends with exactly 100 after 100 concurrent read-modify-write increments that retry on conflict', async () => {
      let conflicts = 0;
      const increment = async (): Promise<void> => {
        for (;;) {
          const current = (await storage.read([CONVERSATION]))[CONVERSATION];
          const next = { ...(current ?? {}), count: ((current?.count as number | undefined) ?? 0) + 1 };
          try {
            await storage.write({ [CONVERSATION]: next });
            return;
          } catch (error) {
            if ((error as Error).message !== conflictMessage(CONVERSATION)) throw error;
            conflicts++;
          }
        }
      };
      await Promise.all(Array.from({ length: 100 }, increment));
      expect((await readOne(CONVERSATION))!.count).toBe(100);
      // Without contention the test would prove nothing about compare-and-set.
      expect(conflicts).toBeGreaterThan(0);
    });
  });
}
