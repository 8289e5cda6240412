/** The event log (outbox): cross-domain effects, appended with their cause, applied at least once. */
export { appendEvents } from './append.ts';
export type { NewEvent } from './append.ts';
export { consumeBatch, eventBacklog, pendingEventKeys, retryDelayMs, startEventConsumer } from './consumer.ts';
export type { BatchOutcome, ConsumeOptions, DeliveredEvent, EventConsumer, EventHandler, EventHandlers } from './consumer.ts';
export { EVENT_TOPICS, topicsOf } from './topics.ts';
export type { EventTopics } from './topics.ts';
