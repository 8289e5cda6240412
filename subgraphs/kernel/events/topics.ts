import type { SubgraphName } from '../config.ts';
import { LIFECYCLE_TOPICS } from '../lifecycle/topics.ts';

/**
 * Every event topic and the subgraphs that consume it. Deliveries are made when an event is
 * appended, so the producer must know the consumers then: this registry is that knowledge, in
 * one place, and a test checks that each consumer has a handler for each of its topics.
 */
export type EventTopics = Readonly<Record<string, { consumers: readonly string[]; description: string }>>;

export const EVENT_TOPICS: EventTopics = {
  // Objections and credit repair (kernel/lifecycle/topics.ts).
  ...LIFECYCLE_TOPICS,
  'natural-person.observed': {
    consumers: ['platform'],
    description:
      'A submission named a natural person by ID number: the id, keyed hash, masked number, name, division and birth year (never the number), for the subject registry',
  },
  // Record events for statistics, monthly reports and early warning (kernel/record-events.ts).
  'credit-record.published': {
    consumers: ['platform'],
    description:
      'One stored batch of records (never one event per row): domain, type, submitting department, counts submitted/duplicate/rejected (by reason) and each newly stored record with subject, polarity, severity, dates, 双公示 lateness and the lists it implies',
  },
  'credit-listing.decided': {
    consumers: ['platform'],
    description: 'One stored batch of listing decisions (列入名单决定), in the shape of credit-record.published, each record naming its list',
  },
  'credit-record.status-changed': {
    consumers: ['platform'],
    description: 'A record was corrected, revoked or repaired: its subject, old and new status, and the lists of its domain the subject is still on',
  },
} satisfies Record<string, { consumers: readonly SubgraphName[]; description: string }>;

/** The topics one consumer must handle. */
export function topicsOf(consumer: string, topics: EventTopics = EVENT_TOPICS): string[] {
  return Object.entries(topics)
    .filter(([, t]) => t.consumers.includes(consumer))
    .map(([topic]) => topic)
    .sort();
}
