import { afterEach, describe, expect, it, vi } from 'vitest';
import { PeriodicPass } from './periodicPass.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PeriodicPass', () => {
  it('lets a tick made while a pass runs join it, and starts a new pass after it ends', async () => {
    const gate = deferred<number>();
    let passes = 0;
    const periodic = new PeriodicPass(
      () => {
        passes += 1;
        return passes === 1 ? gate.promise : Promise.resolve(passes);
      },
      { done: () => undefined, failed: () => undefined },
    );
    const first = periodic.tick();
    const joined = periodic.tick();
    expect(passes).toBe(1);
    gate.resolve(1);
    expect(await first).toBe(1);
    expect(await joined).toBe(1);
    expect(await periodic.tick()).toBe(2);
    expect(passes).toBe(2);
  });

  it('runs every pollMs, at once only when asked, and hands results and failures to the hooks', async () => {
    vi.useFakeTimers();
    const done: number[] = [];
    const failed: string[] = [];
    let passes = 0;
    const periodic = new PeriodicPass(
      async () => {
        passes += 1;
        if (passes === 2) throw new Error('database away');
        return passes;
      },
      { done: (n) => done.push(n), failed: (err) => failed.push((err as Error).message) },
    );
    const stop = periodic.start(1000, { immediately: false });
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(2001);
    expect(passes).toBe(3);
    expect(done).toEqual([1, 3]);
    expect(failed).toEqual(['database away']);
    await stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(passes).toBe(3);

    const eager = new PeriodicPass(async () => 0, { done: () => undefined, failed: () => undefined });
    const spy = vi.spyOn(eager, 'tick');
    const stopEager = eager.start(1000, { immediately: true });
    expect(spy).toHaveBeenCalledTimes(1);
    await stopEager();
  });

  it('stop waits for a running pass to end', async () => {
    const gate = deferred<number>();
    const periodic = new PeriodicPass(() => gate.promise, { done: () => undefined, failed: () => undefined });
    const stop = periodic.start(60_000, { immediately: true });
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(stopped).toBe(false);
    gate.resolve(7);
    await stopping;
    expect(stopped).toBe(true);
  });
});
