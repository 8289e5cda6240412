import { parsePage, toConnection } from '../../kernel/pagination.ts';
import { parseUsccArgument } from '../../kernel/uscc.ts';
import { badUserInput } from '../../kernel/errors.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { watchOwner } from '../watchlists/owner.ts';
import { pageAlerts, pageWatches, type SubjectRef, webhookOf } from '../watchlists/store.ts';

/** The caller's own watchlist, alerts and webhook: nobody reads another watcher's. */
export const watchQueries: Pick<QueryResolvers, 'myWatchlist' | 'watchAlerts' | 'myWatchWebhook'> = {
  myWatchlist: async (_p, args, ctx) => {
    const owner = watchOwner(ctx.caller);
    const page = parsePage(args, ['number']);
    const { rows, total } = await pageWatches(ctx.db, owner, { first: page.first, afterId: page.after ? Number(page.after[0]) : undefined });
    return toConnection(rows, page, total, (r) => [r.id], (r) => r);
  },

  watchAlerts: async (_p, { filter, ...args }, ctx) => {
    const owner = watchOwner(ctx.caller);
    const page = parsePage(args, ['number']);
    if (filter?.uscc && filter.naturalPersonId) throw badUserInput('filter', 'AMBIGUOUS_SUBJECT', 'filter by uscc or naturalPersonId, not both');
    let subject: SubjectRef | undefined;
    if (filter?.uscc) subject = { type: 'LEGAL_PERSON', id: parseUsccArgument(filter.uscc, 'filter.uscc') };
    else if (filter?.naturalPersonId) subject = { type: 'NATURAL_PERSON', id: filter.naturalPersonId };
    const { rows, total } = await pageAlerts(
      ctx.db,
      owner,
      { kind: filter?.kind ?? undefined, subject, deliveryStatus: filter?.deliveryStatus ?? undefined },
      { first: page.first, afterId: page.after ? Number(page.after[0]) : undefined },
    );
    return toConnection(rows, page, total, (r) => [r.id], (r) => r);
  },

  myWatchWebhook: (_p, _a, ctx) => webhookOf(ctx.db, watchOwner(ctx.caller)),
};
