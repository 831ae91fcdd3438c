// `npm run demo-data [-- --cases N --seed S]`: fills the configured database
// (DATABASE_URL, else the PGlite in DATA_DIR — stop the server first) with the
// fictitious demo data set (api/demoDataSet.ts) so the figures and the
// dashboard show something in minutes. Refuses a production configuration
// (BOPS_MODE=production: a tenant's database, even an empty one, is no place
// for made-up cases), and a database holding any case that is not demo data,
// or demo data already. Exits 0 when written, 1 when refused, 2 when it could
// not run.
import { calendarDate } from '../methodology/calendarDate.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { loadApiConfig } from './apiConfig.js';
import { demoDataSet } from './demoDataSet.js';
import { demoDataRefusal, writeDemoData } from './demoDataWriter.js';
import { bringSchemaCurrent } from './migrator.js';
import { openDatabase } from './openDatabase.js';

const USAGE = 'usage: npm run demo-data [-- --cases N (100–200000, default 6000) --seed S]';

function optionsOf(args: string[]): { cases: number; seed: number } | undefined {
  const options = { cases: 6000, seed: 2026 };
  for (let i = 0; i < args.length; i += 2) {
    const value = Number(args[i + 1]);
    if (!Number.isInteger(value)) return undefined;
    if (args[i] === '--cases' && value >= 100 && value <= 200_000) options.cases = value;
    else if (args[i] === '--seed' && value >= 0) options.seed = value;
    else return undefined;
  }
  return options;
}

async function main(): Promise<number> {
  const options = optionsOf(process.argv.slice(2));
  if (!options) {
    console.error(USAGE);
    return 2;
  }
  const config = loadApiConfig();
  if (config.trust.mode === 'production') {
    console.error('demo data refused: the configuration is production mode (BOPS_MODE=production); write demo data into a dev or demonstration database only');
    return 1;
  }
  const methodology = new FilePackSource();
  const db = await openDatabase(config);
  try {
    await bringSchemaCurrent(db, methodology);
    const refusal = await demoDataRefusal(db);
    if (refusal) {
      console.error(`demo data refused: ${refusal}`);
      return 1;
    }
    const today = calendarDate(new Date());
    const set = demoDataSet({ ...options, today });
    const written = await writeDemoData(db, set, methodology.active('bops-exempel'), options.seed);
    console.log(`demo data written (${db.kind}): ${written} fictitious cases over the two years to ${today} (case numbers 0000-K…, seed ${options.seed}), RRI contacts ${set.reduce((n, c) => n + c.rriContacts.length, 0)}, outcomes ${set.reduce((n, c) => n + c.rriOutcomes.length, 0)}, reviews ${set.reduce((n, c) => n + c.reviews.length, 0)}`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`demo data failed: ${err.message}`);
    process.exit(err.message.startsWith('demo data refused') ? 1 : 2);
  },
);
