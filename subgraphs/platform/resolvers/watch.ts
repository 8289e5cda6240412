import type { SubjectType, WatchedSubjectResolvers, WatchResolvers, WatchWebhookResolvers } from '../generated/resolvers-types.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const Watch: WatchResolvers = {
  id: (w) => String(w.id),
  subject: (w) => ({ type: w.subjectType as SubjectType, id: w.subjectId }),
  consentLive: async (w, _a, ctx) => (w.ownerKind !== 'agency' ? true : ctx.loaders.watchConsent(w.ownerId).load({ subjectId: w.subjectId, purpose: w.purpose ?? '' })),
  createdAt: (w) => iso(w.createdAt),
};

export const WatchedSubject: WatchedSubjectResolvers = {
  subjectType: (s) => s.type,
  subjectId: (s) => s.id,
  legalPerson: (s, _a, ctx) => (s.type === 'LEGAL_PERSON' ? ctx.loaders.legalPerson.load(s.id) : null),
  naturalPerson: (s, _a, ctx) => (s.type === 'NATURAL_PERSON' ? ctx.loaders.naturalPerson.load(s.id) : null),
};

export const WatchWebhook: WatchWebhookResolvers = {
  createdAt: (h) => iso(h.createdAt),
  secretRotatedAt: (h) => iso(h.secretRotatedAt),
};
