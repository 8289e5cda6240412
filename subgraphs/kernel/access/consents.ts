import { and, desc, eq, gt, type InferSelectModel, isNull, type SQL, sql } from 'drizzle-orm';
import { agency, consent } from '../../../drizzle/schema/access.ts';
import { anyOf, type Drizzle } from '../db.ts';
import { badUserInput, codedError } from '../errors.ts';
import { agenciesByUscc } from './agencies.ts';

/** Subjects' consents (授权) to agencies: the basis of the authorized query interface. */

export type ConsentRow = InferSelectModel<typeof consent>;
export type SubjectType = 'LEGAL_PERSON' | 'NATURAL_PERSON';

/** Longest a single consent may run; a subject renews it rather than granting forever. */
export const MAX_CONSENT_DAYS = 366;

/**
 * The subjects among `subjectIds` that have a live consent for this agency and purpose now.
 * One statement for any number of subjects.
 */
export async function subjectsWithLiveConsent(
  db: Drizzle,
  subjectIds: readonly string[],
  agencyUscc: string,
  purpose: string,
): Promise<Set<string>> {
  const found = await db
    .selectDistinct({ subjectId: consent.subjectId })
    .from(consent)
    .where(
      and(
        anyOf(consent.subjectId, subjectIds),
        eq(consent.agencyUscc, agencyUscc),
        eq(consent.purpose, purpose),
        isNull(consent.revokedAt),
        gt(consent.expiresAt, sql`now()`),
      ),
    );
  return new Set(found.map((r) => r.subjectId));
}

/**
 * The same test as a condition inside a larger statement that meets many subjects and agencies at
 * once (watchlist alerts): the subject's consent for the agency and purpose is live, and the
 * agency is active and allowed that purpose. The arguments are SQL expressions of the outer row.
 */
export function liveConsentCondition(subjectId: SQL, agencyUscc: SQL, purpose: SQL): SQL {
  // Aliases of their own, so the outer statement's expressions never resolve against these tables.
  return sql`(exists (select 1 from ${consent} live_consent where live_consent.subject_id = ${subjectId} and live_consent.agency_uscc = ${agencyUscc}
                and live_consent.purpose = ${purpose} and live_consent.revoked_at is null and live_consent.expires_at > now())
          and exists (select 1 from ${agency} live_agency where live_agency.uscc = ${agencyUscc} and live_agency.status = 'ACTIVE'
                and ${purpose} = any(live_agency.allowed_purposes)))`;
}

export async function grantConsent(
  db: Drizzle,
  input: { subjectType: SubjectType; subjectId: string; agencyUscc: string; purpose: string; expiresAt: string },
): Promise<ConsentRow> {
  const [agency] = await agenciesByUscc(db, [input.agencyUscc]);
  if (!agency) throw badUserInput('input.agencyUscc', 'UNKNOWN_AGENCY', 'is not a registered credit agency');
  if (agency.status !== 'ACTIVE') throw badUserInput('input.agencyUscc', 'AGENCY_NOT_ACTIVE', `the agency is ${agency.status.toLowerCase()}`);
  if (!agency.allowedPurposes.includes(input.purpose)) {
    throw badUserInput('input.purpose', 'PURPOSE_NOT_ALLOWED', `the agency may not query for ${input.purpose}`);
  }
  const expires = new Date(input.expiresAt);
  const now = Date.now();
  if (!(expires.getTime() > now)) throw badUserInput('input.expiresAt', 'IN_THE_PAST', 'must be in the future');
  if (expires.getTime() > now + MAX_CONSENT_DAYS * 86_400_000) {
    throw badUserInput('input.expiresAt', 'TOO_LONG', `a consent runs at most ${MAX_CONSENT_DAYS} days`);
  }
  const [row] = await db
    .insert(consent)
    .values({ subjectType: input.subjectType, subjectId: input.subjectId, agencyUscc: input.agencyUscc, purpose: input.purpose, expiresAt: expires })
    .returning();
  return row!;
}

/** Revokes one of the subject's own consents; revoking twice keeps the first revocation time. */
export async function revokeConsent(db: Drizzle, id: string, subjectId: string): Promise<ConsentRow> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw badUserInput('input.id', 'INVALID_ID', 'is not a consent id');
  const [row] = await db.select().from(consent).where(and(eq(consent.id, id), eq(consent.subjectId, subjectId)));
  if (!row) throw codedError('NOT_FOUND', 'no such consent of yours', { argument: 'input.id' });
  if (row.revokedAt) return row;
  const [updated] = await db.update(consent).set({ revokedAt: sql`now()` }).where(eq(consent.id, id)).returning();
  return updated!;
}

export async function consentsOf(db: Drizzle, subjectId: string): Promise<ConsentRow[]> {
  return db.select().from(consent).where(eq(consent.subjectId, subjectId)).orderBy(desc(consent.grantedAt), desc(consent.id)).limit(500);
}
