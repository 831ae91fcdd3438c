// `npm run officers -- list | add | deactivate`: provisions and deactivates
// officers in the database the server would use (DATABASE_URL, else the
// PGlite in DATA_DIR — stop the server first, PGlite allows one process per
// directory), each change audited with the operator as the actor
// (api/officerCommand.ts has the grammar). Exits 0 when done, 1 when refused
// (an unknown officer), 2 on a usage mistake or when it could not run.
import { FilePackSource } from '../methodology/filePackSource.js';
import { loadApiConfig } from './apiConfig.js';
import { bringSchemaCurrent } from './migrator.js';
import { parseOfficerCommand, runOfficerCommand } from './officerCommand.js';
import { openDatabase } from './openDatabase.js';

async function main(): Promise<number> {
  const parsed = parseOfficerCommand(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  const config = loadApiConfig();
  const db = await openDatabase(config);
  try {
    // The officers table and the audit actions come with the migrations: current already (as the app role), or migrated now (as the owner, on PGlite).
    await bringSchemaCurrent(db, new FilePackSource());
    const result = await runOfficerCommand(db, parsed.command);
    for (const line of result.lines) console.log(line);
    return result.exitCode;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`officers: ${err.message}`);
    process.exit(2);
  },
);
