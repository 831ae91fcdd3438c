// Who is responsible for a measure, or decided it (protection_measures.responsible
// and decided_by): an authority of the method's code list (DECISION_MAKERS:
// 'socialtjanst', 'aklagare', …) or an officer's work identity. Both used to
// pass as any word of the officer-id shape, so a misspelt authority
// ('socialtjansten') was stored: the PDF showed the raw code, the chat "another
// officer", and the figures could not count it (migration 102). Every code of
// the list is one lower-case word, and no officer id the product makes is one —
// an Entra object id is a GUID, a dev id from the chat is 'dev:…'
// (bot/officerIdentity.ts) — so a lower-case word outside the list is a wrong
// authority, never an officer. Any other value of the officer-id shape is taken
// as an officer, as before.
import { z } from 'zod';
import { DECISION_MAKERS } from '../methodology/packSchema.js';
import { officerIdSchema } from './idSchemas.js';

/** The shape every authority code has. */
const AUTHORITY_SHAPE = /^[a-z]+$/;

const isAuthority = (value: string): boolean => (DECISION_MAKERS as readonly string[]).includes(value);

/** An authority of DECISION_MAKERS or an officer id; a lower-case word outside the list is refused, naming the list. */
export const measureActorSchema = officerIdSchema.superRefine((value, ctx) => {
  if (AUTHORITY_SHAPE.test(value) && !isAuthority(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an authority of the code list (${DECISION_MAKERS.join(', ')}) or an officer id; a single lower-case word is an authority's code, and this one is not on the list`,
      params: { expected: DECISION_MAKERS },
    });
  }
});
