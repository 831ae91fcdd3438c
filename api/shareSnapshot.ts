// The snapshot a share sends (issue 15): exactly the fields the pack version's
// sharing declaration names (methodology/sharingDeclaration.ts), from what the
// case holds at that moment. Pure: the repository reads the case's facts, this
// keeps what may cross and drops the rest. A field kind the declaration does
// not name is absent from the snapshot, not empty; nothing free-text, no
// person label, no protected person ever appears (the facts given here hold
// none but the roles of the threat actors who are not protected). A contact
// ban an earlier share of the case sent and that has ended since stays in the
// snapshot with its status and the day it ended, so the investigation can
// tell a lifted ban from one that never existed.
import { z } from 'zod';
import { isSensitiveMeasure } from '../methodology/neverSharedMeasures.js';
import { JUDGEMENT_KEYS, type SharingDeclaration } from '../methodology/sharingDeclaration.js';
import { MEASURE_STATUSES, PLAN_PARTS, type MeasureStatus, type PersonRole, type PlanPart } from './caseDomain.js';

/** Roles of a case's person that name the threat actor. */
export const THREAT_ACTOR_ROLES = ['misstankt', 'hotaktor'] as const satisfies readonly PersonRole[];

/** A measure is active while not declined or cancelled (proposed, decided, under way or carried out). */
const INACTIVE: readonly MeasureStatus[] = ['declined', 'cancelled'];

export interface CaseShareFacts {
  /** The latest completed structured or in-depth assessment; null when there is none. */
  latestAssessment: { instrumentId: string; completedAt: Date; judgements: Readonly<Record<string, string>> } | null;
  /** Measures of the case's active plans. */
  measures: readonly { measureId: string; part: PlanPart; status: MeasureStatus; expiresOn: string | null }[];
  /** The roles of the case's threat actors whose identity is not protected. */
  threatActorRoles: readonly PersonRole[];
  /**
   * Measures an earlier snapshot of a share of the case sent as contact bans that have ended since:
   * settled (done, declined, cancelled) or left behind in a closed plan — the latest of each measure
   * id, with when it ended.
   */
  endedContactBans: readonly { measureId: string; status: MeasureStatus; expiresOn: string | null; endedAt: Date }[];
}

const judgementCode = z.string().min(1).max(64);
export const shareFieldsSchema = z.strictObject({
  latestJudgements: z
    .strictObject({
      instrumentId: z.string(),
      completedOn: z.iso.date(),
      judgements: z.partialRecord(z.enum(JUDGEMENT_KEYS), judgementCode),
    })
    .nullable()
    .optional(),
  activeMeasures: z.array(z.strictObject({ measureId: z.string(), part: z.enum(PLAN_PARTS), status: z.enum(MEASURE_STATUSES) })).optional(),
  contactBans: z
    .array(
      z.strictObject({
        measureId: z.string(),
        status: z.enum(MEASURE_STATUSES),
        expiresOn: z.iso.date().nullable(),
        /** Present on a ban an earlier share sent that has ended since: the day it ended. */
        endedOn: z.iso.date().optional(),
      }),
    )
    .optional(),
  threatActorRoles: z.array(z.enum(THREAT_ACTOR_ROLES)).optional(),
});
export type ShareFields = z.infer<typeof shareFieldsSchema>;

const byMeasureId = <T extends { measureId: string }>(a: T, b: T) => (a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0);

/** The declared fields of the case, and nothing else. */
export function shareSnapshot(declaration: SharingDeclaration, facts: CaseShareFacts, stockholmDate: (at: Date) => string): ShareFields {
  const { shareable } = declaration;
  const fields: ShareFields = {};
  if (shareable.judgements.length > 0) {
    const latest = facts.latestAssessment;
    const declared = latest && shareable.judgements.find((j) => j.instrument === latest.instrumentId);
    fields.latestJudgements =
      latest && declared
        ? {
            instrumentId: latest.instrumentId,
            completedOn: stockholmDate(latest.completedAt),
            judgements: Object.fromEntries(declared.judgements.flatMap((key) => (latest.judgements[key] === undefined ? [] : [[key, latest.judgements[key]]]))),
          }
        : null;
  }
  // The checker refuses a sensitive measure as shareable (the declaration's and those fixed in code); it is dropped here all the same.
  const active = facts.measures.filter((m) => !INACTIVE.includes(m.status) && !isSensitiveMeasure(declaration, m.measureId));
  if (shareable.measures.length > 0) {
    fields.activeMeasures = active.filter((m) => shareable.measures.includes(m.measureId)).map(({ measureId, part, status }) => ({ measureId, part, status })).sort(byMeasureId);
  }
  if (shareable.contactBans.length > 0) {
    const declared = (m: { measureId: string }) => shareable.contactBans.includes(m.measureId) && !isSensitiveMeasure(declaration, m.measureId);
    const running = active.filter(declared).map(({ measureId, status, expiresOn }) => ({ measureId, status, expiresOn }));
    // A ban the investigation was told of and that ended: its status and dates, unless the same ban runs again.
    const ended = facts.endedContactBans.filter((m) => declared(m) && !running.some((r) => r.measureId === m.measureId));
    fields.contactBans = [...running, ...ended.map(({ measureId, status, expiresOn, endedAt }) => ({ measureId, status, expiresOn, endedOn: stockholmDate(endedAt) }))].sort(byMeasureId);
  }
  if (shareable.threatActorRole) {
    fields.threatActorRoles = THREAT_ACTOR_ROLES.filter((role) => facts.threatActorRoles.includes(role));
  }
  return shareFieldsSchema.parse(fields);
}
