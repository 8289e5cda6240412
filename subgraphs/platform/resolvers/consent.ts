import type { ConsentResolvers } from '../generated/resolvers-types.ts';

export const Consent: ConsentResolvers = {
  agency: async (c, _args, ctx) => ({ uscc: c.agencyUscc, name: (await ctx.loaders.agency.load(c.agencyUscc))?.name ?? null }),
  status: (c) => (c.revokedAt ? 'REVOKED' : c.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : 'ACTIVE'),
  grantedAt: (c) => c.grantedAt.toISOString(),
  expiresAt: (c) => c.expiresAt.toISOString(),
  revokedAt: (c) => c.revokedAt?.toISOString() ?? null,
};
