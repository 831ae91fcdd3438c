// The identifiers the API reads from paths and headers, each one schema: the
// routes parse with them and the OpenAPI document describes them from the same
// zod schemas. Case numbers are part of the assessment contract
// (caseNumberSchema), since bodies carry them too.
import { z } from 'zod';

export const uuidSchema = z.uuid();

/** An item id of a methodology pack, or a guideline section id: lower-case, stable, short. */
export const itemIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be 1–64 of a–z 0–9 _ - starting with a letter');

/** An officer: an Entra object id, or a dev id. */
export const officerIdSchema = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/, 'must be 1–128 of A–Z a–z 0–9 : . _ @ -');
