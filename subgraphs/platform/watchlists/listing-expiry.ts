import type { SubgraphName, WatchWebhookSettings } from '../../kernel/config.ts';
import type { Drizzle } from '../../kernel/db.ts';
import type { BackgroundWorker } from '../../kernel/subgraph-server.ts';
import type { Logger } from '../../kernel/logging.ts';
import type { Peers, Representation } from '../../kernel/peers.ts';
import { errorSummary } from '../../kernel/query-log/sql.ts';
import { createExpiredAlerts, type OpenListingAlert, openListingAlerts } from './store.ts';

/**
 * A listing ends by itself when its record's period runs out (kernel/listings.ts reads listings at
 * query time, with no job), so no event tells the watchers. This sweep does: it asks each domain
 * for the present listings of every subject a watcher was told is listed and not told otherwise
 * since, and alerts LISTING_ENDED for each list the subject is no longer on in that domain. A
 * domain that cannot answer is skipped until the next sweep: its subjects are never taken off a
 * list on a failed read.
 */

/** Subjects per `_entities` call, as a sanctions batch. */
const CHUNK = 1000;

const LISTING_SELECTION = (field: string) => `... on LegalPerson { ${field} { listType listName } } ... on NaturalPerson { ${field} { listType listName } }`;

const representation = (a: OpenListingAlert): Representation =>
  a.subject_type === 'LEGAL_PERSON' ? { __typename: 'LegalPerson', uscc: a.subject_id } : { __typename: 'NaturalPerson', id: a.subject_id };

const subjectKey = (a: { subject_type: string; subject_id: string }) => `${a.subject_type}:${a.subject_id}`;

export interface SweepOutcome {
  /** Listing alerts looked at, and LISTING_ENDED alerts made. */
  open: number;
  ended: number;
  /** Domains that could not be read this time. */
  unavailable: string[];
}

/** One sweep; safe to run in several replicas at once (the alerts it makes are unique). */
export async function sweepEndedListings(db: Drizzle, peers: Peers, logger: Logger): Promise<SweepOutcome> {
  const open = await openListingAlerts(db);
  const byDomain = new Map<SubgraphName, OpenListingAlert[]>();
  for (const a of open) {
    const domain = a.domain.toLowerCase() as SubgraphName;
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), a]);
  }
  const endedIds: number[] = [];
  const unavailable: string[] = [];
  for (const [domain, alerts] of byDomain) {
    const subjects = [...new Map(alerts.map((a) => [subjectKey(a), a])).values()];
    const field = `${domain}Listings`;
    // listType:listName of every list each subject is on in this domain now.
    const onNow = new Map<string, Set<string>>();
    try {
      for (let i = 0; i < subjects.length; i += CHUNK) {
        const chunk = subjects.slice(i, i + CHUNK);
        const answers = await peers.entities<Record<string, { listType: string; listName: string }[] | null>>(domain, chunk.map(representation), LISTING_SELECTION(field));
        chunk.forEach((s, j) => {
          const lists = answers[j]?.[field] ?? [];
          onNow.set(subjectKey(s), new Set(lists.flatMap((l) => [`${l.listType}:`, `${l.listType}:${l.listName}`])));
        });
      }
    } catch (error) {
      logger.warn({ domain, err: errorSummary(error) }, 'listing sweep: domain not read; its listings are looked at next time');
      unavailable.push(domain);
      continue;
    }
    // An alert that named no list name is about the list type; one that did, about that list.
    for (const a of alerts) {
      if (!onNow.get(subjectKey(a))?.has(`${a.list_type}:${a.list_name ?? ''}`)) endedIds.push(a.id);
    }
  }
  const ended = await createExpiredAlerts(db, endedIds);
  return { open: open.length, ended, unavailable };
}

/** The platform process's sweep: shortly after start, then every `listingSweepIntervalMs` (0: never). */
export function startListingSweep(db: Drizzle, peers: Peers, settings: Pick<WatchWebhookSettings, 'listingSweepIntervalMs'>, logger: Logger): BackgroundWorker & { sweep(): Promise<SweepOutcome | null> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SweepOutcome | null> = Promise.resolve(null);
  const once = async (): Promise<SweepOutcome | null> => {
    try {
      const outcome = await sweepEndedListings(db, peers, logger);
      if (outcome.ended > 0) logger.info(outcome, 'listing sweep: ended listings alerted');
      return outcome;
    } catch (error) {
      logger.error({ err: errorSummary(error) }, 'listing sweep failed');
      return null;
    }
  };
  const sweep = () => (running = running.then(once, once));
  const schedule = (delay: number) => {
    if (stopped || settings.listingSweepIntervalMs === 0) return;
    timer = setTimeout(() => void sweep().finally(() => schedule(settings.listingSweepIntervalMs)), delay);
    timer.unref();
  };
  // Not at once: the domains a stack starts beside it may not be listening yet; not a whole
  // interval either, or a platform restarted more often than that would never sweep.
  schedule(Math.min(settings.listingSweepIntervalMs, 60_000));
  return {
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
