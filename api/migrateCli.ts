// `npm run migrate`: the schema owner brings the database the server would use
// (DATABASE_URL, else the PGlite in DATA_DIR — stop the server first, PGlite
// allows one process per directory) to the schema this code expects. On
// PostgreSQL the server runs as a login role in bops_app, which may not
// migrate, so a new version's migrations are applied here, as the owner,
// before it starts, and so are the figures' rows of a newly published pack
// version (api/socialServicesMeasures.ts), which the app role may not write.
// Then it restates everything bops_app may do, so the same command repairs a
// restored database. Prints each migration applied, each pack version whose
// figure rows it wrote, and what became of the privileges. Exits 0 when the
// schema is current, 1 when refused (this role may not migrate, an applied
// migration was edited, a published version's figure rows differ from its
// catalogue, or another role owns an object the privileges are on), 2 on a
// usage mistake or when it could not run. `npm run migrate -- --pending` only
// reads the history and the figure rows — any role that may read them, the app
// role too — lists what a release would apply and writes nothing: exit 0 when
// current, 3 when some is pending, so a deployment can gate on it.
import { FilePackSource } from '../methodology/filePackSource.js';
import { loadApiConfig } from './apiConfig.js';
import { MigrationError } from './migrationError.js';
import { migrateAndRestatePrivileges, pendingMigrations } from './migrator.js';
import { openDatabase } from './openDatabase.js';
import type { AppRolePrivilegesRestated } from './restateAppRolePrivileges.js';
import { packVersionName, pendingSocialServicesMeasures } from './socialServicesMeasures.js';

const usage = [
  'usage: npm run migrate              (as the schema owner; uses DATABASE_URL, else the PGlite database in DATA_DIR)',
  '       npm run migrate -- --pending (lists what would be applied, writes nothing; exit 3 when some is pending)',
].join('\n');

/** Exit status of `--pending` when the schema is behind this code. */
const PENDING = 3;

/** One line on what became of bops_app's privileges; undefined when there is nothing to say (PGlite). */
function privilegesLine(restated: AppRolePrivilegesRestated): string | undefined {
  switch (restated.outcome) {
    case 'restated':
      return `privileges of ${restated.role} restated`;
    case 'role-missing':
      return `notice: role ${restated.role} does not exist, so no privileges were granted; create it (CREATE ROLE ${restated.role} NOLOGIN) and run \`npm run migrate\` again as the owner`;
    case 'not-owner':
      return `notice: privileges of ${restated.role} not restated: role "${restated.connectedRole}" is not the schema owner`;
    case 'embedded':
      return undefined;
    default: {
      const unknown: never = restated;
      throw new Error(`unknown outcome ${JSON.stringify(unknown)}`);
    }
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const onlyPending = args.length === 1 && args[0] === '--pending';
  if (args.length > 0 && !onlyPending) {
    console.error(usage);
    return 2;
  }
  // The packs the server would load: their published versions' figure rows are part of a current schema.
  const methodology = new FilePackSource();
  const db = await openDatabase(loadApiConfig());
  try {
    if (onlyPending) {
      const migrations = await pendingMigrations(db);
      // A pending migration may yet create or fill the figure rows' table; `npm run migrate` writes the rest after it.
      const catalogues = migrations.length ? [] : (await pendingSocialServicesMeasures(db, methodology.published())).map(packVersionName);
      const pending = [...migrations, ...catalogues.map((name) => `figure rows of ${name}`)];
      for (const name of pending) console.log(`pending ${name}`);
      console.log(`schema (${db.kind}): ${pending.length === 0 ? 'current, nothing pending' : `${pending.length} pending`}`);
      return pending.length === 0 ? 0 : PENDING;
    }
    const { applied, catalogued, privileges } = await migrateAndRestatePrivileges(db, methodology);
    for (const name of applied) console.log(`applied ${name}`);
    for (const name of catalogued) console.log(`wrote figure rows of ${name}`);
    console.log(`schema current (${db.kind}): ${applied.length === 0 ? 'nothing to apply' : `${applied.length} applied now`}`);
    const line = privilegesLine(privileges);
    if (line) console.log(line);
    return 0;
  } catch (err) {
    if (!(err instanceof MigrationError)) throw err;
    console.error(`migrate: refused (${err.reason}): ${err.message}`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`migrate failed: ${err.message}`);
    process.exit(2);
  },
);
