// Closing within the grace period, with fake resources and a deadline the test settles itself:
// a resource that never closes does not hold the rest, and what is left is forced.
import { describe, expect, it } from 'vitest';
import { closeBefore, type Closable } from './boundedClose.js';
import { captureLog } from '../test/capturedLog.js';

/** A resource that records what happened to it; `hangs` makes its close never settle. */
function resource(name: string, done: string[], hangs = false): Closable {
  return {
    name,
    close: () => (hangs ? new Promise<void>(() => undefined) : Promise.resolve(void done.push(`${name} closed`))),
    force: () => void done.push(`${name} forced`),
  };
}

const never = new Promise<void>(() => undefined);

describe('closeBefore', () => {
  it('closes every resource in order when each closes before the deadline', async () => {
    const done: string[] = [];
    expect(await closeBefore([resource('http', done), resource('database', done), resource('redis', done)], never, captureLog().log)).toBe(true);
    expect(done).toEqual(['http closed', 'database closed', 'redis closed']);
  });

  it('forces the one that hangs and those after it once the deadline passes, and says which', async () => {
    const done: string[] = [];
    const captured = captureLog('warn');
    let expire!: () => void;
    const deadline = new Promise<void>((resolve) => (expire = resolve));
    const closing = closeBefore([resource('http', done), resource('database', done, true), resource('redis', done)], deadline, captured.log);
    await expect.poll(() => done).toEqual(['http closed']);
    expire();
    expect(await closing).toBe(false);
    expect(done).toEqual(['http closed', 'database forced', 'redis forced']);
    expect(captured.take()).toEqual([expect.objectContaining({ msg: 'closing outlasted the grace period; the rest forced', forced: ['database', 'redis'] })]);
  });

  it('goes on past a resource whose close fails', async () => {
    const done: string[] = [];
    const failing: Closable = { name: 'api', close: () => Promise.reject(new Error('pool already ended')) };
    expect(await closeBefore([failing, resource('redis', done)], never, captureLog().log)).toBe(true);
    expect(done).toEqual(['redis closed']);
  });
});
