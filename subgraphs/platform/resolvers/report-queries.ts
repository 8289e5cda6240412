import { codedError } from '../../kernel/errors.ts';
import { parseUsccArgument } from '../../kernel/uscc.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { verifyReport } from '../reports.ts';

/** A pasted report is small; anything far larger is not one, and is not worth verifying. */
const MAX_JWS_LENGTH = 2_000_000;

export const reportQueries: Pick<QueryResolvers, 'creditReport' | 'verifyCreditReport' | 'creditReportSigningKeys' | 'issuedCreditReport'> = {
  creditReport: async (_p, { uscc }, ctx) => {
    const code = parseUsccArgument(uscc, 'uscc');
    const lp = await ctx.loaders.legalPerson.load(code);
    if (!lp) throw codedError('NOT_FOUND', `no legal person is registered with USCC ${code}`, { argument: 'uscc', reason: 'UNKNOWN_SUBJECT' });
    return { uscc: code };
  },

  verifyCreditReport: async (_p, { jws }, ctx) => {
    if (jws.length > MAX_JWS_LENGTH) {
      return { valid: false, reason: 'MALFORMED', kid: null, reportId: null, uscc: null, issuedAt: null, accessLevel: null, document: null, registered: false };
    }
    const { documentSha256, ...result } = await verifyReport(jws, await ctx.signer());
    let registered = false;
    if (result.valid && result.reportId) {
      const entry = await ctx.loaders.issuedReport.load(result.reportId);
      registered = entry !== null && entry.documentSha256 === documentSha256 && entry.subjectUscc === result.uscc;
    }
    return { ...result, registered };
  },

  creditReportSigningKeys: async (_p, _a, ctx) => {
    const signer = await ctx.signer();
    return signer.jwks().keys.map((k) => ({ ...k, current: k.kid === signer.kid }));
  },

  // The subject sees the reports issued about itself; admins see any. Others' ids answer null,
  // so an id does not reveal whom it is about.
  issuedCreditReport: async (_p, { id }, ctx) => {
    const { principal } = ctx.caller;
    const entry = await ctx.loaders.issuedReport.load(id);
    if (!entry) return null;
    if (principal.kind === 'admin') return entry;
    if (principal.kind === 'subject' && principal.subjectType === 'LEGAL_PERSON' && principal.id === entry.subjectUscc) return entry;
    return null;
  },
};
