import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql as sqlTag, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

/** A drizzle handle; PGlite's and postgres.js's share this type. */
export type Drizzle = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Counts the SQL statements one owner (a subgraph) sends, so tests can prove batching. */
export class StatementCounter {
  count = 0;
  reset(): void {
    this.count = 0;
  }
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory://` or absent for an in-memory database. */
  dataDir?: string;
  /** A PGlite data-directory image (from dumpDataDir) to start from instead of an empty cluster. */
  image?: Blob | File;
  /** postgres.js pool size per process. */
  poolSize?: number;
}

/**
 * One connection (pool) per process. Every subgraph asks it for its own drizzle handle with its
 * own statement counter; all share the pool.
 */
export class Database {
  readonly kind: 'pglite' | 'postgres';
  private readonly pglite?: PGlite;
  private readonly sqlClient?: postgres.Sql;
  readonly counters = new Map<string, StatementCounter>();

  private constructor(kind: 'pglite' | 'postgres', pglite?: PGlite, sqlClient?: postgres.Sql) {
    this.kind = kind;
    this.pglite = pglite;
    this.sqlClient = sqlClient;
  }

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    if (options.url) {
      // Dates stay strings: the API speaks ISO dates and a JS Date would shift them by time zone.
      const client = postgres(options.url, {
        max: options.poolSize ?? 10,
        onnotice: () => {},
        types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
      });
      return new Database('postgres', undefined, client);
    }
    const pglite = await PGlite.create({
      dataDir: options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined,
      loadDataDir: options.image,
      extensions: { pg_trgm },
      parsers: { 1082: (v: string) => v },
    });
    return new Database('pglite', pglite);
  }

  /** A drizzle handle whose statements are counted under `owner`. */
  drizzle(owner: string): Drizzle {
    let counter = this.counters.get(owner);
    if (!counter) {
      counter = new StatementCounter();
      this.counters.set(owner, counter);
    }
    const c = counter;
    const logger = { logQuery: () => void c.count++ };
    return (this.pglite ? drizzlePglite(this.pglite, { logger }) : drizzlePostgres(this.sqlClient!, { logger })) as unknown as Drizzle;
  }

  counter(owner: string): StatementCounter {
    this.drizzle(owner);
    return this.counters.get(owner)!;
  }

  async migrate(): Promise<void> {
    const db = this.drizzle('migrations');
    if (this.pglite) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    else await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }

  /** The PGlite data directory as a tarball, to start other instances from (tests). */
  async dumpImage(): Promise<Blob> {
    if (!this.pglite) throw new Error('dumpImage needs PGlite');
    return this.pglite.dumpDataDir('none');
  }

  /** Whether the database answers; used by readiness checks. */
  async ping(): Promise<boolean> {
    try {
      await rows(this.drizzle('health'), sqlTag`select 1`);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.pglite) await this.pglite.close();
    if (this.sqlClient) await this.sqlClient.end({ timeout: 5 });
  }
}

/** Raw rows of a statement, the same on both drivers (STACK.md trap 8). */
export async function rows<T extends Record<string, unknown>>(db: Drizzle, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows: T[] }).rows ?? []) as T[];
}
