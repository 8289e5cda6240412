import type { CreditReportResolvers } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { factsOf } from '../evaluation.ts';
import { type CreditReportModel, partsOf } from '../reports.ts';

/** Every field but the key reads the one issue of this report in this request. */
const issued = (report: CreditReportModel, ctx: Context, info: GraphQLResolveInfo) => ctx.loaders.issueReport(ctx, info.schema).load(report);

export const CreditReport: CreditReportResolvers = {
  // With `@requires`, the representation carries every domain's parts: keep them.
  __resolveReference: (ref) => ({ uscc: ref.uscc, ...partsOf(ref), ...factsOf(ref) }),
  id: async (r, _a, ctx, info) => (await issued(r, ctx, info)).id,
  issuedAt: async (r, _a, ctx, info) => (await issued(r, ctx, info)).issuedAt,
  accessLevel: async (r, _a, ctx, info) => (await issued(r, ctx, info)).accessLevel,
  sections: async (r, _a, ctx, info) => (await issued(r, ctx, info)).sections,
  document: async (r, _a, ctx, info) => (await issued(r, ctx, info)).document,
  documentSha256: async (r, _a, ctx, info) => (await issued(r, ctx, info)).documentSha256,
  signature: async (r, _a, ctx, info) => (await issued(r, ctx, info)).signature,
};
