import { shanghaiDate } from '../../kernel/calendar.ts';
import type { CreditDomain, ObjectionResolvers, ObjectionStatus, RepairApplicationResolvers, RepairStatus, SubjectType } from '../generated/resolvers-types.ts';

const OPEN = new Set(['VERIFYING', 'UNDER_REVIEW']);
const department = (r: { departmentName: string | null; departmentUscc: string | null }) =>
  r.departmentName && r.departmentUscc ? { name: r.departmentName, uscc: r.departmentUscc } : null;

export const Objection: ObjectionResolvers = {
  recordDomain: (o) => o.recordDomain.toUpperCase() as CreditDomain,
  subjectType: (o) => o.subjectType as SubjectType,
  status: (o) => o.status as ObjectionStatus,
  filedAt: (o) => o.filedAt.toISOString(),
  overdue: (o) => OPEN.has(o.status) && o.deadline < shanghaiDate(),
  decidingDepartment: department,
  decidedAt: (o) => o.decidedAt?.toISOString() ?? null,
};

export const RepairApplication: RepairApplicationResolvers = {
  recordDomain: (a) => a.recordDomain.toUpperCase() as CreditDomain,
  subjectType: (a) => a.subjectType as SubjectType,
  status: (a) => a.status as RepairStatus,
  appliedAt: (a) => a.appliedAt.toISOString(),
  overdue: (a) => OPEN.has(a.status) && (a.decisionDeadline ?? a.feedbackDeadline) < shanghaiDate(),
  decidingDepartment: department,
  decidedAt: (a) => a.decidedAt?.toISOString() ?? null,
};
