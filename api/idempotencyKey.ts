// Idempotency-Key on creates (IETF draft-ietf-httpapi-idempotency-key-header):
// a client that did not see the answer to a create sends it again with the
// same key and gets the first outcome instead of a second assessment. The key
// is scoped to the acting officer; the request hash tells a retry from a key
// reused for something else.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on a response that repeats an earlier outcome rather than creating. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** Visible ASCII, 1–255 characters (a UUID is the usual choice); mirrors the CHECK in migration 002. */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 visible ASCII characters');

/** JSON with object keys sorted at every level, so equal bodies hash equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of an operation and its validated request body. */
export function idempotentRequestHash(operation: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${canonicalJson(body)}`, 'utf8').digest('hex');
}
