import { BUSINESS_LISTING_RULES } from './business/listing-rules.ts';
import { GOVERNMENT_LISTING_RULES } from './government/listing-rules.ts';
import { JUDICIAL_LISTING_RULES } from './judicial/listing-rules.ts';
import type { ListingDomain, ListingRule } from './kernel/listings.ts';
import { SOCIAL_LISTING_RULES } from './social/listing-rules.ts';

/**
 * Every domain's listing rules, the very configuration each domain computes its listings by, for
 * the information catalog to publish (platform never runs them: it only reads their descriptions).
 */
export const LISTING_RULES: Readonly<Record<ListingDomain, readonly ListingRule[]>> = {
  government: GOVERNMENT_LISTING_RULES,
  business: BUSINESS_LISTING_RULES,
  social: SOCIAL_LISTING_RULES,
  judicial: JUDICIAL_LISTING_RULES,
};
