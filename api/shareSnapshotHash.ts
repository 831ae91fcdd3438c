// What names a snapshot a sharer saw (issue 15, audit finding a): sha256 over
// the canonical JSON of its pack version and fields. The preview gives it out
// (snapshotHash); a share or refresh that sends it back is stored only if the
// snapshot it is about to store hashes the same, checked in the transaction
// that stores it — so nothing crosses that the sharer was not shown.
import { canonicalHash } from '../methodology/canonicalHash.js';
import type { ShareFields } from './shareSnapshot.js';

export const SNAPSHOT_HASH_PATTERN = /^[0-9a-f]{64}$/;

export function shareSnapshotHash(snapshot: { pack: { id: string; version: string }; fields: ShareFields }): string {
  return canonicalHash({ pack: { id: snapshot.pack.id, version: snapshot.pack.version }, fields: snapshot.fields });
}
