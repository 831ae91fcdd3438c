// Which sharing declaration a case's snapshot is made under (issue 15): the
// one of the pack version its latest completed assessment was made with, or
// the active version's when the case has none. A case whose latest assessment
// names a version this server has not loaded is refused (ShareError
// pack_not_loaded, answered as pack-mismatch), never shared under another
// version's declaration: that would send fields its own version may not
// declare, and label them with a version they were not made under. Thrown
// inside the repository's transaction, so nothing is stored.
import { calendarDate } from '../methodology/calendarDate.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { shareSnapshot } from './shareSnapshot.js';
import { ShareError, type SnapshotMaker } from './sqlShares.js';

export const shareSnapshotMaker =
  (methodology: MethodologySource): SnapshotMaker =>
  (source) => {
    const named = source.latestPack;
    const loaded = named ? methodology.get(named.id, named.version) : methodology.active(methodology.defaultPackId);
    if (!loaded) {
      throw new ShareError('pack_not_loaded', `the case's latest assessment was made with ${named!.id}@${named!.version}, which this server has not loaded; nothing is shared under another version's declaration`);
    }
    const pack = { id: loaded.pack.id, version: loaded.pack.version };
    // A version without a declaration shares nothing.
    return { pack, fields: loaded.sharing ? shareSnapshot(loaded.sharing, source, (at) => calendarDate(at)) : {} };
  };
