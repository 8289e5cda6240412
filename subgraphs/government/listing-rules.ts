import { sql } from 'drizzle-orm';
import { administrativePenalty, governmentListingDecision, governmentSectorRecord } from '../../drizzle/schema/government.ts';
import { listingDecisionRule } from '../kernel/listing-decisions.ts';
import { type ListingRule, sectorRecordRule } from '../kernel/listings.ts';
import { inPublicWindow } from '../kernel/publication-sql.ts';
import { registerListingRules } from '../kernel/record-events.ts';

/** Which government records put a subject on a joint rewards and sanctions list, read at query time. */
const p = administrativePenalty;
const s = governmentSectorRecord;

export const GOVERNMENT_LISTING_RULES: readonly ListingRule[] = [
  sectorRecordRule(s, {
    // 国发〔2016〕76号: public bodies that break contracts or ignore court orders.
    code: 'GOVERNMENT_DISHONESTY_SEVERE',
    listType: 'BLACK',
    listName: '政务失信严重失信主体名单',
    description: 'A severe GOVERNMENT_DISHONESTY record (政务失信) in its public window.',
    recordType: 'GovernmentRecord',
    where: sql`${s.sector} = 'GOVERNMENT_DISHONESTY' and ${s.polarity} = 'NEGATIVE' and ${s.severity} = 'SEVERE'`,
  }),
  sectorRecordRule(s, {
    code: 'GOVERNMENT_DISHONESTY',
    listType: 'KEY_ATTENTION',
    listName: '政务失信重点关注名单',
    description: 'A general GOVERNMENT_DISHONESTY record (政务失信) in its public window.',
    recordType: 'GovernmentRecord',
    where: sql`${s.sector} = 'GOVERNMENT_DISHONESTY' and ${s.polarity} = 'NEGATIVE' and ${s.severity} = 'GENERAL'`,
  }),
  {
    // A severe administrative penalty in its 双公示 window.
    code: 'GOVERNMENT_SEVERE_PENALTY',
    listType: 'KEY_ATTENTION',
    listName: '严重行政处罚重点关注名单',
    description: 'A severe administrative penalty (行政处罚, 双公示) in its public window.',
    table: p,
    recordType: 'AdministrativePenalty',
    columns: {
      id: p.id,
      uscc: p.subjectUscc,
      personId: p.subjectPersonId,
      since: sql`coalesce(${p.publishedDate}, ${p.decisionDate})`,
      until: p.publicationEndDate,
      authorityName: p.authorityName,
      authorityUscc: p.authorityUscc,
    },
    where: sql`${p.severity} = 'SEVERE' and ${inPublicWindow(p)}`,
  },
  // 列入名单决定: the lists a government department names a subject on by its own decision.
  listingDecisionRule(governmentListingDecision, 'GOVERNMENT_LISTING_DECISION'),
];

// The kernel's record events name the lists a new record implies, by these same rules.
registerListingRules('government', GOVERNMENT_LISTING_RULES);
