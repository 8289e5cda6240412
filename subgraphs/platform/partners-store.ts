import { and, asc, eq, type InferSelectModel, sql } from 'drizzle-orm';
import { partnerCity, partnerKey, partnerRecognition, partnerRecognitionRule } from '../../drizzle/schema/platform-evaluation.ts';
import { insertJsonRows } from '../kernel/bulk-insert.ts';
import { type Drizzle, rows } from '../kernel/db.ts';

/** Platform's SQL for mutual recognition: the partner registry, recognition rules and received results. */
export type PartnerCityRow = InferSelectModel<typeof partnerCity>;
export type PartnerKeyRow = InferSelectModel<typeof partnerKey>;
export type RecognitionRuleRow = InferSelectModel<typeof partnerRecognitionRule>;
export type RecognitionRow = InferSelectModel<typeof partnerRecognition>;
export type PartnerCityModel = PartnerCityRow & { keys: PartnerKeyRow[] };

/** The registry with every key: it is small (a province's cities), so it is read whole. */
export async function listPartnerCities(db: Drizzle, codes?: readonly string[]): Promise<PartnerCityModel[]> {
  const where = codes ? sql`${partnerCity.code} = any(${sql.param([...codes])}::text[])` : undefined;
  const cities = await db.select().from(partnerCity).where(where).orderBy(asc(partnerCity.code));
  if (cities.length === 0) return [];
  const keys = await db
    .select()
    .from(partnerKey)
    .where(sql`${partnerKey.partnerCode} = any(${sql.param(cities.map((c) => c.code))}::text[])`)
    .orderBy(asc(partnerKey.addedAt), asc(partnerKey.kid));
  return cities.map((c) => ({ ...c, keys: keys.filter((k) => k.partnerCode === c.code) }));
}

export async function upsertPartnerCity(db: Drizzle, values: { code: string; name: string; recognizedTypes: string[]; createdBy: string }): Promise<void> {
  await db
    .insert(partnerCity)
    .values(values)
    .onConflictDoUpdate({ target: partnerCity.code, set: { name: values.name, recognizedTypes: values.recognizedTypes, updatedAt: sql`now()` } });
}

export async function setPartnerStatus(db: Drizzle, code: string, status: string): Promise<boolean> {
  const changed = await db.update(partnerCity).set({ status, updatedAt: sql`now()` }).where(eq(partnerCity.code, code)).returning({ code: partnerCity.code });
  return changed.length > 0;
}

/** False when the city already has a key of that kid (active or retired: a kid is never reused). */
export async function insertPartnerKey(db: Drizzle, values: { partnerCode: string; kid: string; jwk: unknown }): Promise<boolean> {
  const added = await db.insert(partnerKey).values(values).onConflictDoNothing().returning({ kid: partnerKey.kid });
  return added.length > 0;
}

export async function retirePartnerKey(db: Drizzle, partnerCode: string, kid: string): Promise<PartnerKeyRow | null> {
  const [row] = await db
    .update(partnerKey)
    .set({ status: 'RETIRED', retiredAt: sql`coalesce(${partnerKey.retiredAt}, now())` })
    .where(and(eq(partnerKey.partnerCode, partnerCode), eq(partnerKey.kid, kid)))
    .returning();
  return row ?? null;
}

export async function listRecognitionRules(db: Drizzle): Promise<RecognitionRuleRow[]> {
  return db.select().from(partnerRecognitionRule).orderBy(asc(partnerRecognitionRule.id));
}

export async function upsertRecognitionRule(
  db: Drizzle,
  values: { resultType: string; partnerGrade: string | null; listType: string; listName: string; status: string },
): Promise<RecognitionRuleRow> {
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into ${partnerRecognitionRule} (result_type, partner_grade, list_type, list_name, status)
        values (${values.resultType}, ${values.partnerGrade}, ${values.listType}, ${values.listName}, ${values.status})
        on conflict (result_type, coalesce(partner_grade, '')) do update
          set list_type = excluded.list_type, list_name = excluded.list_name, status = excluded.status, updated_at = now()
        returning id`,
  );
  const [rule] = await db.select().from(partnerRecognitionRule).where(eq(partnerRecognitionRule.id, Number(row!.id)));
  return rule!;
}

/** A recognized result with what decides its effect now: its city's name, status and recognized types. */
export interface RecognitionWithCity extends RecognitionRow {
  cityName: string;
  cityStatus: string;
  cityRecognizes: string[];
}

/** Every recognized result about the subjects, newest first: one statement for the batch. */
export async function recognitionsOf(db: Drizzle, usccs: readonly string[]): Promise<RecognitionWithCity[]> {
  const found = await db
    .select({ r: partnerRecognition, cityName: partnerCity.name, cityStatus: partnerCity.status, cityRecognizes: partnerCity.recognizedTypes })
    .from(partnerRecognition)
    .innerJoin(partnerCity, eq(partnerCity.code, partnerRecognition.partnerCode))
    .where(sql`${partnerRecognition.subjectUscc} = any(${sql.param([...usccs])}::bpchar[])`)
    .orderBy(sql`${partnerRecognition.issuedAt} desc`, sql`${partnerRecognition.id} desc`);
  return found.map((f) => ({ ...f.r, subjectUscc: f.r.subjectUscc.trim(), cityName: f.cityName, cityStatus: f.cityStatus, cityRecognizes: f.cityRecognizes }));
}

/** Which (city, jti) pairs were received before: one statement, the pairs as two array parameters. */
export async function receivedJtis(db: Drizzle, pairs: readonly { partnerCode: string; jti: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const found = await rows<{ partner_code: string; jti: string }>(
    db,
    sql`select distinct r.partner_code, r.jti from unnest(${sql.param(pairs.map((p) => p.partnerCode))}::text[], ${sql.param(pairs.map((p) => p.jti))}::text[]) as k(code, jti)
        join ${partnerRecognition} r on r.partner_code = k.code and r.jti = k.jti`,
  );
  return new Set(found.map((f) => `${f.partner_code}\u0000${f.jti}`));
}

export type NewRecognition = Omit<typeof partnerRecognition.$inferInsert, 'id' | 'receivedAt' | 'issuedAt' | 'expiresAt'> & { issuedAt: string; expiresAt: string | null };

/**
 * Stores the results of accepted attestations in one statement (so nothing is half-written);
 * a (city, jti) another request stored meanwhile is skipped. Gives the (city, jti) pairs stored.
 */
export async function insertRecognitions(db: Drizzle, values: readonly NewRecognition[]): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const stored = await insertJsonRows<{ partnerCode: string; jti: string }>(db, partnerRecognition, values as unknown as Record<string, unknown>[], {
    onConflictDoNothing: [partnerRecognition.partnerCode, partnerRecognition.jti, partnerRecognition.resultIndex],
    returning: { partnerCode: partnerRecognition.partnerCode, jti: partnerRecognition.jti },
  });
  return new Set(stored.map((s) => `${s.partnerCode}\u0000${s.jti}`));
}
