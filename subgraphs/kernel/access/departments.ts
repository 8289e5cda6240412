import { eq, inArray, type InferSelectModel } from 'drizzle-orm';
import { department } from '../../../drizzle/schema/access.ts';
import type { Caller } from '../auth/evaluate.ts';
import type { Drizzle } from '../db.ts';
import { badUserInput, codedError } from '../errors.ts';

/** Registered government departments: the suppliers of records (数据来源单位). */

export type DepartmentRow = InferSelectModel<typeof department>;
export const WRITABLE_DOMAINS = ['government', 'business', 'social', 'judicial'] as const;

export async function upsertDepartment(
  db: Drizzle,
  input: { code: string; name: string; uscc: string; writeDomains: string[] },
): Promise<DepartmentRow> {
  if (!/^[A-Za-z0-9_:-]{1,64}$/.test(input.code)) throw badUserInput('input.code', 'INVALID_CODE', '1 to 64 letters, digits, _, - or :');
  const name = input.name.trim();
  if (!name || name.length > 200) throw badUserInput('input.name', 'INVALID_NAME', 'a name of 1 to 200 characters');
  const writeDomains = [...new Set(input.writeDomains)];
  for (const [i, d] of writeDomains.entries()) {
    if (!(WRITABLE_DOMAINS as readonly string[]).includes(d)) throw badUserInput(`input.writeDomains.${i}`, 'UNKNOWN_DOMAIN', `one of ${WRITABLE_DOMAINS.join(', ')}`);
  }
  const [row] = await db
    .insert(department)
    .values({ code: input.code, name, uscc: input.uscc, writeDomains })
    .onConflictDoUpdate({ target: department.code, set: { name, uscc: input.uscc, writeDomains } })
    .returning();
  return row!;
}

/**
 * The registered, active department a submitting caller is, allowed to write to `domain`; the
 * whole submission is refused otherwise.
 */
export async function writingDepartment(db: Drizzle, caller: Caller, domain: string): Promise<DepartmentRow> {
  const { principal } = caller;
  if (principal.kind !== 'department' || !principal.id) throw codedError('FORBIDDEN', 'only a government department submits records', { reason: 'NOT_A_DEPARTMENT' });
  const [row] = await db.select().from(department).where(eq(department.code, principal.id));
  if (!row) throw codedError('FORBIDDEN', `department ${principal.id} is not registered as a data supplier`, { reason: 'UNKNOWN_DEPARTMENT' });
  if (row.status !== 'ACTIVE') throw codedError('FORBIDDEN', `department ${principal.id} is ${row.status.toLowerCase()}`, { reason: 'DEPARTMENT_NOT_ACTIVE' });
  if (!row.writeDomains.includes(domain)) throw codedError('FORBIDDEN', `department ${principal.id} does not supply ${domain} records`, { reason: 'DOMAIN_NOT_ALLOWED' });
  return row;
}

export async function departmentsWritingTo(db: Drizzle, domains: readonly string[]): Promise<DepartmentRow[]> {
  const all = await db.select().from(department).orderBy(department.code);
  return all.filter((d) => d.status === 'ACTIVE' && d.writeDomains.some((w) => domains.includes(w)));
}

export async function departmentsByCode(db: Drizzle, codes: readonly string[]): Promise<DepartmentRow[]> {
  return codes.length === 0 ? [] : db.select().from(department).where(inArray(department.code, [...codes]));
}

/** Departments by USCC (数据来源单位 as records name them). */
export async function departmentsByUscc(db: Drizzle, usccs: readonly string[]): Promise<DepartmentRow[]> {
  return usccs.length === 0 ? [] : db.select().from(department).where(inArray(department.uscc, [...usccs])).orderBy(department.code);
}

/** The registered, active department a caller is, for acts only a department does (sanctions checks, feedback). */
export async function actingDepartment(db: Drizzle, caller: Caller): Promise<DepartmentRow> {
  const { principal } = caller;
  if (principal.kind !== 'department' || !principal.id) throw codedError('FORBIDDEN', 'only a government department does this', { reason: 'NOT_A_DEPARTMENT' });
  const [row] = await departmentsByCode(db, [principal.id]);
  if (!row) throw codedError('FORBIDDEN', `department ${principal.id} is not registered`, { reason: 'UNKNOWN_DEPARTMENT' });
  if (row.status !== 'ACTIVE') throw codedError('FORBIDDEN', `department ${principal.id} is ${row.status.toLowerCase()}`, { reason: 'DEPARTMENT_NOT_ACTIVE' });
  return row;
}
