import DataLoader from 'dataloader';
import { getTableColumns, type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { anyOf, type Drizzle, rows } from './db.ts';
import { type Connection, type CursorValue, type PageRequest, parsePage, toConnection } from './pagination.ts';
import { TemplateCache } from './statement-template.ts';

/** Page statements by list and page shape, shared by every request (see StatementTemplate). */
const PAGE_STATEMENTS = new TemplateCache<object>();

/** How one record list is keyed and ordered: newest first by `sort`, ties broken by `id`. */
export interface RecordListSpec<TTable extends PgTable> {
  table: TTable;
  /** The column holding the subject's key (USCC or person id). */
  subject: PgColumn;
  /** A date or integer column; the list runs from its largest value down. */
  sort: PgColumn;
  id: PgColumn;
  /** Rows of the list among the subject's rows (e.g. only published grades); all when absent. */
  filter?: SQL;
}

interface PageRows<TRow> {
  rows: TRow[];
  total: number;
}

type RawRow = Record<string, unknown> & { _sort: unknown; _id: unknown; _total: unknown; _subject: string };

/**
 * Pages of one record list for many subjects at once. Every subject asked for in one tick with
 * the same page arguments is answered by a single SQL statement (window functions give each
 * subject its own page and total), so a list of N subjects costs one statement, not N; the
 * subjects travel as one array parameter, so that statement's text is the same for any N.
 */
export class RecordPager<TTable extends PgTable, TRow = InferSelectModel<TTable>> {
  private readonly loaders = new Map<string, DataLoader<string, PageRows<TRow>>>();
  private readonly sortShape: 'string' | 'number';

  constructor(
    private readonly db: Drizzle,
    private readonly spec: RecordListSpec<TTable>,
  ) {
    this.sortShape = spec.sort.dataType === 'number' ? 'number' : 'string';
  }

  /**
   * One subject's page. `narrow` (e.g. chosen sectors) applies on top of the list's own filter;
   * its key groups the subjects that share it into one statement.
   */
  async connection(
    subject: string,
    args: { first?: number | null; after?: string | null },
    narrow?: { key: string; filter: SQL },
  ): Promise<Connection<TRow>> {
    const page = parsePage(args, [this.sortShape, 'number']);
    const key = JSON.stringify([page, narrow?.key ?? null]);
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader((subjects) => this.loadPages(subjects, page, narrow), { maxBatchSize: 1000 });
      this.loaders.set(key, loader);
    }
    const { rows: pageRows, total } = await loader.load(subject);
    return toConnection(pageRows, page, total, (row) => this.cursorOf(row), (row) => row);
  }

  private cursorOf(row: TRow): CursorValue[] {
    const r = row as unknown as { _sort: CursorValue; id: number };
    return [r._sort, r.id];
  }

  /** The page statement for `subjects` (an array, or a placeholder for it in a template). */
  private pageStatement(subjects: readonly string[] | ReturnType<typeof sql.placeholder>, page: PageRequest, narrow?: SQL): SQL {
    const { table, subject, sort, id } = this.spec;
    const filter = sql`${this.spec.filter ? sql` and ${this.spec.filter}` : sql``}${narrow ? sql` and ${narrow}` : sql``}`;
    const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(
      ([key, column]) => sql`${column} as ${sql.identifier(key)}`,
    );
    const after = page.after
      ? sql`where (r._sort, r._id) < (cast(${page.after[0]} as ${sql.raw(sort.getSQLType())}), cast(${page.after[1]} as bigint))`
      : sql``;
    return sql`select * from (
            select r.*, row_number() over (partition by r._subject order by r._sort desc, r._id desc) as _rn
            from (
              select ${sql.join(columns, sql`, `)}, ${subject} as _subject, ${sort} as _sort, ${id} as _id,
                     count(*) over (partition by ${subject}) as _total
              from ${table}
              where ${anyOf(subject, subjects)}${filter}
            ) r
            ${after}
          ) x
          where x._rn <= ${page.first + 1}
          order by x._subject, x._rn`;
  }

  private async loadPages(subjects: readonly string[], page: PageRequest, narrow?: { key: string; filter: SQL }): Promise<PageRows<TRow>[]> {
    // A first page's text depends only on the list, the page size and the narrowing: rendered
    // once per process. Later pages carry their cursor in the text's parameters: built each time.
    const statement = page.after
      ? this.pageStatement(subjects, page, narrow?.filter)
      : PAGE_STATEMENTS.get(this.spec, JSON.stringify([page.first, narrow?.key ?? null]), () => this.pageStatement(sql.placeholder('subjects'), page, narrow?.filter)).with({ subjects: [...subjects] });
    const raw = await rows<RawRow>(this.db, statement);
    const bySubject = new Map<string, PageRows<TRow>>();
    for (const row of raw) {
      const key = String(row._subject);
      let entry = bySubject.get(key);
      if (!entry) {
        entry = { rows: [], total: Number(row._total) };
        bySubject.set(key, entry);
      }
      // bigint ids arrive as strings from postgres.js and as numbers from PGlite.
      (row as Record<string, unknown>).id = Number(row.id);
      row._sort = typeof row._sort === 'string' || typeof row._sort === 'number' ? row._sort : String(row._sort);
      if (this.sortShape === 'number') row._sort = Number(row._sort);
      entry.rows.push(row as unknown as TRow);
    }
    // Past the end of a subject's list the page is empty and carries no total: count those apart.
    const missing = page.after ? subjects.filter((s) => !bySubject.has(s)) : [];
    if (missing.length > 0) {
      const { table, subject } = this.spec;
      const filter = sql`${this.spec.filter ? sql` and ${this.spec.filter}` : sql``}${narrow ? sql` and ${narrow.filter}` : sql``}`;
      const counts = await rows<{ subject: string; total: unknown }>(
        this.db,
        sql`select ${subject} as subject, count(*) as total from ${table}
            where ${anyOf(subject, missing)}${filter} group by ${subject}`,
      );
      for (const c of counts) bySubject.set(String(c.subject), { rows: [], total: Number(c.total) });
    }
    return subjects.map((s) => bySubject.get(s) ?? { rows: [], total: 0 });
  }
}
