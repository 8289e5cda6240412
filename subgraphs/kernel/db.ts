import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { is, Placeholder, sql as sqlTag, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgColumn, PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

/** A drizzle handle; PGlite's and postgres.js's share this type. */
export type Drizzle = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Counts the SQL statements one owner (a subgraph) sends, so tests can prove batching. */
export class StatementCounter {
  count = 0;
  /** The statements' texts since the last reset, kept only once `keepTexts()` was called (tests). */
  texts: string[] | null = null;
  reset(): void {
    this.count = 0;
    if (this.texts) this.texts = [];
  }
  keepTexts(): void {
    this.texts = [];
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
  /**
   * Send every parameterised statement as a prepared statement (postgres.js caches it per
   * connection by its text), so repeated statements skip parsing and, once PostgreSQL settles on
   * a generic plan, planning. Default true; false behind a transaction-pooling proxy (PgBouncer
   * in transaction mode) that cannot keep prepared statements.
   */
  prepare?: boolean;
  /** Sees every statement sent to PostgreSQL, as sent (the benchmark's EXPLAIN capture). */
  onStatement?: (statement: SentStatement) => void;
}

export interface SentStatement {
  query: string;
  params: unknown[];
  /** Sent as a prepared statement (postgres.js caches it per connection) rather than unnamed. */
  prepared: boolean;
}

/** Marks a statement that must be planned for its parameters every time (see `customPlan`). */
const CUSTOM_PLAN_MARK = '/* custom plan */ ';

/**
 * A statement whose best plan depends on its parameters' values, not just their types — a name
 * search reads an index for a rare text but the table itself for one in most names, and only
 * the values tell which. A prepared statement may settle on one generic plan for every value, so
 * these are sent unprepared and planned with their values each time.
 */
export function customPlan(query: SQL): SQL {
  return sqlTag`${sqlTag.raw(CUSTOM_PLAN_MARK)}${query}`;
}

/**
 * drizzle's postgres-js session prepares only statements built with `.prepare(name)` and sends
 * everything else unnamed: parsed, described (an extra round trip) and planned on every call.
 * This view of the client asks postgres.js to prepare each of them instead (unless `prepare` is
 * off), inside transactions and savepoints too, and shows each statement to `onStatement`.
 * Statements without parameters keep the simple protocol (migrations with several statements in
 * one text still run).
 */
function preparing(client: postgres.Sql, prepare: boolean, onStatement?: (statement: SentStatement) => void): postgres.Sql {
  const wrapTx = (begin: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const body = args.pop() as (tx: postgres.Sql) => unknown;
    return begin(...args, (tx: postgres.Sql) => body(preparing(tx, prepare, onStatement)));
  };
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) => {
          const prepared = prepare && !query.startsWith(CUSTOM_PLAN_MARK) && (params?.length ?? 0) > 0;
          onStatement?.({ query, params: params ?? [], prepared });
          return target.unsafe(query, params as never, { ...options, prepare: prepared });
        };
      }
      if (prop === 'begin' || prop === 'savepoint') return wrapTx((value as (...a: unknown[]) => unknown).bind(target));
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/**
 * `column = any($1::type[])`: one parameter holding the whole list, so the statement's text is
 * the same for 1 value or 1,000 (an `in ($1, …, $N)` list is a new text, hence a new parse and
 * plan, for every N). char(n) columns compare with a bpchar[] array, which keeps their indexes
 * usable and never truncates a value the way a cast to char(n) would.
 */
export function anyOf(column: PgColumn, values: readonly (string | number)[] | Placeholder): SQL {
  const type = column.getSQLType().replace(/^(character|char)\b.*$/, 'bpchar').replace(/^(varchar|character varying)\b.*$/, 'varchar');
  return sqlTag`${column} = any(${sqlTag.param(is(values, Placeholder) ? values : [...(values as readonly (string | number)[])])}::${sqlTag.raw(type)}[])`;
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
        // Every statement here is a short keyed read or write, yet a batch of 1,000 subjects is
        // costed above jit_above_cost: JIT then spent ~40 ms compiling for a ~10 ms execution
        // (bench/RESULTS-sanctions.md). Off for this pool only, the server's setting stays.
        connection: { jit: 'off' },
        types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
      });
      return new Database('postgres', undefined, preparing(client, options.prepare !== false, options.onStatement));
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
    const logger = {
      logQuery: (query: string) => {
        c.count++;
        c.texts?.push(query);
      },
    };
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
