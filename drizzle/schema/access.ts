import { bigint, bigserial, char, date, index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Kernel-owned stores for access control (DESIGN.md, Authorization): registered credit agencies,
 * subjects' consents, and the query registration log. Every subgraph reaches them only through
 * kernel modules, never with its own SQL.
 */
export const access = pgSchema('access');

/** Credit agencies (征信机构 and other licensed users) registered as API clients (tasks 4, 16, 17). */
export const agency = access.table('agency', {
  uscc: char('uscc', { length: 18 }).primaryKey(),
  name: text('name').notNull(),
  /** 经营许可 / 备案 number. */
  licenceNumber: text('licence_number').notNull(),
  /** Purposes the agency may state (e.g. CREDIT_REPORT, LOAN_APPROVAL). */
  allowedPurposes: text('allowed_purposes').array().notNull(),
  /** ACTIVE, SUSPENDED or BLACKLISTED; only ACTIVE agencies are served. */
  status: text('status').notNull().default('ACTIVE'),
  statusReason: text('status_reason'),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Government departments registered as data suppliers (数据来源单位): only a registered, active
 * department submits records, and only to the domains it is registered for.
 */
export const department = access.table('department', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  uscc: char('uscc', { length: 18 }).notNull(),
  /** Domains it may submit to: government, business, social, judicial. */
  writeDomains: text('write_domains').array().notNull(),
  status: text('status').notNull().default('ACTIVE'),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An agency's own credit file: violations found against it (task 17). */
export const agencyViolation = access.table(
  'agency_violation',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    agencyUscc: char('agency_uscc', { length: 18 })
      .notNull()
      .references(() => agency.uscc),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    /** Who recorded it (an admin's id). */
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agency_violation_agency').on(t.agencyUscc)],
);

/** A subject's consent (授权) for one agency and one purpose, until it expires or is revoked. */
export const consent = access.table(
  'consent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** LEGAL_PERSON (subject_id is a USCC) or NATURAL_PERSON (subject_id is a platform person id). */
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    agencyUscc: char('agency_uscc', { length: 18 }).notNull(),
    purpose: text('purpose').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('consent_subject_agency').on(t.subjectId, t.agencyUscc)],
);

/**
 * Accesses to non-public fields not yet sealed into the chain. Subgraphs append here freely, so
 * no request waits on another; the sealer moves them into query_log in batches.
 */
export const queryLogPending = access.table('query_log_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  requestId: text('request_id').notNull(),
  callerKind: text('caller_kind').notNull(),
  callerId: text('caller_id'),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  fields: text('fields').array().notNull(),
  purpose: text('purpose'),
  accessedAt: timestamp('accessed_at', { withTimezone: true }).notNull(),
});

/** 查询使用登记: the sealed, append-only, hash-chained query registration log. */
export const queryLog = access.table(
  'query_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull(),
    callerKind: text('caller_kind').notNull(),
    callerId: text('caller_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    fields: text('fields').array().notNull(),
    purpose: text('purpose'),
    accessedAt: timestamp('accessed_at', { withTimezone: true }).notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull(),
    /** Hash of the previous entry (64 zeros for the first). */
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    /** sha256 over prev_hash and this entry's canonical content. */
    hash: char('hash', { length: 64 }).notNull(),
  },
  (t) => [
    index('query_log_subject').on(t.subjectId, t.accessedAt),
    index('query_log_caller').on(t.callerId, t.accessedAt),
    index('query_log_accessed').on(t.accessedAt),
  ],
);
