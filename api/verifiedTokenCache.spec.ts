import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verifiedTokenCache.js';

/** A clock the test moves, and a verifier that counts its calls and refuses 'bad'. */
function setUp(capacity = 10, maxAgeMs = 300_000) {
  let now = 1_000_000_000_000;
  let calls = 0;
  const claims = new Map<string, JWTPayload>();
  const verify = async (token: string) => {
    calls += 1;
    const payload = claims.get(token);
    if (!payload) throw new Error('bad signature');
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= now) throw new Error('expired');
    return payload;
  };
  const cache = new VerifiedTokenCache(capacity, maxAgeMs, () => now);
  return {
    cache,
    verify,
    claims,
    calls: () => calls,
    advance: (ms: number) => void (now += ms),
    inSeconds: (s: number) => Math.floor(now / 1000) + s,
  };
}

describe('VerifiedTokenCache', () => {
  it('verifies a token once and answers repeats from memory', async () => {
    const t = setUp();
    t.claims.set('tok', { sub: 'officer-1', exp: t.inSeconds(3600) });
    expect(await t.cache.payload('tok', t.verify)).toMatchObject({ sub: 'officer-1' });
    expect(await t.cache.payload('tok', t.verify)).toMatchObject({ sub: 'officer-1' });
    expect(t.calls()).toBe(1);
  });

  it('remembers no refusal: a bad token is checked, and refused, every time', async () => {
    const t = setUp();
    await expect(t.cache.payload('bad', t.verify)).rejects.toThrow('bad signature');
    await expect(t.cache.payload('bad', t.verify)).rejects.toThrow('bad signature');
    expect(t.calls()).toBe(2);
    expect(t.cache.size).toBe(0);
  });

  it('checks a token again once it expires, and then refuses it', async () => {
    const t = setUp();
    t.claims.set('tok', { exp: t.inSeconds(60) });
    await t.cache.payload('tok', t.verify);
    t.advance(59_000);
    await t.cache.payload('tok', t.verify);
    expect(t.calls()).toBe(1);
    t.advance(2_000);
    await expect(t.cache.payload('tok', t.verify)).rejects.toThrow('expired');
    expect(t.calls()).toBe(2);
  });

  it('trusts a remembered signature no longer than its maximum age', async () => {
    const t = setUp(10, 5_000);
    t.claims.set('tok', { exp: t.inSeconds(3600) });
    await t.cache.payload('tok', t.verify);
    t.advance(4_999);
    await t.cache.payload('tok', t.verify);
    expect(t.calls()).toBe(1);
    t.advance(2);
    // The key set changed meanwhile: the token no longer verifies.
    t.claims.delete('tok');
    await expect(t.cache.payload('tok', t.verify)).rejects.toThrow('bad signature');
  });

  it('never remembers a token without exp, or one not valid yet', async () => {
    const t = setUp();
    t.claims.set('no-exp', { sub: 'x' });
    t.claims.set('not-yet', { exp: t.inSeconds(3600), nbf: t.inSeconds(30) });
    for (let i = 0; i < 2; i++) {
      await t.cache.payload('no-exp', t.verify);
      await t.cache.payload('not-yet', t.verify);
    }
    expect(t.calls()).toBe(4);
    expect(t.cache.size).toBe(0);
  });

  it('holds at most its capacity, dropping the oldest', async () => {
    const t = setUp(2);
    for (const tok of ['a', 'b', 'c']) t.claims.set(tok, { exp: t.inSeconds(3600) });
    for (const tok of ['a', 'b', 'c']) await t.cache.payload(tok, t.verify);
    expect(t.cache.size).toBe(2);
    await t.cache.payload('c', t.verify);
    await t.cache.payload('a', t.verify);
    expect(t.calls()).toBe(4);
  });
});
