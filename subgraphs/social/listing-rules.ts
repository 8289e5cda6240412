import { sql } from 'drizzle-orm';
import { socialListingDecision, socialSectorRecord, wageArrearsRecord } from '../../drizzle/schema/social.ts';
import { listingDecisionRule } from '../kernel/listing-decisions.ts';
import { type ListingRule, sectorRecordRule } from '../kernel/listings.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';
import { registerListingRules } from '../kernel/record-events.ts';

/** Which social records put a subject on a joint rewards and sanctions list, read at query time. */
const w = wageArrearsRecord;
const s = socialSectorRecord;

/**
 * 拖欠农民工工资失信联合惩戒对象名单管理暂行办法 (人社部令第45号): arrears reaching the threshold of
 * the crime of refusing to pay wages, approximated here as ten workers or 100,000 yuan, list the
 * employer for three years; lesser outstanding arrears put it under key attention. Paying
 * (SETTLED) ends either at once, as does revocation on an upheld objection.
 */
const SEVERE_ARREARS = sql`(${w.workersAffected} >= 10 or ${w.amountOwed} >= 100000)`;
const OUTSTANDING_IN_PERIOD = sql`${w.status} not in ('REVOKED', 'REPAIRED') and ${w.settlementStatus} = 'OUTSTANDING' and ${w.decisionDate} <= ${SHANGHAI_TODAY}
  and ${w.decisionDate} + interval '3 years' > ${SHANGHAI_TODAY}`;
const wageColumns = {
  id: w.id,
  uscc: w.subjectUscc,
  since: w.decisionDate,
  until: sql`(${w.decisionDate} + interval '3 years' - interval '1 day')::date`,
  authorityName: w.authorityName,
  authorityUscc: w.authorityUscc,
};

export const SOCIAL_LISTING_RULES: readonly ListingRule[] = [
  {
    code: 'SOCIAL_WAGE_ARREARS_SEVERE',
    listType: 'BLACK',
    listName: '拖欠农民工工资失信联合惩戒对象名单',
    description: 'Outstanding wage arrears (拖欠农民工工资) of at least 10 workers or 100,000 yuan, for 3 years from the decision; payment or revocation ends it.',
    table: w,
    recordType: 'WageArrearsRecord',
    columns: wageColumns,
    where: sql`${OUTSTANDING_IN_PERIOD} and ${SEVERE_ARREARS}`,
  },
  {
    code: 'SOCIAL_WAGE_ARREARS',
    listType: 'KEY_ATTENTION',
    listName: '拖欠农民工工资重点关注名单',
    description: 'Outstanding wage arrears below that threshold, for 3 years from the decision; payment or revocation ends it.',
    table: w,
    recordType: 'WageArrearsRecord',
    columns: wageColumns,
    where: sql`${OUTSTANDING_IN_PERIOD} and not ${SEVERE_ARREARS}`,
  },
  sectorRecordRule(s, {
    code: 'SOCIAL_SEVERE_RECORD',
    listType: 'BLACK',
    listName: '社会领域严重失信主体名单',
    description: 'A severe negative social sector record in its public window.',
    recordType: 'SocialRecord',
    where: sql`${s.polarity} = 'NEGATIVE' and ${s.severity} = 'SEVERE'`,
  }),
  sectorRecordRule(s, {
    code: 'SOCIAL_GENERAL_RECORD',
    listType: 'KEY_ATTENTION',
    listName: '社会领域重点关注名单',
    description: 'A general negative social sector record in its public window.',
    recordType: 'SocialRecord',
    where: sql`${s.polarity} = 'NEGATIVE' and ${s.severity} = 'GENERAL'`,
  }),
  // 列入名单决定: the lists a social department names a subject on by its own decision.
  listingDecisionRule(socialListingDecision, 'SOCIAL_LISTING_DECISION'),
];

// The kernel's record events name the lists a new record implies, by these same rules.
registerListingRules('social', SOCIAL_LISTING_RULES);
