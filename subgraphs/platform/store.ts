import { eq, type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import { legalPerson, naturalPerson } from '../../drizzle/schema/platform.ts';
import { insertJsonRows } from '../kernel/bulk-insert.ts';
import { anyOf, customPlan, type Drizzle, rows } from '../kernel/db.ts';
import type { ObservedPerson } from '../kernel/id-number.ts';

/** Platform's SQL: the subject registry. No other subgraph reads these tables. */

export type LegalPersonRow = InferSelectModel<typeof legalPerson>;
export type NaturalPersonRow = InferSelectModel<typeof naturalPerson>;

export async function legalPersonsByUscc(db: Drizzle, usccs: readonly string[]): Promise<LegalPersonRow[]> {
  return db.select().from(legalPerson).where(anyOf(legalPerson.uscc, usccs));
}

export async function naturalPersonsById(db: Drizzle, ids: readonly string[]): Promise<NaturalPersonRow[]> {
  return db.select().from(naturalPerson).where(anyOf(naturalPerson.id, ids));
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

/**
 * Name matches counted, and ranked, at most. A text found in more names than this (大连 is in
 * most of them) is too broad to rank all its matches within a request: the first this many found
 * are ranked and the total reads "this many or more".
 */
export const SEARCH_COUNT_CAP = 1_000;

export interface NameMatch {
  row: LegalPersonRow;
  score: number;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Fuzzy name search. A name containing the query scores by how much of the name it covers;
 * otherwise pg_trgm's word similarity finds near spellings. Names are found through an index —
 * the trigram GIN index, or for a two-character query (too short for trigrams) the GIN index of
 * each name's two-character pieces — at most SEARCH_COUNT_CAP + 1 of them, and only those are
 * scored and sorted. Planned for its values each time (`customPlan`): a rare text reads the
 * index, a text in most names reads the table until it has enough.
 */
export async function searchByName(
  db: Drizzle,
  query: string,
  offset: number,
  limit: number,
): Promise<{ matches: NameMatch[]; total: number }> {
  const found = await rows<LegalPersonRow & { score: number | string; total: number | string; registrationDate: string | null }>(
    db,
    nameSearchStatement(query, offset, limit),
  );
  const total = found.length > 0 ? Number(found[0]!.total) : 0;
  return {
    total,
    matches: found.map(({ score, total: _t, ...row }) => ({ row: row as LegalPersonRow, score: Math.round(Number(score) * 1000) / 1000 })),
  };
}

/** The statement of `searchByName` (exported so tests can read its plan). */
export function nameSearchStatement(query: string, offset: number, limit: number): SQL {
  const pattern = likePattern(query);
  // For two characters, containing them is having them among the name's pieces (the index), and
  // the ilike (checked first, the cheaper) keeps the match exactly what it is for longer texts.
  const contains =
    [...query].length === 2
      ? sql`(${legalPerson.name} ilike ${pattern} and platform.name_bigrams(${legalPerson.name}) @> array[lower(${query})])`
      : sql`${legalPerson.name} ilike ${pattern}`;
  return customPlan(sql`with found as materialized (
          select uscc, name from ${legalPerson}
          where ${contains} or ${query} <% ${legalPerson.name}
          limit ${SEARCH_COUNT_CAP + 1}
        ), m as (
          select uscc,
                 greatest(
                   word_similarity(${query}, name),
                   case when name ilike ${pattern} then 0.5 + 0.5 * char_length(${query})::real / char_length(name) else 0 end
                 ) as score
          from found
          order by score desc, uscc
          limit ${SEARCH_COUNT_CAP}
        )
        select lp.uscc, lp.name, lp.kind, lp.division_code as "divisionCode", lp.industry_code as "industryCode",
               lp.registration_date as "registrationDate", lp.status, lp.legal_representative as "legalRepresentative",
               lp.created_at as "createdAt", lp.updated_at as "updatedAt",
               m.score, (select count(*) from m) as total
        from m join ${legalPerson} lp on lp.uscc = m.uscc
        order by m.score desc, lp.uscc
        offset ${offset} limit ${limit}`);
}
export * from './lifecycle-store.ts';
