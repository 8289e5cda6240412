import { actingDepartment } from '../../kernel/access/departments.ts';
import type { Caller } from '../../kernel/auth/evaluate.ts';
import { addCalendarDays, shanghaiDate, workingCalendar } from '../../kernel/calendar.ts';
import { lifecycleSettings } from '../../kernel/config.ts';
import type { Drizzle } from '../../kernel/db.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { appendEvents } from '../../kernel/events/index.ts';
import { fromGlobalId } from '../../kernel/global-id.ts';
import { LIFECYCLE_RECORD_TYPES, type LifecycleDomain, lifecycleTopic } from '../../kernel/lifecycle/topics.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import {
  advanceObjection,
  advanceRepairApplication,
  insertObjection,
  insertRepairApplication,
  isUniqueViolation,
  objectionById,
  repairApplicationById,
} from '../store.ts';

const MAX_TEXT = 2000;

function filingSubject(caller: Caller): { subjectType: 'LEGAL_PERSON' | 'NATURAL_PERSON'; subjectId: string } {
  const { principal } = caller;
  if (principal.kind !== 'subject' || !principal.id || !principal.subjectType) throw codedError('FORBIDDEN', 'only the subject itself files this', { reason: 'NOT_SELF' });
  return { subjectType: principal.subjectType, subjectId: principal.id };
}

function text(argument: string, value: string | null | undefined): string {
  const v = value?.trim() ?? '';
  if (!v) throw badUserInput(argument, 'REQUIRED', 'is required');
  if (v.length > MAX_TEXT) throw badUserInput(argument, 'TOO_LONG', `at most ${MAX_TEXT} characters`);
  return v;
}

/** The record an objection or application concerns, from its global id: only record types with a status qualify. */
function lifecycleRecord(recordId: string): { domain: LifecycleDomain; type: string; key: string } {
  const id = fromGlobalId(recordId, 'input.recordId');
  const types = LIFECYCLE_RECORD_TYPES[id.domain as LifecycleDomain];
  if (!types?.includes(id.type)) throw badUserInput('input.recordId', 'UNSUPPORTED_RECORD_TYPE', `${id.type} records have no status to object to or repair`);
  return { domain: id.domain as LifecycleDomain, type: id.type, key: id.key };
}

function uuidArgument(argument: string, value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw badUserInput(argument, 'INVALID_ID', 'is not an id of this platform');
  return value.toLowerCase();
}

/** Only the record's data-source department decides (谁认定、谁负责). */
async function decidingDepartment(db: Drizzle, caller: Caller, departmentUscc: string | null) {
  const department = await actingDepartment(db, caller);
  if (department.uscc !== departmentUscc) throw codedError('FORBIDDEN', 'only the department that supplied the record decides', { reason: 'NOT_DECIDING_DEPARTMENT' });
  return department;
}

function notOpen(status: string, what: string) {
  return status === 'VERIFYING'
    ? codedError('CONFLICT', `the ${what} is still being checked by the record's domain`, { reason: 'NOT_UNDER_REVIEW' })
    : codedError('CONFLICT', `the ${what} is ${status.toLowerCase().replace('_', ' ')} already`, { reason: 'ALREADY_DECIDED' });
}

const tx = (db: Drizzle) => <T>(work: (tx: Drizzle) => Promise<T>) => db.transaction((t) => work(t as unknown as Drizzle));

export const lifecycleMutations: Pick<MutationResolvers, 'fileObjection' | 'decideObjection' | 'applyForCreditRepair' | 'decideCreditRepair'> = {
  fileObjection: async (_p, { input }, ctx) => {
    const subject = filingSubject(ctx.caller);
    const record = lifecycleRecord(input.recordId);
    const grounds = text('input.grounds', input.grounds);
    const filedOn = shanghaiDate();
    try {
      // The objection and the event asking its domain to check it commit together.
      const objection = await tx(ctx.db)(async (t) => {
        const row = await insertObjection(t, {
          ...subject,
          recordId: input.recordId,
          recordDomain: record.domain,
          recordType: record.type,
          grounds,
          deadline: addCalendarDays(filedOn, lifecycleSettings().objectionDeadlineDays),
        });
        await appendEvents(t, 'platform', [
          {
            topic: lifecycleTopic.objectionFiled(record.domain),
            key: row.id,
            subject: { type: subject.subjectType, id: subject.subjectId },
            payload: { objectionId: row.id, recordType: record.type, recordKey: record.key, ...subject },
          },
        ]);
        return row;
      });
      return { objection };
    } catch (error) {
      if (isUniqueViolation(error)) throw codedError('CONFLICT', 'an objection to this record is open already', { reason: 'OBJECTION_OPEN', argument: 'input.recordId' });
      throw error;
    }
  },

  decideObjection: async (_p, { input }, ctx) => {
    const id = uuidArgument('input.objectionId', input.objectionId);
    const found = await objectionById(ctx.db, id);
    if (!found) throw codedError('NOT_FOUND', 'no such objection', { argument: 'input.objectionId' });
    const department = await decidingDepartment(ctx.db, ctx.caller, found.departmentUscc);
    if (found.status !== 'UNDER_REVIEW') throw notOpen(found.status, 'objection');
    const reason = text('input.reason', input.reason);
    const correction = input.correction?.trim() || null;
    if (input.decision === 'CORRECT' && !correction) throw badUserInput('input.correction', 'REQUIRED', 'state what is corrected');
    if (input.decision !== 'CORRECT' && correction) throw badUserInput('input.correction', 'NOT_ALLOWED', 'only a correction states one');
    if (correction && correction.length > MAX_TEXT) throw badUserInput('input.correction', 'TOO_LONG', `at most ${MAX_TEXT} characters`);
    const outcome = input.decision === 'CORRECT' ? 'CORRECTED' : input.decision === 'REVOKE' ? 'REVOKED' : 'REJECTED';
    const objection = await tx(ctx.db)(async (t) => {
      const row = await advanceObjection(t, id, 'UNDER_REVIEW', {
        status: outcome === 'REJECTED' ? 'REJECTED' : 'UPHELD',
        recordOutcome: outcome === 'REJECTED' ? null : outcome,
        decisionReason: reason,
        correction,
        decidedBy: department.code,
        decidedAt: new Date(),
      });
      // Decided meanwhile by another request: the first decision stands.
      if (!row) throw notOpen('DECIDED', 'objection');
      await appendEvents(t, 'platform', [
        {
          topic: lifecycleTopic.objectionDecided(row.recordDomain as LifecycleDomain),
          key: row.id,
          subject: { type: row.subjectType as 'LEGAL_PERSON', id: row.subjectId },
          payload: { objectionId: row.id, recordType: row.recordType, recordKey: fromGlobalId(row.recordId).key, outcome, reason, correction, decidedOn: shanghaiDate() },
        },
      ]);
      return row;
    });
    return { objection };
  },

  applyForCreditRepair: async (_p, { input }, ctx) => {
    const subject = filingSubject(ctx.caller);
    const record = lifecycleRecord(input.recordId);
    const obligationsFulfilled = text('input.obligationsFulfilled', input.obligationsFulfilled);
    const commitment = text('input.commitment', input.commitment);
    const appliedOn = shanghaiDate();
    try {
      const application = await tx(ctx.db)(async (t) => {
        const row = await insertRepairApplication(t, {
          ...subject,
          recordId: input.recordId,
          recordDomain: record.domain,
          recordType: record.type,
          obligationsFulfilled,
          commitment,
          appliedOn,
          feedbackDeadline: workingCalendar().addWorkingDays(appliedOn, lifecycleSettings().repairFeedbackWorkingDays),
        });
        await appendEvents(t, 'platform', [
          {
            topic: lifecycleTopic.repairApplied(record.domain),
            key: row.id,
            subject: { type: subject.subjectType, id: subject.subjectId },
            payload: { applicationId: row.id, recordType: record.type, recordKey: record.key, ...subject, appliedOn },
          },
        ]);
        return row;
      });
      return { application };
    } catch (error) {
      if (isUniqueViolation(error)) throw codedError('CONFLICT', 'a repair application for this record is open already', { reason: 'APPLICATION_OPEN', argument: 'input.recordId' });
      throw error;
    }
  },

  decideCreditRepair: async (_p, { input }, ctx) => {
    const id = uuidArgument('input.applicationId', input.applicationId);
    const found = await repairApplicationById(ctx.db, id);
    if (!found) throw codedError('NOT_FOUND', 'no such repair application', { argument: 'input.applicationId' });
    const department = await decidingDepartment(ctx.db, ctx.caller, found.departmentUscc);
    if (found.status !== 'UNDER_REVIEW') throw notOpen(found.status, 'application');
    const reason = text('input.reason', input.reason);
    const application = await tx(ctx.db)(async (t) => {
      const row = await advanceRepairApplication(t, id, 'UNDER_REVIEW', {
        status: input.approve ? 'APPROVED' : 'REFUSED',
        refusalReason: input.approve ? null : 'DEPARTMENT_REFUSED',
        decisionReason: reason,
        decidedBy: department.code,
        decidedAt: new Date(),
      });
      if (!row) throw notOpen('DECIDED', 'application');
      // A refusal leaves the record as it is; an approval ends its public display in its domain.
      if (input.approve) {
        await appendEvents(t, 'platform', [
          {
            topic: lifecycleTopic.repairApproved(row.recordDomain as LifecycleDomain),
            key: row.id,
            subject: { type: row.subjectType as 'LEGAL_PERSON', id: row.subjectId },
            payload: { applicationId: row.id, recordType: row.recordType, recordKey: fromGlobalId(row.recordId).key, reason, decidedOn: shanghaiDate() },
          },
        ]);
      }
      return row;
    });
    return { application };
  },
};

