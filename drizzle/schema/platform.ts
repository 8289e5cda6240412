import { sql } from 'drizzle-orm';
import { char, date, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Platform's own Postgres schema: the subject registry. */
export const platform = pgSchema('platform');

export const legalPerson = platform.table(
  'legal_person',
  {
    uscc: char('uscc', { length: 18 }).primaryKey(),
    name: text('name').notNull(),
    /** Derived from characters 1–2 of the code at write time, kept for filtering and statistics. */
    kind: text('kind').notNull(),
    divisionCode: char('division_code', { length: 6 }).notNull(),
    industryCode: char('industry_code', { length: 1 }),
    registrationDate: date('registration_date', { mode: 'string' }),
    status: text('status').notNull().default('ACTIVE'),
    legalRepresentative: text('legal_representative'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('legal_person_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('legal_person_division').on(t.divisionCode),
    // Exact search by the old organisation code, which is characters 9–17 of the USCC.
    index('legal_person_organization_code').on(sql`substring(${t.uscc}, 9, 9)`),
  ],
);

/** Natural persons: the ID number is never stored, only its keyed hash and masked form. */
export const naturalPerson = platform.table(
  'natural_person',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    idNumberHash: char('id_number_hash', { length: 64 }).notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    divisionCode: char('division_code', { length: 6 }),
    birthYear: integer('birth_year'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('natural_person_id_hash').on(t.idNumberHash)],
);
