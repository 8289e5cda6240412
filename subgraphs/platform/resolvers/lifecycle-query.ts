import { actingDepartment } from '../../kernel/access/departments.ts';
import type { Caller } from '../../kernel/auth/evaluate.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { objectionsOfDepartment, objectionsOfSubject, repairApplicationsOfDepartment, repairApplicationsOfSubject } from '../store.ts';

const MAX_LIST = 100;

function limit(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > MAX_LIST) throw badUserInput('first', 'PAGE_SIZE', `between 0 and ${MAX_LIST}`);
  return n;
}

function selfId(caller: Caller): string {
  if (caller.principal.kind !== 'subject' || !caller.principal.id) throw codedError('FORBIDDEN', 'only a subject has its own objections', { reason: 'NOT_SELF' });
  return caller.principal.id;
}

export const lifecycleQueries: Pick<QueryResolvers, 'myObjections' | 'myRepairApplications' | 'departmentObjections' | 'departmentRepairApplications'> = {
  myObjections: (_p, { first }, ctx) => objectionsOfSubject(ctx.db, selfId(ctx.caller), limit(first)),
  myRepairApplications: (_p, { first }, ctx) => repairApplicationsOfSubject(ctx.db, selfId(ctx.caller), limit(first)),
  departmentObjections: async (_p, { status, overdue, first }, ctx) => {
    const n = limit(first);
    return objectionsOfDepartment(ctx.db, (await actingDepartment(ctx.db, ctx.caller)).uscc, { status, overdue }, n);
  },
  departmentRepairApplications: async (_p, { status, overdue, first }, ctx) => {
    const n = limit(first);
    return repairApplicationsOfDepartment(ctx.db, (await actingDepartment(ctx.db, ctx.caller)).uscc, { status, overdue }, n);
  },
};
