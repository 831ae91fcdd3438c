// The facts an access decision was made on (owner, region, instrument, pack),
// re-checked by the statement that writes or reads under that decision, so a
// change of owner or region in between cannot slip through.
import type { AccessFacts } from './assessmentRepository.js';

/**
 * The access-facts guard of a statement whose parameters from $first on are
 * accessFactsParams(): true when no facts are given, else whether the
 * assessment (a) in its case (c) still has them. Columns and parameters are
 * kept here side by side so their order cannot drift apart.
 */
export const accessFactsGuard = (first: number) =>
  `($${first}::boolean IS FALSE OR (c.region, a.officer_id, a.level, a.instrument_id, a.pack_id, a.pack_version, a.pack_hash)
     = ($${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6}, $${first + 7}))`;

export const accessFactsParams = (facts: AccessFacts | undefined): unknown[] => [
  facts !== undefined,
  facts?.region ?? null,
  facts?.officerId ?? null,
  facts?.level ?? null,
  facts?.instrumentId ?? null,
  facts?.pack.id ?? null,
  facts?.pack.version ?? null,
  facts?.pack.hash ?? null,
];

export const sameAccessFacts = (a: AccessFacts, b: AccessFacts) =>
  a.region === b.region &&
  a.officerId === b.officerId &&
  a.level === b.level &&
  a.instrumentId === b.instrumentId &&
  a.pack.id === b.pack.id &&
  a.pack.version === b.pack.version &&
  a.pack.hash === b.pack.hash;
