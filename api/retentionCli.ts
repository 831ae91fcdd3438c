// `npm run retention`: runs the retention job once against the database the
// server would use (DATABASE_URL, else the PGlite in DATA_DIR — stop the
// server first, PGlite allows one process per directory), with the periods
// from RETENTION_* configuration. Prints counts per data class only, never
// what was erased. Exits 0 when the run finished, 2 when it could not run.
import { FilePackSource } from '../methodology/filePackSource.js';
import { loadApiConfig } from './apiConfig.js';
import { bringSchemaCurrent } from './migrator.js';
import { openDatabase } from './openDatabase.js';
import { runRetention } from './retentionJob.js';

async function main(): Promise<number> {
  if (process.argv.length > 2) {
    console.error('usage: npm run retention   (periods from RETENTION_CLOSED_CASE_DAYS and RETENTION_DRAFT_DAYS)');
    return 2;
  }
  const config = loadApiConfig();
  const db = await openDatabase(config);
  try {
    // The job needs the schema it erases from: current already (as the app role), or migrated now (as the owner, on PGlite).
    await bringSchemaCurrent(db, new FilePackSource());
    const report = await runRetention(db, config.retention);
    console.log(`retention run as of ${report.asOf.toISOString()} (${db.kind}; closed cases after ${config.retention.closedCaseDays} days, drafts after ${config.retention.draftDays} days)`);
    for (const [dataClass, counts] of Object.entries(report.erased)) {
      const parts = Object.entries(counts).map(([type, n]) => `${n} ${type}`);
      console.log(`  ${dataClass}: ${parts.length ? parts.join(', ') : 'nothing due'}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`retention failed: ${err.message}`);
    process.exit(2);
  },
);
