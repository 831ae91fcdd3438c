// `npm run audit -- verify`: checks the audit log's hash chain in the database
// the server would use (DATABASE_URL, else the PGlite in DATA_DIR — stop the
// server first, PGlite allows one process per directory). Prints the first
// broken row and exits 1 on a break, 0 when the whole chain verifies, 2 when
// it could not check. Prints no audit content, only ids and positions.
import { loadApiConfig } from './apiConfig.js';
import { verifyAuditChain } from './auditChainVerifier.js';
import { openDatabase } from './openDatabase.js';

const usage = 'usage: npm run audit -- verify   (uses DATABASE_URL, else the PGlite database in DATA_DIR)';

async function verify(): Promise<number> {
  const config = loadApiConfig();
  const db = await openDatabase(config);
  try {
    const started = performance.now();
    const report = await verifyAuditChain(db);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (report.ok) {
      console.log(`audit chain intact: ${report.rowsChecked} rows verified in ${seconds} s (${db.kind}), head ${report.headHash}`);
      return 0;
    }
    const { reason, id, chainSeq, message } = report.firstBreak;
    console.log(`audit chain BROKEN at row id ${id ?? '(end of chain)'}${chainSeq ? ` (chain position ${chainSeq})` : ''}: ${reason}`);
    console.log(`  ${message}; ${report.rowsChecked} rows before it verified`);
    return 1;
  } finally {
    await db.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command !== 'verify' || rest.length > 0) {
    console.error(usage);
    process.exit(2);
  }
  process.exit(await verify());
} catch (err) {
  console.error(`audit: could not verify: ${(err as Error).message}`);
  process.exit(2);
}
