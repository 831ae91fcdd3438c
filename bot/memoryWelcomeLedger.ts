// The welcome ledger of in-memory state (no REDIS_URL): one process, lost on restart, like the
// rest of that state — a dev setup greets again after a restart.
import type { WelcomeLedger } from './welcomeLedger.js';

export class MemoryWelcomeLedger implements WelcomeLedger {
  private readonly welcomed = new Set<string>();

  async claim(conversationKey: string): Promise<boolean> {
    if (this.welcomed.has(conversationKey)) return false;
    this.welcomed.add(conversationKey);
    return true;
  }

  async forget(conversationKey: string): Promise<void> {
    this.welcomed.delete(conversationKey);
  }
}
