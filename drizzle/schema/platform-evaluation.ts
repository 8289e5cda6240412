import { sql } from 'drizzle-orm';
import { bigserial, char, index, integer, jsonb, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { platform } from './platform.ts';

/**
 * 公共信用综合评价 (task 3): the rules and grade bands are data an admin manages, never code, so
 * the published rule set is exactly what scores subjects. Scores themselves are not stored: they
 * are computed when read from the facts the domains contribute, so they never go stale.
 */
export const evaluationRule = platform.table(
  'evaluation_rule',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Stable code, e.g. BLACK_LISTING. */
    code: text('code').notNull(),
    /** 规则说明 (Chinese), shown to the public with every contribution. */
    description: text('description').notNull(),
    // The matcher: a null column matches anything.
    /** RECORD or LISTING */
    factKind: text('fact_kind'),
    /** GOVERNMENT, BUSINESS, SOCIAL, JUDICIAL or CROSS_REGION */
    domain: text('domain'),
    /** GraphQL record types, e.g. AdministrativePenalty; null: any. */
    recordTypes: text('record_types').array(),
    sector: text('sector'),
    category: text('category'),
    polarity: text('polarity'),
    severity: text('severity'),
    listType: text('list_type'),
    /** PUBLIC (only facts in their public window), ARCHIVED (only those past it) or ANY */
    window: text('window').notNull().default('PUBLIC'),
    /** Points per matching fact (negative for penalties). */
    points: integer('points').notNull(),
    /** Most the rule adds or takes in all, as a positive number; null: no cap. */
    cap: integer('cap'),
    /** ACTIVE or WITHDRAWN */
    status: text('status').notNull().default('ACTIVE'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evaluation_rule_code').on(t.code)],
);

/** Grade bands (A–D) and the classified supervision (分级分类监管) each grade maps to. */
export const evaluationGrade = platform.table('evaluation_grade', {
  grade: char('grade', { length: 1 }).primaryKey(),
  /** Lowest score of the band; null for the lowest band (everything below the next). */
  minScore: integer('min_score'),
  /** 等级名称, e.g. 信用优秀 */
  label: text('label').notNull(),
  /** LOW, NORMAL, ENHANCED or STRICT */
  supervisionLevel: text('supervision_level').notNull(),
  /** 监管方式, e.g. 低频次抽查 */
  supervisionLabel: text('supervision_label').notNull(),
  /** 双随机抽查比例, percent */
  inspectionRatePercent: integer('inspection_rate_percent').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Partner cities of mutual recognition (跨区域信用互认, task 14). */
export const partnerCity = platform.table('partner_city', {
  /** Division code (GB/T 2260), 4 or 6 digits, e.g. 2101 沈阳; the `sub` of the partner's tokens. */
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** ACTIVE or SUSPENDED */
  status: text('status').notNull().default('ACTIVE'),
  /** Result types recognized from this partner: EVALUATION, BLACK_LIST, RED_LIST, KEY_ATTENTION. */
  recognizedTypes: text('recognized_types').array().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A partner's registered public keys (JWK): attestations are verified against the key their `kid` names. */
export const partnerKey = platform.table(
  'partner_key',
  {
    partnerCode: text('partner_code').notNull(),
    kid: text('kid').notNull(),
    jwk: jsonb('jwk').notNull(),
    /** ACTIVE or RETIRED */
    status: text('status').notNull().default('ACTIVE'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.partnerCode, t.kid] })],
);

/**
 * Recognition rules (互认规则): what a recognized partner result does here. A result of
 * `resultType` (and, for evaluations, of `partnerGrade`) puts its subject on our `listType` list
 * `listName` as a cross-region listing; a result with no rule is shown but has no effect.
 */
export const partnerRecognitionRule = platform.table(
  'partner_recognition_rule',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    resultType: text('result_type').notNull(),
    /** For EVALUATION results: the partner's grade the rule is for; null for list results. */
    partnerGrade: char('partner_grade', { length: 1 }),
    listType: text('list_type').notNull(),
    listName: text('list_name').notNull(),
    /** ACTIVE or WITHDRAWN */
    status: text('status').notNull().default('ACTIVE'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // One rule per type and grade; list types have no grade, and NULLs would not collide.
  (t) => [uniqueIndex('partner_recognition_rule_result').on(t.resultType, sql`coalesce(${t.partnerGrade}, '')`)],
);

/** Partner results received (each a verified attestation, kept whole as it was signed). */
export const partnerRecognition = platform.table(
  'partner_recognition',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    partnerCode: text('partner_code').notNull(),
    kid: text('kid').notNull(),
    /** The attestation's own id (`jti`): a partner sends each attestation once. */
    jti: text('jti').notNull(),
    /** The result's position in the attestation's `results`. */
    resultIndex: integer('result_index').notNull(),
    subjectUscc: char('subject_uscc', { length: 18 }).notNull(),
    /** EVALUATION, BLACK_LIST, RED_LIST or KEY_ATTENTION */
    resultType: text('result_type').notNull(),
    /** The partner's grade, for EVALUATION results. */
    grade: char('grade', { length: 1 }),
    score: integer('score'),
    /** The partner's list name, for list results. */
    listName: text('list_name'),
    /** The partner's deciding authority and decision day, as attested. */
    authorityName: text('authority_name'),
    decidedOn: text('decided_on'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    /** Null: valid until the partner withdraws it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The compact JWS as received (the same for every result of one attestation). */
    attestation: text('attestation').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('partner_recognition_jti').on(t.partnerCode, t.jti, t.resultIndex), index('partner_recognition_subject').on(t.subjectUscc)],
);
