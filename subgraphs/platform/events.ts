import { shanghaiDate, workingCalendar } from '../kernel/calendar.ts';
import { lifecycleSettings } from '../kernel/config.ts';
import { appendEvents, type EventHandler, type EventHandlers } from '../kernel/events/index.ts';
import type { ObservedPerson } from '../kernel/id-number.ts';
import { type CommitmentMade, lifecycleTopic, type ObjectionVerified, type RepairVerified } from '../kernel/lifecycle/topics.ts';
import { statisticsEventHandlers } from './statistics-events.ts';
import { advanceObjection, advanceRepairApplication, registerObservedPersons } from './store.ts';
import { watchlistEventHandlers } from './watchlists/alerts.ts';

/** Handler maps merged: a topic in several runs each of its handlers in turn, in the event's savepoint. */
function inTurn(...maps: EventHandlers[]): EventHandlers {
  const out: Record<string, EventHandler> = {};
  for (const map of maps) {
    for (const [topic, handler] of Object.entries(map)) {
      const before = out[topic];
      out[topic] = before
        ? async (tx, event) => {
            await before(tx, event);
            await handler(tx, event);
          }
        : handler;
    }
  }
  return out;
}

/**
 * How platform applies the events addressed to it (kernel/events/topics.ts): the owning domains'
 * answers to objections and repair applications — each moves one out of VERIFYING only, so a
 * redelivered answer changes nothing — and the natural persons the domains observed.
 */
export const platformEventHandlers: EventHandlers = {
  // Record events of every domain: the statistics' aggregates, then watchlist alerts.
  ...inTurn(statisticsEventHandlers, watchlistEventHandlers),

  [lifecycleTopic.objectionVerified]: async (tx, event) => {
    const p = event.payload as unknown as ObjectionVerified;
    await advanceObjection(
      tx,
      p.objectionId,
      'VERIFYING',
      p.valid
        ? { status: 'UNDER_REVIEW', departmentName: p.department!.name, departmentUscc: p.department!.uscc }
        : { status: 'INVALID', invalidReason: p.reason ?? 'INVALID' },
    );
  },

  [lifecycleTopic.repairVerified]: async (tx, event) => {
    const p = event.payload as unknown as RepairVerified;
    if (!p.valid) {
      await advanceRepairApplication(tx, p.applicationId, 'VERIFYING', {
        status: 'REFUSED',
        refusalReason: p.reason ?? 'REFUSED',
        decisionReason: p.message ?? null,
        repairableFrom: p.repairableFrom ?? null,
        decidedAt: new Date(),
      });
      return;
    }
    // Accepted the day the domain registers it; the deciding department's working days run from then.
    const acceptedOn = shanghaiDate();
    const accepted = await advanceRepairApplication(tx, p.applicationId, 'VERIFYING', {
      status: 'UNDER_REVIEW',
      acceptedOn,
      decisionDeadline: workingCalendar().addWorkingDays(acceptedOn, lifecycleSettings().repairDecisionWorkingDays),
      repairableFrom: p.repairableFrom ?? null,
      departmentName: p.department!.name,
      departmentUscc: p.department!.uscc,
    });
    // The application's public credit commitment is published with the subject's commitments.
    if (accepted && accepted.subjectType === 'LEGAL_PERSON') {
      const made: CommitmentMade = {
        sourceKey: `repair:${accepted.id}`,
        subjectUscc: accepted.subjectId,
        type: 'CREDIT_REPAIR',
        content: accepted.commitment,
        madeOn: accepted.appliedOn,
        recipient: p.department ?? null,
      };
      await appendEvents(tx, 'platform', [{ topic: lifecycleTopic.commitmentMade, key: made.sourceKey, subject: { type: 'LEGAL_PERSON', id: accepted.subjectId }, payload: { ...made } }]);
    }
  },

  // A domain accepted a record about a person by ID number: the registry learns the person.
  // Idempotent: a person on file (by id or by hash) is left as it is.
  'natural-person.observed': async (tx, event) => {
    const p = event.payload as unknown as ObservedPerson;
    await registerObservedPersons(tx, [
      { id: p.id, name: p.name, idNumberHash: p.idNumberHash, idNumberMasked: p.idNumberMasked, divisionCode: p.divisionCode, birthYear: p.birthYear },
    ]);
  },
};
