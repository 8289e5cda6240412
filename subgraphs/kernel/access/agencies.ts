import { asc, eq, type InferSelectModel, sql } from 'drizzle-orm';
import { agency, agencyViolation } from '../../../drizzle/schema/access.ts';
import { anyOf, type Drizzle } from '../db.ts';
import { badUserInput, codedError } from '../errors.ts';
import { isPurposeSyntax } from './purposes.ts';

/** Registered credit agencies (tasks 4, 16, 17): who may use the authorized interface, for what. */

export type AgencyRow = InferSelectModel<typeof agency>;
export type AgencyViolationRow = InferSelectModel<typeof agencyViolation>;
export const AGENCY_STATUSES = ['ACTIVE', 'SUSPENDED', 'BLACKLISTED'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

export async function agenciesByUscc(db: Drizzle, usccs: readonly string[]): Promise<AgencyRow[]> {
  return db.select().from(agency).where(anyOf(agency.uscc, usccs));
}

export async function listAgencies(db: Drizzle): Promise<AgencyRow[]> {
  return db.select().from(agency).orderBy(asc(agency.uscc));
}

function checkPurposes(purposes: string[]): string[] {
  const unique = [...new Set(purposes)];
  if (unique.length === 0) throw badUserInput('input.allowedPurposes', 'REQUIRED', 'at least one purpose');
  for (const [i, p] of unique.entries()) {
    if (!isPurposeSyntax(p)) throw badUserInput(`input.allowedPurposes.${i}`, 'INVALID_PURPOSE', 'a purpose is an UPPER_SNAKE word');
  }
  return unique;
}

/** Registers an agency or updates its name, licence and purposes (status is changed apart). */
export async function upsertAgency(
  db: Drizzle,
  input: { uscc: string; name: string; licenceNumber: string; allowedPurposes: string[] },
): Promise<AgencyRow> {
  const name = input.name.trim();
  const licence = input.licenceNumber.trim();
  if (!name || name.length > 200) throw badUserInput('input.name', 'INVALID_NAME', 'a name of 1 to 200 characters');
  if (!licence || licence.length > 100) throw badUserInput('input.licenceNumber', 'INVALID_LICENCE', 'a licence number of 1 to 100 characters');
  const allowedPurposes = checkPurposes(input.allowedPurposes);
  const [row] = await db
    .insert(agency)
    .values({ uscc: input.uscc, name, licenceNumber: licence, allowedPurposes })
    .onConflictDoUpdate({ target: agency.uscc, set: { name, licenceNumber: licence, allowedPurposes, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function setAgencyStatus(db: Drizzle, uscc: string, status: AgencyStatus, reason: string | null): Promise<AgencyRow> {
  const [row] = await db.update(agency).set({ status, statusReason: reason, updatedAt: sql`now()` }).where(eq(agency.uscc, uscc)).returning();
  if (!row) throw codedError('NOT_FOUND', `no registered agency ${uscc}`, { argument: 'input.uscc' });
  return row;
}

export async function recordViolation(
  db: Drizzle,
  input: { agencyUscc: string; occurredOn: string; description: string; recordedBy: string },
): Promise<AgencyViolationRow> {
  const description = input.description.trim();
  if (!description || description.length > 2000) throw badUserInput('input.description', 'INVALID_DESCRIPTION', '1 to 2,000 characters');
  const [known] = await agenciesByUscc(db, [input.agencyUscc]);
  if (!known) throw codedError('NOT_FOUND', `no registered agency ${input.agencyUscc}`, { argument: 'input.agencyUscc' });
  const [row] = await db.insert(agencyViolation).values({ ...input, description }).returning();
  return row!;
}

export async function violationsOf(db: Drizzle, usccs: readonly string[]): Promise<AgencyViolationRow[]> {
  return db
    .select()
    .from(agencyViolation)
    .where(anyOf(agencyViolation.agencyUscc, usccs))
    .orderBy(asc(agencyViolation.agencyUscc), asc(agencyViolation.occurredOn), asc(agencyViolation.id));
}
