// Draining: no new turn is taken once it starts, the running ones are waited
// for, and the wait ends at the grace period whatever happens.
import { describe, expect, it } from 'vitest';
import { TurnDrain } from './turnDrain.js';

describe('turn drain', () => {
  it('waits for the running turns and takes no new one meanwhile', async () => {
    const drain = new TurnDrain();
    expect(drain.admit()).toBe(true);
    expect(drain.admit()).toBe(true);
    const drained = drain.drain(10_000);
    expect(drain.isDraining).toBe(true);
    expect(drain.admit()).toBe(false);
    drain.done();
    let settled = false;
    void drained.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    drain.done();
    expect(await drained).toBe(true);
  });

  it('is done at once with no turn running, and gives up at the grace period', async () => {
    expect(await new TurnDrain().drain(10_000)).toBe(true);
    const stuck = new TurnDrain();
    stuck.admit();
    expect(await stuck.drain(20)).toBe(false);
  });
});
