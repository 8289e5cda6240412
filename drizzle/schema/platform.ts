import { sql } from 'drizzle-orm';
import { bigint, bigserial, char, check, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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

/**
 * 措施清单: the joint rewards and sanctions measures (国发〔2016〕33号). A measure is never deleted:
 * withdrawing it stops it applying to new checks, while cases keep the copy they were checked with.
 */
export const sanctionMeasure = platform.table(
  'sanction_measure',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** RED, KEY_ATTENTION or BLACK */
    listType: text('list_type').notNull(),
    /** One list of that type (名单名称); null: every list of the type. */
    listName: text('list_name'),
    /** SanctionScenario, e.g. GOVERNMENT_PROCUREMENT */
    scenario: text('scenario').notNull(),
    /** 实施部门: a registered department's code. */
    departmentCode: text('department_code').notNull(),
    legalBasis: text('legal_basis').notNull(),
    /** REFUSE, RESTRICT, SCRUTINISE or FAST_TRACK */
    action: text('action').notNull(),
    content: text('content').notNull(),
    /** ACTIVE or WITHDRAWN */
    status: text('status').notNull().default('ACTIVE'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sanction_measure_scenario').on(t.scenario, t.departmentCode)],
);

/**
 * 联合奖惩核查案例: one check of one subject by one department for one scenario. The listings and
 * measures that applied are recorded once (evaluated_at) and never recomputed.
 */
export const sanctionCase = platform.table(
  'sanction_case',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Exactly one subject: a legal person's USCC or a natural person's platform id (never an ID number). */
    subjectUscc: char('subject_uscc', { length: 18 }),
    subjectPersonId: text('subject_person_id'),
    scenario: text('scenario').notNull(),
    departmentCode: text('department_code').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    /** The check's calendar day in Asia/Shanghai: the start of the feedback deadline. */
    checkedOn: date('checked_on', { mode: 'string' }).notNull(),
    listings: jsonb('listings'),
    measures: jsonb('measures'),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
  },
  (t) => [
    index('sanction_case_department').on(t.departmentCode, t.checkedAt, t.id),
    index('sanction_case_checked').on(t.checkedAt, t.id),
    index('sanction_case_subject').on(t.subjectUscc, t.checkedAt),
    index('sanction_case_person').on(t.subjectPersonId, t.checkedAt),
    check('sanction_case_one_subject', sql`(${t.subjectUscc} is null) <> (${t.subjectPersonId} is null)`),
  ],
);

/** 触发反馈: a department's report on a case; a correction is a new row, the latest one stands. */
export const sanctionFeedback = platform.table(
  'sanction_feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => sanctionCase.id),
    /** APPLIED or NOT_APPLIED */
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    actionDate: date('action_date', { mode: 'string' }).notNull(),
    details: text('details'),
    reportedBy: text('reported_by').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sanction_feedback_case').on(t.caseId, t.id)],
);

/**
 * 报告登记: every credit report issued — who asked about whom, when, at which level, and the
 * SHA-256 of the signed document. Not the document: it may hold authorized information, and a
 * second copy of it here would outlive the caller's consent; the hash is enough to tell whether
 * a presented report is the one issued.
 */
export const creditReportIssue = platform.table(
  'credit_report_issue',
  {
    id: text('id').primaryKey(),
    subjectUscc: char('subject_uscc', { length: 18 }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    accessLevel: text('access_level').notNull(),
    callerKind: text('caller_kind').notNull(),
    callerId: text('caller_id'),
    purpose: text('purpose'),
    documentSha256: char('document_sha256', { length: 64 }).notNull(),
    kid: text('kid').notNull(),
  },
  (t) => [index('credit_report_issue_subject').on(t.subjectUscc, t.issuedAt)],
);
