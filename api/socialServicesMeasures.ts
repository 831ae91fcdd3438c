// The figures' record of which catalogue measures social services decide, per
// published pack version (figure_social_services_measures, migration 102: the
// prioritisation figure's "handed to social services only"). 102 wrote the rows
// of the versions published in its day and said a newly published version
// would add its own in a migration; a method owner publishing a version cannot
// write one, and a version without rows silently counts its measures as the
// police's. So the rows now follow the published packs by themselves: after the
// migrations, at every start and every `npm run migrate` (api/migrator.ts),
// the rows of each published version the server's MethodologySource holds are
// derived from its catalogue by 102's rule — a measure whose decidedBy names
// socialtjanst — and written when the version has none yet.
//
// A published version never changes (methodology/packs/published.yaml, hash-
// checked at load), so its rows are written once and never updated. Rows that
// differ from its catalogue therefore mean the database was changed by hand or
// the pack is not the one published, and the start is refused rather than
// logged: the figures are official statistics, and a server running on would
// publish counts nobody can trace to the method, as the migrator refuses an
// edited migration and the loader an edited pack. Versions the source does not
// hold (a test's, an older deployment's) are left alone; a draft beside the
// published ones gets no rows, since its catalogue may still change.
import type { LoadedPack } from '../methodology/methodologySource.js';
import type { Queryable } from './database.js';
import { MigrationError } from './migrationError.js';

/** A published pack version whose rows are not in the database yet, with the rows its catalogue gives. */
export interface PendingCatalogue {
  packId: string;
  version: string;
  measureIds: string[];
}

/** How an operator reads a pack version: bops-exempel@1.1.1. */
export const packVersionName = (pending: Pick<PendingCatalogue, 'packId' | 'version'>) => `${pending.packId}@${pending.version}`;

/** 102's rule: the measures the catalogue says social services decide, sorted. */
const socialServicesMeasuresOf = (loaded: LoadedPack): string[] =>
  loaded.pack.measures.filter((m) => m.decidedBy.includes('socialtjanst')).map((m) => m.id).sort();

const listed = (ids: readonly string[]) => (ids.length ? ids.join(', ') : 'none');

/**
 * The published versions whose rows are still to be written, read without
 * writing (SELECT on the table is all it needs; the app role has it). Throws
 * MigrationError 'published_catalogue_differs' when a version's rows are there
 * but are not what its catalogue says.
 */
export async function pendingSocialServicesMeasures(db: Queryable, published: readonly LoadedPack[]): Promise<PendingCatalogue[]> {
  const { rows } = await db.query<{ pack_id: string; pack_version: string; measure_id: string }>(
    'SELECT pack_id, pack_version, measure_id FROM figure_social_services_measures',
  );
  const pending: PendingCatalogue[] = [];
  for (const loaded of published) {
    const { id: packId, version } = loaded.pack;
    const measureIds = socialServicesMeasuresOf(loaded);
    const kept = rows.filter((r) => r.pack_id === packId && r.pack_version === version).map((r) => r.measure_id).sort();
    if (kept.length === 0) {
      if (measureIds.length > 0) pending.push({ packId, version, measureIds });
    } else if (kept.join('\n') !== measureIds.join('\n')) {
      throw new MigrationError(
        'published_catalogue_differs',
        `figure_social_services_measures holds for ${packVersionName({ packId, version })} the measures ${listed(kept)}, but its published ` +
          `catalogue says social services decide ${listed(measureIds)}. A published version never changes, so the database was changed ` +
          'by hand or the pack is not the one published, and the figures would miscount. If the pack is right, the schema owner ' +
          `deletes that version's rows; the next start or \`npm run migrate\` writes them from the pack.`,
      );
    }
  }
  return pending;
}

/**
 * Writes the rows of every published version that has none yet and, only
 * when some were written, recomputes the figures' facts of the cases with a
 * measure they name (as 102 recomputed every case's). Needs the table's owner
 * (figure_facts_refresh is closed to the app role, 087); the caller holds the
 * migration lock in `tx`. Returns the versions written now.
 */
export async function addSocialServicesMeasures(tx: Queryable, published: readonly LoadedPack[]): Promise<PendingCatalogue[]> {
  // Read again under the lock: another instance may have written them meanwhile.
  const pending = await pendingSocialServicesMeasures(tx, published);
  if (pending.length === 0) return [];
  const rows = pending.flatMap((p) => p.measureIds.map((measureId) => [p.packId, p.version, measureId] as const));
  const columns = [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
  await tx.query(
    `INSERT INTO figure_social_services_measures (pack_id, pack_version, measure_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
    columns,
  );
  await tx.query(
    `SELECT figure_facts_refresh(ARRAY(
       SELECT DISTINCT p.case_id FROM unnest($1::text[], $2::text[], $3::text[]) s (pack_id, pack_version, measure_id)
       JOIN assessments a ON a.pack_id = s.pack_id AND a.pack_version = s.pack_version
       JOIN protection_plans p ON p.assessment_id = a.id
       JOIN protection_measures m ON m.plan_id = p.id AND m.measure_id = s.measure_id))`,
    columns,
  );
  return pending;
}
