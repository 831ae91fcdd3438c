// Which kinds of field of a share changed between the card the officer saw
// and the case as it stands now (issue 15, audit finding a): when the API
// refuses a share or refresh because the snapshot is no longer the preview
// confirmed, the officer is told what changed — by kind, as the card names
// them — beside the new card, not just that something did.
import type { ShareFields } from '../api/shareSnapshot.js';
import { canonicalJson } from '../methodology/canonicalHash.js';

/** The field kinds of a snapshot, in the order the card lists them. */
export const SHARE_FIELD_KINDS = ['latestJudgements', 'activeMeasures', 'contactBans', 'threatActorRoles'] as const satisfies readonly (keyof ShareFields)[];
export type ShareFieldKind = (typeof SHARE_FIELD_KINDS)[number];

export function changedShareFields(before: ShareFields, after: ShareFields): ShareFieldKind[] {
  return SHARE_FIELD_KINDS.filter((kind) => canonicalJson(before[kind] ?? 'absent') !== canonicalJson(after[kind] ?? 'absent'));
}
