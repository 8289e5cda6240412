import { Database, rows } from '/work/main/subgraphs/kernel/db.ts';
import { seed, SHOWCASE } from '/work/main/drizzle/seed/generate.ts';
import { sql } from 'drizzle-orm';
const n = Number(process.argv[2] ?? 2000);
const database = await Database.open({});
await database.migrate();
const db = database.drizzle('seed');
const t0 = performance.now();
const summary = await seed(db, { legalPersons: n, idHashKey: 'k', onProgress: (d, t, r) => process.stderr.write(`\r${d}/${t} ${r} rows`) });
console.log('\n', summary, ((performance.now() - t0) / 1000).toFixed(2), 's');
console.log(SHOWCASE);
for (const t of ['platform.legal_person','government.administrative_penalty','government.administrative_licence','business.tax_credit_rating','social.wage_arrears_record','judicial.dishonest_judgment_debtor','platform.natural_person', 'platform.legacy_code'])
  console.log(t, (await rows(db, sql.raw(`select * from ${t} order by random() limit 2`))));
await database.close();
