import { sql } from 'drizzle-orm';
import { businessListingDecision, businessSectorRecord, taxCreditRating } from '../../drizzle/schema/business.ts';
import { listingDecisionRule } from '../kernel/listing-decisions.ts';
import { type ListingRule, sectorRecordRule } from '../kernel/listings.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';
import { registerListingRules } from '../kernel/record-events.ts';

/** Which business records put a subject on a joint rewards and sanctions list, read at query time. */
const t = taxCreditRating;
const s = businessSectorRecord;

export const BUSINESS_LISTING_RULES: readonly ListingRule[] = [
  {
    // A级纳税人: the grade of the taxpayer's latest assessed year is A; a newer grade replaces it.
    code: 'BUSINESS_A_GRADE_TAXPAYER',
    listType: 'RED',
    listName: 'A级纳税人名单',
    description: "纳税信用等级 A of the taxpayer's latest assessed tax year, from its publication until a newer grade is published; a revoked grade lists nobody.",
    table: t,
    recordType: 'TaxCreditRating',
    columns: { id: t.id, uscc: t.subjectUscc, since: t.publishedDate, until: sql`null::date`, authorityName: t.authorityName, authorityUscc: t.authorityUscc },
    // "No newer published grade" rather than "the year is the latest published one": the newer
    // years are looked up in the (subject, year) index, and a row is read only if one exists.
    // A revoked grade lists nobody, and it still counts as the newer year: revoking the latest A
    // does not put an older grade back in force (the authority re-assesses that year).
    where: sql`${t.grade} = 'A' and ${t.status} not in ('REVOKED', 'REPAIRED') and ${t.publishedDate} <= ${SHANGHAI_TODAY}
      and not exists (select 1 from ${t} l where l.subject_uscc = ${t.subjectUscc} and l.year > ${t.year} and l.published_date <= ${SHANGHAI_TODAY})`,
  },
  sectorRecordRule(s, {
    code: 'BUSINESS_MAJOR_TAX_VIOLATION',
    listType: 'BLACK',
    listName: '重大税收违法失信主体名单',
    description: 'A severe negative TAXATION sector record (重大税收违法失信案件) in its public window.',
    recordType: 'BusinessRecord',
    where: sql`${s.sector} = 'TAXATION' and ${s.polarity} = 'NEGATIVE' and ${s.severity} = 'SEVERE'`,
  }),
  sectorRecordRule(s, {
    code: 'BUSINESS_PROCUREMENT_SEVERE',
    listType: 'BLACK',
    listName: '政府采购严重违法失信行为记录名单',
    description: 'A severe negative GOVERNMENT_PROCUREMENT sector record in its public window.',
    recordType: 'BusinessRecord',
    where: sql`${s.sector} = 'GOVERNMENT_PROCUREMENT' and ${s.polarity} = 'NEGATIVE' and ${s.severity} = 'SEVERE'`,
  }),
  sectorRecordRule(s, {
    code: 'BUSINESS_SEVERE_RECORD',
    listType: 'KEY_ATTENTION',
    listName: '商务领域重点关注名单',
    description: 'A severe negative sector record of any other business sector in its public window.',
    recordType: 'BusinessRecord',
    where: sql`${s.sector} not in ('TAXATION', 'GOVERNMENT_PROCUREMENT') and ${s.polarity} = 'NEGATIVE' and ${s.severity} = 'SEVERE'`,
  }),
  sectorRecordRule(s, {
    code: 'BUSINESS_POSITIVE_RECORD',
    listType: 'RED',
    listName: '商务领域守信激励名单',
    description: 'A positive business sector record (守信激励) in its public window.',
    recordType: 'BusinessRecord',
    where: sql`${s.polarity} = 'POSITIVE'`,
  }),
  // 列入名单决定: the lists a business department names a subject on by its own decision.
  listingDecisionRule(businessListingDecision, 'BUSINESS_LISTING_DECISION'),
];

// The kernel's record events name the lists a new record implies, by these same rules.
registerListingRules('business', BUSINESS_LISTING_RULES);
