// How one environment variable is read, for every configuration schema of the
// process (the API's and the bot's): blank counts as unset, URLs must name
// their protocol, counts are positive integers with a default.
import { z } from 'zod';

/** Unset, empty or blank: undefined; anything else trimmed. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** An optional URL whose protocol is one of `protocols` (e.g. 'postgres:'). */
export const urlWithProtocol = (protocols: string[]) =>
  optionalText.pipe(
    z
      .string()
      .refine((v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.join(' or ')}//`)
      .optional(),
  );

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The first variable of each issue, for ConfigError. */
export const problemsOf = (error: z.ZodError) => error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }));
