import { type CatalogListingRule as CatalogListingRuleModel, listingRuleCatalog } from '../../kernel/catalog.ts';
import { LISTING_RULES } from '../../listing-rules.ts';
import type { CatalogEntryResolvers, CatalogListingRuleResolvers, CreditDomain, FieldAccess } from '../generated/resolvers-types.ts';

let rules: CatalogListingRuleModel[] | undefined;

/** The listing rules of every domain, from the configuration the listings run on; fixed per deployment. */
export function catalogListingRules(): CatalogListingRuleModel[] {
  rules ??= listingRuleCatalog(LISTING_RULES);
  return rules;
}

export const CatalogEntry: CatalogEntryResolvers = {
  domain: (e) => e.domain.toUpperCase() as CreditDomain,
  fields: (e) => e.fields.map((f) => ({ ...f, access: f.access as FieldAccess })),
  suppliers: async (e, _args, ctx) => (await ctx.loaders.suppliers.load(e.domain)).map((d) => ({ code: d.code, name: d.name, uscc: d.uscc })),
  listingRules: (e) => catalogListingRules().filter((r) => r.recordType === e.recordType),
};

export const CatalogListingRule: CatalogListingRuleResolvers = {
  domain: (r) => r.domain.toUpperCase() as CreditDomain,
};
