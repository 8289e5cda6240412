import type { CreditDomain, CreditListType, SubjectType, WatchAlertDeliveryResolvers, WatchAlertKind, WatchAlertResolvers, WatchDeliveryStatus } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import type { WatchAlertRow } from '../watchlists/store.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Whether the caller may see the alert's subject and record now: an agency only while the
 * subject's consent for the watch's purpose is live. Each alert served with its details is an
 * access to the subject's information, registered in the query log like any protected read.
 */
async function visible(a: WatchAlertRow, ctx: Context): Promise<boolean> {
  const shown = a.ownerKind !== 'agency' || (await ctx.loaders.watchConsent(a.ownerId).load({ subjectId: a.subjectId, purpose: a.purpose ?? '' }));
  if (shown) ctx.access.register({ type: a.subjectType as SubjectType, id: a.subjectId }, 'WatchAlert.subject');
  return shown;
}

const detail =
  <T>(read: (a: WatchAlertRow) => T) =>
  async (a: WatchAlertRow, _args: unknown, ctx: Context): Promise<T | null> =>
    (await visible(a, ctx)) ? read(a) : null;

export const WatchAlert: WatchAlertResolvers = {
  id: (a) => String(a.id),
  kind: (a) => a.kind as WatchAlertKind,
  occurredAt: (a) => iso(a.occurredAt)!,
  detailsHidden: async (a, _args, ctx) => !(await visible(a, ctx)),
  subject: detail((a) => ({ type: a.subjectType as SubjectType, id: a.subjectId })),
  recordId: detail((a) => a.recordId),
  domain: detail((a) => a.domain as CreditDomain | null),
  recordType: detail((a) => a.recordType),
  category: detail((a) => a.category),
  severity: detail((a) => a.severity),
  recordDecisionDate: detail((a) => a.decisionDate),
  listType: detail((a) => a.listType as CreditListType | null),
  listName: detail((a) => a.listName),
  deliveryStatus: async (a, _args, ctx) => ((await ctx.loaders.watchDelivery.load(a.id))?.status as WatchDeliveryStatus | undefined) ?? 'NO_WEBHOOK',
  delivery: (a, _args, ctx) => ctx.loaders.watchDelivery.load(a.id),
};

export const WatchAlertDelivery: WatchAlertDeliveryResolvers = {
  id: (d) => String(d.id),
  status: (d) => d.status as WatchDeliveryStatus,
  lastAttemptAt: (d) => iso(d.lastAttemptAt),
  // While an attempt is in flight the column holds its lease, not a retry time.
  nextAttemptAt: (d) => (d.status === 'PENDING' ? iso(d.nextAttemptAt) : null),
  deliveredAt: (d) => iso(d.deliveredAt),
};
