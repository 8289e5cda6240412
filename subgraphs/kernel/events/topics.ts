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
  'credit-record.published': {
    consumers: ['platform'],
    description:
      'A domain stored a batch of records: the domain, record type, department and counts, and per record its id, subject, polarity, severity, category, decision date, lateness and the list types it puts the subject on',
  },
} satisfies Record<string, { consumers: readonly SubgraphName[]; description: string }>;

/** The topics one consumer must handle. */
export function topicsOf(consumer: string, topics: EventTopics = EVENT_TOPICS): string[] {
  return Object.entries(topics)
    .filter(([, t]) => t.consumers.includes(consumer))
    .map(([topic]) => topic)
    .sort();
}
