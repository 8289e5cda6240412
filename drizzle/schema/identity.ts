import { char, index, pgSchema, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * The kernel's identifier store (task 7): old organisation codes and registration numbers, and
 * the organisation code inside every registered USCC, mapped to the USCC. It is the kernel's
 * (not platform's) so that every domain can map a submitted old code without reading platform's
 * tables; platform's search reads it through the same kernel module.
 */
export const identity = pgSchema('identity');

export const legalPersonCode = identity.table(
  'legal_person_code',
  {
    /** Normalised: upper case, no hyphen. */
    code: text('code').notNull(),
    /** ORGANIZATION_CODE (9 characters, GB 11714) or REGISTRATION_NUMBER (15 digits) */
    codeType: text('code_type').notNull(),
    uscc: char('uscc', { length: 18 }).notNull(),
    /** USCC: characters 9–17 of a registered USCC; OLD_CODE: an old code registered before the USCC. */
    source: text('source').notNull(),
  },
  // One code may belong to several USCCs (then it is ambiguous and refused at submission).
  (t) => [primaryKey({ columns: [t.codeType, t.code, t.uscc] }), index('legal_person_code_uscc').on(t.uscc)],
);
