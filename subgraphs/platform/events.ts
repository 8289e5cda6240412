import type { EventHandlers } from '../kernel/events/index.ts';
import type { ObservedPerson } from '../kernel/id-number.ts';
import { registerObservedPersons } from './store.ts';

/** How platform applies the events addressed to it (kernel/events/topics.ts). */
export const eventHandlers: EventHandlers = {
  // A domain accepted a record about a person by ID number: the registry learns the person.
  // Idempotent: a person on file (by id or by hash) is left as it is.
  'natural-person.observed': async (tx, event) => {
    const p = event.payload as unknown as ObservedPerson;
    await registerObservedPersons(tx, [
      { id: p.id, name: p.name, idNumberHash: p.idNumberHash, idNumberMasked: p.idNumberMasked, divisionCode: p.divisionCode, birthYear: p.birthYear },
    ]);
  },
};
