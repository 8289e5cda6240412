import type { CatalogEntryResolvers, CreditDomain, FieldAccess } from '../generated/resolvers-types.ts';

export const CatalogEntry: CatalogEntryResolvers = {
  domain: (e) => e.domain.toUpperCase() as CreditDomain,
  fields: (e) => e.fields.map((f) => ({ ...f, access: f.access as FieldAccess })),
  suppliers: async (e, _args, ctx) => (await ctx.loaders.suppliers.load(e.domain)).map((d) => ({ code: d.code, name: d.name, uscc: d.uscc })),
};
