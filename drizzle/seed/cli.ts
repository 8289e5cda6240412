import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../subgraphs/kernel/config.ts';
import { Database, rows } from '../../subgraphs/kernel/db.ts';
import { DEFAULT_SEED, seed } from './generate.ts';
import { emptyDataTables } from './reset.ts';
import { seedStatistics } from './statistics.ts';

/**
 * `npm run db:seed -- [--size N] [--seed S] [--force]`: fills the configured database with the
 * deterministic demo data. Prints counts only: never an ID number or a hash.
 */

const USAGE = `usage: npm run db:seed -- [--size N] [--seed S] [--chunk N] [--force]
  --size   legal persons in the registry when done (default SEED_SIZE, ${loadConfig().seedSize})
  --seed   generator seed; the same size and seed give the same rows (default ${DEFAULT_SEED})
  --chunk  legal persons per transaction (default 2000)
  --force  seed even if the registry has subjects: empties every table of the platform
           first (registry, records, cases, consents, query log, events), so the result is
           the same as seeding a new database; refused when NODE_ENV=production`;

function nonNegativeInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      seed: { type: 'string' },
      chunk: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const size = nonNegativeInteger(values.size, 'size', config.seedSize);
  const seedValue = nonNegativeInteger(values.seed, 'seed', DEFAULT_SEED);
  const chunkSize = nonNegativeInteger(values.chunk, 'chunk', 2_000) || 2_000;

  const database = await Database.open({ url: config.databaseUrl, dataDir: config.pgliteDataDir });
  try {
    await database.migrate();
    const db = database.drizzle('seed');
    const [existing] = await rows<{ n: number }>(
      db,
      sql`select (select count(*) from (select 1 from platform.legal_person limit 1) a)::int
               + (select count(*) from (select 1 from platform.natural_person limit 1) b)::int as n`,
    );
    if ((existing?.n ?? 0) > 0) {
      if (!values.force) {
        console.error('The registry already has subjects; not seeding. Pass --force to empty the seeded tables and seed again.');
        return 1;
      }
      if (process.env.NODE_ENV === 'production') {
        console.error('--force empties every table; it is refused when NODE_ENV=production.');
        return 1;
      }
      const emptied = await emptyDataTables(db);
      console.error(`Emptied ${emptied} tables (--force).`);
    }

    const where = config.databaseUrl ? 'PostgreSQL' : `PGlite at ${config.pgliteDataDir}`;
    console.error(`Seeding ${size.toLocaleString('en')} legal persons (seed ${seedValue}) into ${where}…`);
    const started = performance.now();
    let lastPrint = 0;
    const summary = await seed(db, {
      legalPersons: size,
      seed: seedValue,
      idHashKey: config.idHashKey,
      chunkSize,
      onProgress: (done, total, inserted) => {
        const now = performance.now();
        if (now - lastPrint < 250 && done < total) return;
        lastPrint = now;
        const seconds = (now - started) / 1000;
        const rate = Math.round(inserted / Math.max(seconds, 0.001));
        process.stderr.write(
          `\r  subjects ${done.toLocaleString('en')}/${total.toLocaleString('en')}  rows ${inserted.toLocaleString('en')}  ${rate.toLocaleString('en')} rows/s  ${seconds.toFixed(1)}s   `,
        );
      },
    });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write('\n');
    const statistics = await seedStatistics(db);
    console.error(`Statistics built from ${statistics.records.toLocaleString('en')} seeded records in ${statistics.seconds.toFixed(1)}s.`);
    const { seed: usedSeed, totalRows, ...counts } = summary;
    console.log(`Seeded in ${seconds.toFixed(1)}s (seed ${usedSeed}, ${Math.round(totalRows / seconds).toLocaleString('en')} rows/s):`);
    for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(26)} ${count.toLocaleString('en').padStart(12)}`);
    console.log(`  ${'total rows'.padEnd(26)} ${totalRows.toLocaleString('en').padStart(12)}`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
