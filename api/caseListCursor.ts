// The opaque `cursor` of a case's assessment list: where the next page starts
// (keyset pagination on created_at, id), so pages stay stable while new
// assessments arrive and the database never counts past skipped rows.
import { z } from 'zod';
import type { CaseListPosition } from './assessmentRepository.js';

const positionSchema = z.strictObject({
  t: z.string().regex(/^-?\d{1,19}$/),
  id: z.uuid(),
});

export function encodeCaseListCursor(position: CaseListPosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAtMicros, id: position.id }), 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this server issued. */
export function decodeCaseListCursor(cursor: string): CaseListPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = positionSchema.safeParse(json);
  return parsed.success ? { createdAtMicros: parsed.data.t, id: parsed.data.id } : undefined;
}
