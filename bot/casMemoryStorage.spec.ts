// Runs the shared Storage contract against the in-memory default, and its handling of a damaged document.
import { describe, expect, it } from 'vitest';
import { describeStorageContract } from '../test/storageContract.js';
import { CasMemoryStorage } from './casMemoryStorage.js';
import { takeUnreadableState } from './unreadableState.js';

describeStorageContract('CasMemoryStorage', async () => ({
  storage: new CasMemoryStorage(),
  dispose: async () => {},
}));

describe('CasMemoryStorage — a document that is not a JSON object', () => {
  it('comes back as an unreadable item that a write with its eTag replaces', async () => {
    const storage = new CasMemoryStorage();
    const key = 'msteams/bot-1/conversations/a:damaged';
    await storage.write({ [key]: { n: 1 } });
    // Only a fault can put such a document there; reach in as that fault would.
    const items = Reflect.get(storage, 'items') as Map<string, { eTag: string; doc: string }>;
    items.set(key, { ...items.get(key)!, doc: '[1,2]' });
    const scope = { ...(await storage.read([key]))[key]! } as Record<string, unknown>;
    expect(takeUnreadableState(scope)).toBe('not_an_object');
    await storage.write({ [key]: { ...scope, n: 2 } });
    expect((await storage.read([key]))[key]).toMatchObject({ n: 2 });
  });
});
