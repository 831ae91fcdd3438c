// Runs the turns of one conversation one after another on this instance.
// Officers tap quickly and Teams may deliver two activities at once; running
// them concurrently would make both turns read the same state and one of the
// writes lose the compare-and-set. Different conversations still run in parallel.

export class ConversationQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs task after every earlier task of the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget the key once nothing is queued behind this task, so the map does not grow with every conversation ever seen.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Conversations with a turn running or waiting; for tests and metrics. */
  get size(): number {
    return this.tails.size;
  }
}
