// The HTTP contract of the RRI log (issue 16, item 1): riskreducerande
// insatser offered to the threat actor of a case, and what follow-up showed.
// Codes, dates and officer ids only — no free text — so the log can be
// counted for the method's evaluation without ever holding a story about a
// person. migrations/070_rri_log.sql mirrors the vocabularies.
import { z } from 'zod';
import { officerIdSchema } from './idSchemas.js';

/** How the offer reached the threat actor: in person, by phone, by letter, or a video meeting. */
export const RRI_CONTACT_KINDS = ['personligt_mote', 'telefon', 'brev', 'digitalt_mote'] as const;
export type RriContactKind = (typeof RRI_CONTACT_KINDS)[number];

/** What the follow-up found about the threatening behaviour (the method's four outcomes). */
export const RRI_OUTCOMES = ['stopped', 'decreased', 'unchanged', 'increased'] as const;
export type RriOutcome = (typeof RRI_OUTCOMES)[number];

/** Where the follow-up's knowledge came from. */
export const RRI_OUTCOME_SOURCES = ['skyddsperson', 'hotaktor', 'polisens_register', 'annan_myndighet'] as const;
export type RriOutcomeSource = (typeof RRI_OUTCOME_SOURCES)[number];

/** The roles a person recorded in the case may have to be the threat actor of an RRI contact. */
/** Why a contact's threat actor is refused — also what an officer is told of a protected one they may not see. */
export const NOT_A_THREAT_ACTOR = 'the threat actor must be a person of the case with role hotaktor or misstankt';

export const RRI_THREAT_ACTOR_ROLES = ['hotaktor', 'misstankt'] as const;

const timestamp = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString()));
const isoDate = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2199-12-31', 'must be a date between 2000 and 2199');

export const addRriContactRequestSchema = z
  .strictObject({
    contactedOn: isoDate,
    kind: z.enum(RRI_CONTACT_KINDS),
    accepted: z.boolean(),
    /** Talks held so far under this offer; a declined offer holds none. */
    talksHeld: z.number().int().min(0).max(100).default(0),
    /** The officer who made the contact, a provisioned and active one (else 422 invalid-reference); defaults to the caller. */
    officerId: officerIdSchema.optional(),
    /** The threat actor as a person of the case (role hotaktor or misstankt), when recorded there. */
    threatActorId: z.uuid().nullable().default(null),
  })
  .refine((c) => c.accepted || c.talksHeld === 0, { path: ['talksHeld'], message: 'a declined offer holds no talks' });
export type AddRriContactRequest = z.input<typeof addRriContactRequestSchema>;

export const addRriOutcomeRequestSchema = z.strictObject({
  followedUpOn: isoDate,
  outcome: z.enum(RRI_OUTCOMES),
  source: z.enum(RRI_OUTCOME_SOURCES),
});
export type AddRriOutcomeRequest = z.input<typeof addRriOutcomeRequestSchema>;

export const rriContactResponseSchema = z.object({
  id: z.uuid(),
  threatActorId: z.uuid().nullable(),
  contactedOn: isoDate,
  kind: z.enum(RRI_CONTACT_KINDS),
  accepted: z.boolean(),
  talksHeld: z.number().int().min(0),
  officerId: z.string(),
  createdBy: z.string(),
  createdAt: timestamp,
});

export const rriOutcomeResponseSchema = z.object({
  id: z.uuid(),
  followedUpOn: isoDate,
  outcome: z.enum(RRI_OUTCOMES),
  source: z.enum(RRI_OUTCOME_SOURCES),
  createdBy: z.string(),
  createdAt: timestamp,
});

/** A case's RRI log: contacts and outcomes, each oldest first. */
export const rriLogResponseSchema = z.object({
  contacts: z.array(rriContactResponseSchema),
  outcomes: z.array(rriOutcomeResponseSchema),
});
