// The local signing key for dev mode: API tokens (the bot's service token and
// tokens from `npm run dev-token`) are signed with it. It lives in DATA_DIR so
// the CLI and the running server agree; production verifies Entra tokens instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';

const keyFileSchema = z.object({ kid: z.string().min(1), k: z.string().min(43) });

export interface DevSigningKey {
  kid: string;
  secret: Uint8Array;
}

export const DEV_KEY_FILE = 'dev-signing-key.json';

/** Reads the key from dataDir, creating it (mode 600) on first use. */
export function loadOrCreateDevSigningKey(dataDir: string): DevSigningKey {
  const file = join(dataDir, DEV_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const fresh = { kid: `dev-${randomBytes(4).toString('hex')}`, k: randomBytes(32).toString('base64url') };
    writeFileSync(file, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' });
  }
  const parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid dev signing key; delete it to create a new one`);
  return { kid: parsed.data.kid, secret: Buffer.from(parsed.data.k, 'base64url') };
}
