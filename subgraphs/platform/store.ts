import { eq, inArray, type InferSelectModel, sql } from 'drizzle-orm';
import { legalPerson, naturalPerson } from '../../drizzle/schema/platform.ts';
import { insertJsonRows } from '../kernel/bulk-insert.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import type { ObservedPerson } from '../kernel/id-number.ts';

/** Platform's SQL: the subject registry. No other subgraph reads these tables. */

export type LegalPersonRow = InferSelectModel<typeof legalPerson>;
export type NaturalPersonRow = InferSelectModel<typeof naturalPerson>;

export async function legalPersonsByUscc(db: Drizzle, usccs: readonly string[]): Promise<LegalPersonRow[]> {
  return db.select().from(legalPerson).where(inArray(legalPerson.uscc, [...usccs]));
}

export async function naturalPersonsById(db: Drizzle, ids: readonly string[]): Promise<NaturalPersonRow[]> {
  return db.select().from(naturalPerson).where(inArray(naturalPerson.id, [...ids]));
}

export async function naturalPersonByHash(db: Drizzle, idNumberHash: string): Promise<NaturalPersonRow | null> {
  const [row] = await db.select().from(naturalPerson).where(eq(naturalPerson.idNumberHash, idNumberHash));
  return row ?? null;
}

/**
 * Registers persons seen in submissions (the `natural-person.observed` event). The first
 * observation stands: a person already registered (by id or by hash) is left as it is.
 */
export async function registerObservedPersons(db: Drizzle, persons: readonly ObservedPerson[]): Promise<void> {
  await insertJsonRows(db, naturalPerson, persons as unknown as Record<string, unknown>[], { onConflictDoNothing: [] });
}

/** Name matches counted at most; past it the total reads "this many or more". */
export const SEARCH_COUNT_CAP = 10_000;

export interface NameMatch {
  row: LegalPersonRow;
  score: number;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Fuzzy name search. A name containing the query scores by how much of the name it covers;
 * otherwise pg_trgm's word similarity finds near spellings. Both use the trigram GIN index.
 */
export async function searchByName(
  db: Drizzle,
  query: string,
  offset: number,
  limit: number,
): Promise<{ matches: NameMatch[]; total: number }> {
  const pattern = likePattern(query);
  const found = await rows<LegalPersonRow & { score: number | string; total: number | string; registrationDate: string | null }>(
    db,
    sql`with m as (
          select uscc,
                 greatest(
                   word_similarity(${query}, name),
                   case when name ilike ${pattern} then 0.5 + 0.5 * char_length(${query})::real / char_length(name) else 0 end
                 ) as score
          from ${legalPerson}
          where name ilike ${pattern} or ${query} <% name
          order by score desc, uscc
          limit ${SEARCH_COUNT_CAP}
        )
        select lp.uscc, lp.name, lp.kind, lp.division_code as "divisionCode", lp.industry_code as "industryCode",
               lp.registration_date as "registrationDate", lp.status, lp.legal_representative as "legalRepresentative",
               lp.created_at as "createdAt", lp.updated_at as "updatedAt",
               m.score, (select count(*) from m) as total
        from m join ${legalPerson} lp on lp.uscc = m.uscc
        order by m.score desc, lp.uscc
        offset ${offset} limit ${limit}`,
  );
  const total = found.length > 0 ? Number(found[0]!.total) : 0;
  return {
    total,
    matches: found.map(({ score, total: _t, ...row }) => ({ row: row as LegalPersonRow, score: Math.round(Number(score) * 1000) / 1000 })),
  };
}
export * from './lifecycle-store.ts';
