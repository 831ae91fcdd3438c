// Remembers which bearer tokens had a valid signature, so a client that sends
// the same token with every request (the bot does, for a whole dialog) is not
// made to pay for WebCrypto's key import and HMAC/RSA verification each time.
// Only the signature check and the token's claims are remembered — never the
// officer looked up for it — and an entry lives no longer than the token's own
// `exp` nor MAX_AGE_SECONDS, so a key withdrawn from the tenant's key set stops
// being trusted within that bound.
import type { JWTPayload } from 'jose';

export const VERIFIED_TOKEN_CACHE_SIZE = 5_000;
/** How long a verified signature is trusted without checking it again. */
export const VERIFIED_TOKEN_MAX_AGE_SECONDS = 300;

interface Entry {
  payload: JWTPayload;
  /** Epoch ms after which the token is verified again (and refused if expired). */
  until: number;
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = VERIFIED_TOKEN_CACHE_SIZE,
    private readonly maxAgeMs = VERIFIED_TOKEN_MAX_AGE_SECONDS * 1000,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /**
   * The claims of `token`: remembered ones while still fresh, else those
   * `verify` returns (which throws for a bad token: nothing is remembered then).
   * A token without `exp` is never remembered.
   */
  async payload(token: string, verify: (token: string) => Promise<JWTPayload>): Promise<JWTPayload> {
    const now = this.now();
    const hit = this.entries.get(token);
    if (hit !== undefined) {
      if (now < hit.until) return hit.payload;
      this.entries.delete(token);
    }
    const payload = await verify(token);
    if (typeof payload.exp === 'number') {
      const until = Math.min(payload.exp * 1000, now + this.maxAgeMs);
      // Not-before in the future: let verify() judge it again next time.
      const notYet = typeof payload.nbf === 'number' && payload.nbf * 1000 > now;
      if (until > now && !notYet) {
        this.entries.set(token, { payload, until });
        if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
      }
    }
    return payload;
  }

  get size(): number {
    return this.entries.size;
  }
}
