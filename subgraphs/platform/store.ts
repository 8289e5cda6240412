import { eq, type InferSelectModel, sql } from 'drizzle-orm';
import { legacyCode, legalPerson, naturalPerson } from '../../drizzle/schema/platform.ts';
import { anyOf, type Drizzle, rows } from '../kernel/db.ts';

/** Platform's SQL: the subject registry. No other subgraph reads these tables. */

export type LegalPersonRow = InferSelectModel<typeof legalPerson>;
export type NaturalPersonRow = InferSelectModel<typeof naturalPerson>;

export async function legalPersonsByUscc(db: Drizzle, usccs: readonly string[]): Promise<LegalPersonRow[]> {
  return db.select().from(legalPerson).where(anyOf(legalPerson.uscc, usccs));
}

export async function naturalPersonsById(db: Drizzle, ids: readonly string[]): Promise<NaturalPersonRow[]> {
  return db.select().from(naturalPerson).where(anyOf(naturalPerson.id, ids));
}

/** Legal persons whose organisation code (USCC characters 9–17, or a mapped old code) is `code`. */
export async function legalPersonsByOrganizationCode(db: Drizzle, code: string): Promise<LegalPersonRow[]> {
  const mapped = db.select({ uscc: legacyCode.uscc }).from(legacyCode).where(sql`${legacyCode.codeType} = 'ORGANIZATION_CODE' and ${legacyCode.code} = ${code}`);
  return db
    .select()
    .from(legalPerson)
    .where(sql`substring(${legalPerson.uscc}, 9, 9) = ${code} or ${legalPerson.uscc} in (${mapped})`)
    .orderBy(legalPerson.uscc)
    .limit(100);
}

export async function legalPersonsByRegistrationNumber(db: Drizzle, number: string): Promise<LegalPersonRow[]> {
  return db
    .select({ lp: legalPerson })
    .from(legacyCode)
    .innerJoin(legalPerson, eq(legalPerson.uscc, legacyCode.uscc))
    .where(sql`${legacyCode.codeType} = 'REGISTRATION_NUMBER' and ${legacyCode.code} = ${number}`)
    .then((r) => r.map((x) => x.lp));
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
