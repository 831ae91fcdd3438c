// `npm run audit -- verify [--anchor <seq>:<hash>]…`: checks the audit log's
// hash chain in the database the server would use (DATABASE_URL, else the
// PGlite in DATA_DIR — stop the server first, PGlite allows one process per
// directory). Prints the first broken row and exits 1 on a break, 0 when the
// whole chain verifies, 2 when it could not check. Prints no audit content,
// only ids and positions — and the anchor of the head, to be kept outside the
// database: someone able to rewrite the whole chain from a row on, head
// included, is caught only against an anchor recorded before.
import { loadApiConfig } from './apiConfig.js';
import { parseAuditChainAnchor, verifyAuditChain, type AuditChainAnchor } from './auditChainVerifier.js';
import { openDatabase } from './openDatabase.js';

const usage = 'usage: npm run audit -- verify [--anchor <seq>:<hash>]…   (uses DATABASE_URL, else the PGlite database in DATA_DIR)';

async function verify(anchors: AuditChainAnchor[]): Promise<number> {
  const config = loadApiConfig();
  const db = await openDatabase(config);
  try {
    const started = performance.now();
    const report = await verifyAuditChain(db, { anchors });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (report.ok) {
      console.log(`audit chain intact: ${report.rowsChecked} rows verified in ${seconds} s (${db.kind})${anchors.length ? `, ${anchors.length} anchor(s) matched` : ''}, head ${report.headHash}`);
      console.log(`anchor ${report.headSeq}:${report.headHash}   (keep outside the database; pass it as --anchor next time)`);
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

/** `--anchor <seq>:<hash>` pairs; undefined when anything else is given. */
function anchorsOf(args: string[]): AuditChainAnchor[] | undefined {
  const anchors: AuditChainAnchor[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const anchor = args[i] === '--anchor' ? parseAuditChainAnchor(args[i + 1] ?? '') : undefined;
    if (!anchor) return undefined;
    anchors.push(anchor);
  }
  return anchors;
}

const [command, ...rest] = process.argv.slice(2);
try {
  const anchors = anchorsOf(rest);
  if (command !== 'verify' || !anchors) {
    console.error(usage);
    process.exit(2);
  }
  process.exit(await verify(anchors));
} catch (err) {
  console.error(`audit: could not verify: ${(err as Error).message}`);
  process.exit(2);
}
