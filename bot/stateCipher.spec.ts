import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StateCipher, StateCipherError } from './stateCipher.js';

const k1 = { id: 'k2026-10', key: randomBytes(32) };
const k2 = { id: 'k2026-11', key: randomBytes(32) };
const CONTEXT = 'bops:{msteams/bot/conversations/a:1}';
const SECRET = '{"reason":"Fiktiv motivering om hot"}';

describe('StateCipher', () => {
  it('seals to text that names the key id and shows nothing of the value, and opens it again', () => {
    const cipher = new StateCipher(k1);
    const sealed = cipher.seal(SECRET, CONTEXT);
    expect(sealed.startsWith('aesgcm1:k2026-10:')).toBe(true);
    expect(sealed).not.toContain('Fiktiv');
    expect(StateCipher.isSealed(sealed)).toBe(true);
    expect(StateCipher.isSealed(SECRET)).toBe(false);
    expect(cipher.open(sealed, CONTEXT)).toBe(SECRET);
    // A fresh IV every time: equal states do not look equal at rest.
    expect(cipher.seal(SECRET, CONTEXT)).not.toBe(sealed);
  });

  it('opens values of an older key after rotation and seals with the new one', () => {
    const sealedBefore = new StateCipher(k1).seal(SECRET, CONTEXT);
    const rotated = new StateCipher(k2, [k1]);
    expect(rotated.open(sealedBefore, CONTEXT)).toBe(SECRET);
    expect(rotated.seal(SECRET, CONTEXT).startsWith('aesgcm1:k2026-11:')).toBe(true);
    expect(rotated.currentKeyId).toBe('k2026-11');
  });

  it('refuses a value of an unknown key, a tampered value, a value moved to another key and garbage — with a reason', () => {
    const sealed = new StateCipher(k1).seal(SECRET, CONTEXT);
    const reasonOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(StateCipherError);
        return (error as StateCipherError).reason;
      }
      return 'opened';
    };
    expect(reasonOf(() => new StateCipher(k2).open(sealed, CONTEXT))).toBe('unknown_key');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    parts[4] = body.toString('base64url');
    expect(reasonOf(() => new StateCipher(k1).open(parts.join(':'), CONTEXT))).toBe('not_authentic');
    expect(reasonOf(() => new StateCipher(k1).open(sealed, 'bops:{msteams/bot/conversations/a:2}'))).toBe('not_authentic');
    expect(reasonOf(() => new StateCipher(k1).open('aesgcm1:k2026-10:xx', CONTEXT))).toBe('malformed');
  });

  it('refuses keys of the wrong size and unsafe key ids', () => {
    expect(() => new StateCipher({ id: 'k1', key: randomBytes(16) })).toThrow('32 bytes');
    expect(() => new StateCipher({ id: 'bad:id', key: randomBytes(32) })).toThrow('key id');
  });
});
