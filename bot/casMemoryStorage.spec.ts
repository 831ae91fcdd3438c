// Runs the shared Storage contract against the in-memory default.
import { describeStorageContract } from '../test/storageContract.js';
import { CasMemoryStorage } from './casMemoryStorage.js';

describeStorageContract('CasMemoryStorage', async () => ({
  storage: new CasMemoryStorage(),
  dispose: async () => {},
}));
