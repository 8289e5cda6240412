import { sql } from 'drizzle-orm';
import { legalPersonCode } from '../../drizzle/schema/identity.ts';
import { insertJsonRows } from './bulk-insert.ts';
import { type Drizzle, rows } from './db.ts';

/**
 * The identifier store (kernel schema `identity`): which USCC an organisation code or a
 * registration number belongs to. Every subgraph reaches it only through this module.
 */

export type OldCodeType = 'ORGANIZATION_CODE' | 'REGISTRATION_NUMBER';

export interface OldCodeRef {
  code: string;
  codeType: OldCodeType;
}

export interface LegalPersonCodeRow extends OldCodeRef {
  uscc: string;
  /** USCC: characters 9–17 of the USCC itself; OLD_CODE: a code from before the USCC. */
  source: 'USCC' | 'OLD_CODE';
}

const refKey = (r: OldCodeRef) => `${r.codeType}:${r.code}`;

/**
 * The USCCs each code belongs to (an empty list: unknown; more than one: ambiguous), in one
 * statement for any number of codes. Codes are expected normalised (upper case, no hyphen).
 */
export async function usccsOfCodes(db: Drizzle, refs: readonly OldCodeRef[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(refs.map((r) => [refKey(r), []]));
  const unique = [...new Map(refs.map((r) => [refKey(r), { c: r.code, t: r.codeType }])).values()];
  if (unique.length === 0) return result;
  const found = await rows<{ code: string; code_type: string; uscc: string }>(
    db,
    sql`select distinct c.code, c.code_type, c.uscc from ${legalPersonCode} c
        join json_to_recordset(${JSON.stringify(unique)}::json) as k(c text, t text) on c.code_type = k.t and c.code = k.c
        order by c.uscc`,
  );
  for (const f of found) result.get(`${f.code_type}:${f.code}`)?.push(f.uscc);
  return result;
}

/** The key `usccsOfCodes` answers under. */
export function codeKey(ref: OldCodeRef): string {
  return refKey(ref);
}

/** Registers codes (idempotent): the registry calls it for each legal person it registers. */
export async function recordLegalPersonCodes(db: Drizzle, codes: readonly LegalPersonCodeRow[]): Promise<void> {
  await insertJsonRows(db, legalPersonCode, codes as unknown as Record<string, unknown>[], {
    onConflictDoNothing: [legalPersonCode.codeType, legalPersonCode.code, legalPersonCode.uscc],
  });
}

/** The organisation code inside a USCC (characters 9–17), as the store holds it. */
export function embeddedOrganizationCode(uscc: string): LegalPersonCodeRow {
  return { code: uscc.slice(8, 17), codeType: 'ORGANIZATION_CODE', uscc, source: 'USCC' };
}
