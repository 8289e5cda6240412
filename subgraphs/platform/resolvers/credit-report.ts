import type { CreditReportResolvers } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import { type CreditReportModel, partsOf } from '../reports.ts';

/** Every field but the key reads the one issue of this report in this request. */
const issued = (report: CreditReportModel, ctx: Context) => ctx.loaders.issueReport(ctx.signer, ctx.caller).load(report);

export const CreditReport: CreditReportResolvers = {
  // With `@requires`, the representation carries every domain's parts: keep them.
  __resolveReference: (ref) => ({ uscc: ref.uscc, ...partsOf(ref) }),
  id: async (r, _a, ctx) => (await issued(r, ctx)).id,
  issuedAt: async (r, _a, ctx) => (await issued(r, ctx)).issuedAt,
  accessLevel: async (r, _a, ctx) => (await issued(r, ctx)).accessLevel,
  sections: async (r, _a, ctx) => (await issued(r, ctx)).sections,
  document: async (r, _a, ctx) => (await issued(r, ctx)).document,
  documentSha256: async (r, _a, ctx) => (await issued(r, ctx)).documentSha256,
  signature: async (r, _a, ctx) => (await issued(r, ctx)).signature,
};
