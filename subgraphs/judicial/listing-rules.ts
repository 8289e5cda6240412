import { sql } from 'drizzle-orm';
import { dishonestJudgmentDebtor, judicialListingDecision, judicialSectorRecord } from '../../drizzle/schema/judicial.ts';
import { listingDecisionRule } from '../kernel/listing-decisions.ts';
import { type ListingRule, sectorRecordRule } from '../kernel/listings.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';
import { registerListingRules } from '../kernel/record-events.ts';

/** Which judicial records put a subject on a joint rewards and sanctions list, read at query time. */
const d = dishonestJudgmentDebtor;
const s = judicialSectorRecord;

export const JUDICIAL_LISTING_RULES: readonly ListingRule[] = [
  {
    // 最高人民法院关于公布失信被执行人名单信息的若干规定: listed from publication until removed,
    // or until an upheld objection revokes the listing.
    code: 'JUDICIAL_DISHONEST_DEBTOR',
    listType: 'BLACK',
    listName: '失信被执行人名单',
    description: '失信被执行人: a court listing, from its publication until the court removes it or an objection revokes it.',
    table: d,
    recordType: 'DishonestJudgmentDebtor',
    columns: { id: d.id, uscc: d.subjectUscc, personId: d.subjectPersonId, since: d.publishedDate, until: d.removedDate, authorityName: d.courtName, authorityUscc: sql`null` },
    where: sql`${d.status} not in ('REVOKED', 'REPAIRED') and ${d.publishedDate} <= ${SHANGHAI_TODAY} and (${d.removedDate} is null or ${d.removedDate} > ${SHANGHAI_TODAY})`,
  },
  sectorRecordRule(s, {
    code: 'JUDICIAL_CONSUMPTION_RESTRICTION',
    listType: 'KEY_ATTENTION',
    listName: '限制高消费人员名单',
    description: 'A negative CONSUMPTION_RESTRICTION record (限制消费令) in its public window.',
    recordType: 'JudicialRecord',
    where: sql`${s.sector} = 'CONSUMPTION_RESTRICTION' and ${s.polarity} = 'NEGATIVE'`,
  }),
  sectorRecordRule(s, {
    code: 'JUDICIAL_SEVERE_RECORD',
    listType: 'KEY_ATTENTION',
    listName: '司法领域重点关注名单',
    description: 'A severe negative judicial sector record of any other sector in its public window.',
    recordType: 'JudicialRecord',
    where: sql`${s.sector} <> 'CONSUMPTION_RESTRICTION' and ${s.polarity} = 'NEGATIVE' and ${s.severity} = 'SEVERE'`,
  }),
  // 列入名单决定: the lists a judicial department names a subject on by its own decision.
  listingDecisionRule(judicialListingDecision, 'JUDICIAL_LISTING_DECISION'),
];

// The kernel's record events name the lists a new record implies, by these same rules.
registerListingRules('judicial', JUDICIAL_LISTING_RULES);
