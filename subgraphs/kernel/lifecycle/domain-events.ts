import { appendEvents, type DeliveredEvent, type EventHandlers } from '../events/index.ts';
import { addMonths, PUBLICATION_PERIODS, type Severity } from '../publication.ts';
import { type DomainLifecycle, isSubjectOf, type LifecycleRecord, lockRecord, recordStatusChange, setObjectionMark } from './records.ts';
import {
  type LifecycleDomain,
  lifecycleTopic,
  type ObjectionDecided,
  type ObjectionFiled,
  type ObjectionVerified,
  type RepairApplied,
  type RepairApproved,
  type RepairVerified,
} from './topics.ts';

/** Records that have ended their public life cannot be objected to or repaired. */
const CLOSED = new Set(['REVOKED', 'REPAIRED']);

const payloadOf = <T>(e: DeliveredEvent) => e.payload as unknown as T;

/** The first day repair may be applied for: the minimum publication period after publication. */
export function repairableFrom(record: LifecycleRecord): string {
  const severity = (record.severity ?? 'GENERAL') as Severity;
  return addMonths(record.publishedDate ?? record.decisionDate, PUBLICATION_PERIODS[severity].minMonths);
}

/** Why a repair cannot be granted for `record` on `day`, or null when it may be (Order No. 36). */
export function repairRefusal(record: LifecycleRecord, day: string): { reason: string; message: string; repairableFrom: string } | null {
  const severity = (record.severity ?? 'GENERAL') as Severity;
  const from = repairableFrom(record);
  const refuse = (reason: string, message: string) => ({ reason, message, repairableFrom: from });
  if (record.polarity !== 'NEGATIVE') return refuse('NOT_NEGATIVE', 'only negative (失信) records are repaired');
  if (record.status === 'REPAIRED') return refuse('ALREADY_REPAIRED', 'the record has been repaired already');
  if (record.status === 'REVOKED') return refuse('REVOKED', 'the record has been revoked');
  if (record.severity === 'MINOR') return refuse('NOT_PUBLIC', 'minor dishonesty is not published, so there is no publication to end');
  if (record.objectionId) return refuse('UNDER_OBJECTION', 'an objection to the record is open; repair may be applied for once it is decided');
  if (record.publicationEndDate && record.publicationEndDate < day) {
    return refuse('PUBLICATION_ENDED', `the record left public view after ${record.publicationEndDate}`);
  }
  if (day < from) {
    return refuse('TOO_EARLY', `repair may be applied for from ${from}, after the minimum publication period of ${severity.toLowerCase()} dishonesty`);
  }
  return null;
}

/**
 * The event handlers every domain runs for the records it owns. Each reply is appended in the
 * consumer's transaction, keyed by the objection or application, so a redelivered event writes
 * the same reply once and changes nothing twice.
 */
export function lifecycleEventHandlers(domain: LifecycleDomain, lifecycle: DomainLifecycle): EventHandlers {
  const specOf = (recordType: string) => lifecycle.types[recordType];

  return {
    [lifecycleTopic.objectionFiled(domain)]: async (tx, event) => {
      const p = payloadOf<ObjectionFiled>(event);
      const spec = specOf(p.recordType);
      const record = spec ? await lockRecord(tx, spec, p.recordKey) : null;
      const answer = (verified: Omit<ObjectionVerified, 'objectionId'>) =>
        appendEvents(tx, domain, [{ topic: lifecycleTopic.objectionVerified, key: p.objectionId, payload: { objectionId: p.objectionId, ...verified } }]);
      if (!spec || !record) return void (await answer({ valid: false, reason: 'UNKNOWN_RECORD' }));
      if (!isSubjectOf(record, p.subjectType, p.subjectId)) return void (await answer({ valid: false, reason: 'NOT_SELF' }));
      if (CLOSED.has(record.status)) return void (await answer({ valid: false, reason: record.status === 'REVOKED' ? 'REVOKED' : 'ALREADY_REPAIRED' }));
      if (record.objectionId && record.objectionId !== p.objectionId) return void (await answer({ valid: false, reason: 'ALREADY_UNDER_OBJECTION' }));
      // A record that names no deciding department could never be answered: say so at once.
      if (!record.sourceUscc) return void (await answer({ valid: false, reason: 'NO_DECIDING_DEPARTMENT' }));
      await setObjectionMark(tx, spec, record.id, p.objectionId);
      await answer({ valid: true, department: { name: record.sourceName, uscc: record.sourceUscc } });
    },

    [lifecycleTopic.objectionDecided(domain)]: async (tx, event) => {
      const p = payloadOf<ObjectionDecided>(event);
      const spec = specOf(p.recordType);
      const record = spec ? await lockRecord(tx, spec, p.recordKey) : null;
      // Only registered objections are decided, and records are never deleted: this is a bug.
      if (!spec || !record) throw new Error(`objection decided for a record not on file (${domain} ${p.recordType})`);
      if (p.outcome !== 'REJECTED') {
        await recordStatusChange(tx, lifecycle, p.recordType, record, {
          status: p.outcome,
          effectiveOn: p.decidedOn,
          reason: p.reason,
          causeType: 'OBJECTION',
          causeId: p.objectionId,
          details: p.correction ? { correction: p.correction } : undefined,
        });
      }
      await setObjectionMark(tx, spec, record.id, null, p.objectionId);
    },

    [lifecycleTopic.repairApplied(domain)]: async (tx, event) => {
      const p = payloadOf<RepairApplied>(event);
      const spec = specOf(p.recordType);
      const record = spec ? await lockRecord(tx, spec, p.recordKey) : null;
      const answer = (verified: Omit<RepairVerified, 'applicationId'>) =>
        appendEvents(tx, domain, [{ topic: lifecycleTopic.repairVerified, key: p.applicationId, payload: { applicationId: p.applicationId, ...verified } }]);
      if (!spec || !record) return void (await answer({ valid: false, reason: 'UNKNOWN_RECORD', message: 'no such record on file' }));
      if (!isSubjectOf(record, p.subjectType, p.subjectId)) return void (await answer({ valid: false, reason: 'NOT_SELF', message: 'a subject applies to repair only its own records' }));
      // Judged on the day of application, so a redelivery days later answers the same.
      const refusal = repairRefusal(record, p.appliedOn);
      if (refusal) return void (await answer({ valid: false, ...refusal }));
      if (!record.sourceUscc) return void (await answer({ valid: false, reason: 'NO_DECIDING_DEPARTMENT', message: 'the record names no department that could decide its repair' }));
      await answer({ valid: true, repairableFrom: repairableFrom(record), department: { name: record.sourceName, uscc: record.sourceUscc } });
    },

    [lifecycleTopic.repairApproved(domain)]: async (tx, event) => {
      const p = payloadOf<RepairApproved>(event);
      const spec = specOf(p.recordType);
      const record = spec ? await lockRecord(tx, spec, p.recordKey) : null;
      if (!spec || !record) throw new Error(`repair approved for a record not on file (${domain} ${p.recordType})`);
      await recordStatusChange(tx, lifecycle, p.recordType, record, {
        status: 'REPAIRED',
        effectiveOn: p.decidedOn,
        reason: p.reason,
        causeType: 'REPAIR',
        causeId: p.applicationId,
        details: { previousPublicationEndDate: record.publicationEndDate },
        endPublicDisplay: true,
      });
    },
  };
}
