import { type CatalogListingRule as CatalogListingRuleModel, listingRuleCatalog } from '../../kernel/catalog.ts';
import { LISTING_RULES } from '../../listing-rules.ts';
import type { Context } from '../loaders.ts';
import { crossRegionCatalogRules } from '../partners.ts';
import type { CatalogEntryResolvers, CatalogListingRuleResolvers, CreditDomain, FieldAccess } from '../generated/resolvers-types.ts';

let domainRules: CatalogListingRuleModel[] | undefined;

/**
 * Every listing rule: the domains' (from the configuration their listings run on, fixed per
 * deployment) and the cross-region recognition rules in force (from the table the cross-region
 * listings read, which an administrator changes).
 */
export async function catalogListingRules(ctx: Context): Promise<CatalogListingRuleModel[]> {
  domainRules ??= listingRuleCatalog(LISTING_RULES);
  return [...domainRules, ...crossRegionCatalogRules(await ctx.loaders.recognitionRules())];
}

export const CatalogEntry: CatalogEntryResolvers = {
  domain: (e) => e.domain.toUpperCase() as CreditDomain,
  fields: (e) => e.fields.map((f) => ({ ...f, access: f.access as FieldAccess })),
  suppliers: async (e, _args, ctx) => (await ctx.loaders.suppliers.load(e.domain)).map((d) => ({ code: d.code, name: d.name, uscc: d.uscc })),
  listingRules: async (e, _args, ctx) => (await catalogListingRules(ctx)).filter((r) => r.recordType === e.recordType),
};

export const CatalogListingRule: CatalogListingRuleResolvers = {
  domain: (r) => r.domain.toUpperCase() as CreditDomain,
};
