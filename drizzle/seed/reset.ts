import { sql } from 'drizzle-orm';
import type { PgSchema } from 'drizzle-orm/pg-core';
import { type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { access, business, events, government, identity, judicial, platform, social } from '../schema/index.ts';

/**
 * Every Postgres schema the project's tables live in. Emptying by schema, not by a list of
 * tables, keeps `--force` complete as tables are added: a table the seed does not write but that
 * holds rows about seeded subjects (sector records, cases, events) would otherwise survive and
 * point at subjects that are gone or, worse, at new subjects that reuse their codes.
 */
export const DATA_SCHEMAS: readonly PgSchema[] = [platform, government, business, social, judicial, identity, access, events];

/**
 * Tables whose rows come with the migrations: the default evaluation scheme and recognition
 * rules are configuration an admin then changes, not demo data, so a reset keeps them (the seed
 * would not write them again). A test fails when a migration fills a table not named here.
 */
export const CONFIGURATION_TABLES: readonly string[] = [
  'platform.evaluation_rule',
  'platform.evaluation_grade',
  'platform.partner_recognition_rule',
];

/** The data tables of those schemas (configuration aside), as quoted `schema.table` names. */
export async function dataTables(db: Drizzle): Promise<string[]> {
  const names = DATA_SCHEMAS.map((s) => s.schemaName);
  const found = await rows<{ name: string }>(
    db,
    sql`select format('%I.%I', schemaname, tablename) as name from pg_tables
        where schemaname in (${sql.join(names.map((n) => sql`${n}`), sql`, `)}) order by 1`,
  );
  return found.map((t) => t.name).filter((t) => !CONFIGURATION_TABLES.includes(t));
}

/**
 * Empties every data table (identities restart) so that a seed after it gives the same database
 * as a seed into a new one; the configuration tables keep what they hold.
 */
export async function emptyDataTables(db: Drizzle): Promise<number> {
  const tables = await dataTables(db);
  if (tables.length > 0) await db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
  return tables.length;
}
