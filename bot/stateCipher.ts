// Encryption at rest of conversation state (AES-256-GCM). Until an answer is saved through the
// API it exists only in the conversation state, and that can be sensitive (a typed reason, a
// threat described in the officer's words); whoever reads Redis or its backups must not read that.
// Every value names the key it was sealed with, so keys can be rotated: the current key seals,
// older keys (configured for reading only) still open what they sealed until it is rewritten or
// expires. The Redis key is authenticated with the value, so a value moved to another
// conversation's key does not open. A value no configured key opens is discarded and the officer
// told (unreadableState.ts), so roll a new key out as a previous key everywhere before any
// instance seals with it, and keep the old one configured for a conversation lifetime after.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'aesgcm1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const STATE_KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

export type StateCipherReason = 'unknown_key' | 'malformed' | 'not_authentic';

/** A sealed value could not be opened; says why without echoing the value. */
export class StateCipherError extends Error {
  override readonly name = 'StateCipherError';
  constructor(
    readonly reason: StateCipherReason,
    readonly keyId: string | undefined,
  ) {
    super(`state value cannot be decrypted (${reason}${keyId ? `, key id "${keyId}"` : ''})`);
  }
}

export interface StateKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export class StateCipher {
  private readonly keys: Map<string, Buffer>;

  /** current seals and opens; previous only open (rotation). */
  constructor(
    private readonly current: StateKey,
    previous: StateKey[] = [],
  ) {
    for (const k of [current, ...previous]) {
      if (!KEY_ID_PATTERN.test(k.id)) throw new TypeError(`state key id "${k.id}" must match ${KEY_ID_PATTERN}`);
      if (k.key.length !== STATE_KEY_BYTES) throw new TypeError(`state key "${k.id}" must be ${STATE_KEY_BYTES} bytes`);
    }
    this.keys = new Map([...previous, current].map((k) => [k.id, k.key]));
  }

  /** Whether stored text is a sealed value (plain JSON documents start with "{"). */
  static isSealed(stored: string): boolean {
    return stored.startsWith(`${FORMAT}:`);
  }

  /** aesgcm1:<key id>:<iv>:<tag>:<ciphertext>, base64url; context is authenticated but not stored. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  }

  open(stored: string, context: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new StateCipherError('malformed', undefined);
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new StateCipherError('unknown_key', keyId);
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new StateCipherError('malformed', keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new StateCipherError('not_authentic', keyId);
    }
  }

  /** The key id new values are sealed with. */
  get currentKeyId(): string {
    return this.current.id;
  }
}
