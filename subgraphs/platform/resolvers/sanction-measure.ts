import type { CreditListType, MeasureAction, SanctionMeasureResolvers, SanctionMeasureStatus, SanctionScenario } from '../generated/resolvers-types.ts';
import { measureGlobalId } from '../sanctions.ts';

export const SanctionMeasure: SanctionMeasureResolvers = {
  id: (m) => measureGlobalId(m.id),
  listType: (m) => m.listType as CreditListType,
  scenario: (m) => m.scenario as SanctionScenario,
  action: (m) => m.action as MeasureAction,
  status: (m) => m.status as SanctionMeasureStatus,
  updatedAt: (m) => new Date(m.updatedAt).toISOString(),
  implementingDepartment: async (m, _a, ctx) => {
    const d = await ctx.loaders.department.load(m.departmentCode);
    return { code: m.departmentCode, name: d?.name ?? m.departmentCode, uscc: d?.uscc ?? '' };
  },
};
