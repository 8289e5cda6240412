import { shanghaiDate, workingCalendar } from '../kernel/calendar.ts';
import { lifecycleSettings } from '../kernel/config.ts';
import { appendEvents, type EventHandlers } from '../kernel/events/index.ts';
import type { ObservedPerson } from '../kernel/id-number.ts';
import { type CommitmentMade, lifecycleTopic, type ObjectionVerified, type RepairVerified } from '../kernel/lifecycle/topics.ts';
import { advanceObjection, advanceRepairApplication, registerObservedPersons } from './store.ts';
import { alertOnPublishedRecords } from './watchlists/alerts.ts';

/**
 * How platform applies the events addressed to it (kernel/events/topics.ts): the owning domains'
 * answers to objections and repair applications — each moves one out of VERIFYING only, so a
 * redelivered answer changes nothing — and the natural persons the domains observed.
 */
export const platformEventHandlers: EventHandlers = {
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

  // A domain stored records: watchers of their subjects are alerted (watchlists/alerts.ts).
  'credit-record.published': async (tx, event) => {
    await alertOnPublishedRecords(tx, event);
  },
};
