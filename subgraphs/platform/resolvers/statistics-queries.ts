import { shanghaiDate } from '../../kernel/calendar.ts';
import type { DepartmentRow } from '../../kernel/access/departments.ts';
import { parseUsccArgument } from '../../kernel/uscc.ts';
import type { CatalogSupplier, EarlyWarningRuleKind, QueryResolvers } from '../generated/resolvers-types.ts';
import { overdueCutoff } from '../sanctions.ts';
import {
  addMonthsToMonth,
  EMPTY_CELL,
  monthSpan,
  pageSize,
  parseDayRange,
  parseDistricts,
  parseIndustries,
  parseMonth,
  parseMonthRange,
  parseStatisticsFilter,
  rising,
  ruleModel,
  rulesInForce,
  warningPeriod,
} from '../statistics.ts';
import { clusterRows, type Dimension, feedbackRows, monthlyRows, statisticsCells, warningCount, warningRows } from '../statistics-store.ts';
import { badUserInput } from '../../kernel/errors.ts';

const supplier = (row: DepartmentRow | null, uscc: string): CatalogSupplier => (row ? { code: row.code, name: row.name, uscc: row.uscc.trim() } : { code: uscc, name: uscc, uscc });

const rules = () => rulesInForce().map((r) => ({ ...ruleModel(r), kind: r.kind as EarlyWarningRuleKind }));

/** Statistics, 月报 and early warning (issue 7): every answer read from the aggregates. */
export const statisticsQueries: Pick<
  QueryResolvers,
  'creditStatistics' | 'sanctionFeedbackStatistics' | 'departmentMonthlyReports' | 'earlyWarnings' | 'earlyWarningRules' | 'warningClusters' | 'analysisReport'
> = {
  creditStatistics: (_p, { filter, groupBy }, ctx) => {
    if (new Set(groupBy).size !== groupBy.length) throw badUserInput('groupBy', 'DUPLICATE_DIMENSION', 'each dimension at most once');
    return statisticsCells(ctx.db, parseStatisticsFilter(filter), groupBy as Dimension[]);
  },

  sanctionFeedbackStatistics: async (_p, args, ctx) => {
    const { from, to } = parseDayRange(args.from, args.to, { from: 'from', to: 'to' }, 366);
    const found = await feedbackRows(ctx.db, from, to, overdueCutoff());
    const departments = await ctx.loaders.department.loadMany(found.map((r) => r.departmentCode));
    return found.map((r, i) => {
      const d = departments[i];
      return {
        department: d && !(d instanceof Error) ? { code: d.code, name: d.name, uscc: d.uscc.trim() } : { code: r.departmentCode, name: r.departmentCode, uscc: '' },
        cases: r.cases,
        withFeedback: r.withFeedback,
        feedbackRate: r.cases > 0 ? r.withFeedback / r.cases : null,
        overdue: r.overdue,
      };
    });
  },

  departmentMonthlyReports: async (_p, args, ctx) => {
    const month = parseMonth(args.month, 'month');
    const uscc = args.departmentUscc ? parseUsccArgument(args.departmentUscc, 'departmentUscc') : null;
    const { rows, reasons } = await monthlyRows(ctx.db, month, uscc);
    const byDepartment = new Map<string, typeof rows>();
    for (const r of rows) byDepartment.set(r.departmentUscc, [...(byDepartment.get(r.departmentUscc) ?? []), r]);
    const usccs = [...byDepartment.keys()];
    const departments = await ctx.loaders.departmentByUscc.loadMany(usccs);
    return usccs.map((u, i) => {
      const list = byDepartment.get(u)!;
      const sum = (f: (r: (typeof rows)[number]) => number) => list.reduce((n, r) => n + f(r), 0);
      const accepted = sum((r) => r.accepted);
      const duplicates = sum((r) => r.duplicates);
      const rejected = sum((r) => r.rejected);
      const decisions = sum((r) => r.publicationDecisions);
      const late = sum((r) => r.late);
      const d = departments[i];
      return {
        month,
        department: supplier(d && !(d instanceof Error) ? d : null, u),
        submitted: accepted + duplicates + rejected,
        accepted,
        duplicates,
        rejected,
        rejectedByReason: reasons.filter((r) => r.departmentUscc === u).map((r) => ({ reason: r.reason, count: r.rows })),
        publicationDecisions: decisions,
        late,
        onTimeRate: decisions > 0 ? (decisions - late) / decisions : null,
        byRecordType: list.map((r) => ({
          domain: r.domain.toUpperCase() as never,
          recordType: r.recordType,
          submitted: r.accepted + r.duplicates + r.rejected,
          accepted: r.accepted,
          duplicates: r.duplicates,
          rejected: r.rejected,
          late: r.late,
        })),
      };
    });
  },

  earlyWarnings: (_p, { filter, first }, ctx) =>
    warningRows(
      ctx.db,
      {
        ...warningPeriod(filter, 'filter.'),
        rules: filter?.rules ?? undefined,
        districts: parseDistricts(filter?.districts, 'filter.districts'),
        industries: parseIndustries(filter?.industries, 'filter.industries'),
        subjectType: filter?.subjectType ?? null,
        subjectId: filter?.subjectId ?? null,
      },
      pageSize(first, 100, 500),
    ),

  earlyWarningRules: () => rules(),

  warningClusters: (_p, { filter, first }, ctx) => {
    const { from, to } = warningPeriod(filter, 'filter.');
    const min = filter?.minWarnings ?? 1;
    if (!Number.isInteger(min) || min < 1) throw badUserInput('filter.minWarnings', 'OUT_OF_RANGE', 'at least 1');
    return clusterRows(ctx.db, from, to, min, pageSize(first, 20, 100));
  },

  analysisReport: async (_p, { period }, ctx) => {
    const { fromMonth, toMonth } = parseMonthRange(period.fromMonth, period.toMonth, 'period.', 60);
    const span = monthSpan(fromMonth, toMonth);
    const previousFromMonth = addMonthsToMonth(fromMonth, -span);
    const previousToMonth = addMonthsToMonth(fromMonth, -1);
    const now = { fromMonth, toMonth };
    const before = { fromMonth: previousFromMonth, toMonth: previousToMonth };
    const [totals, previousTotals, byDomain, districts, previousDistricts, industries, previousIndustries] = await Promise.all([
      statisticsCells(ctx.db, now, []),
      statisticsCells(ctx.db, before, []),
      statisticsCells(ctx.db, now, ['DOMAIN']),
      statisticsCells(ctx.db, now, ['DISTRICT']),
      statisticsCells(ctx.db, before, ['DISTRICT']),
      statisticsCells(ctx.db, now, ['INDUSTRY']),
      statisticsCells(ctx.db, before, ['INDUSTRY']),
    ]);
    // Warnings detected from the first day of the period to its last (or today, if sooner).
    const from = `${fromMonth}-01`;
    const end = `${addMonthsToMonth(toMonth, 1)}-01`;
    const today = shanghaiDate();
    const to = end <= today ? dayBefore(end) : today;
    const [warnings, topClusters] = await Promise.all([warningCount(ctx.db, from, to), clusterRows(ctx.db, from, to, 1, 5)]);
    return {
      fromMonth,
      toMonth,
      previousFromMonth,
      previousToMonth,
      totals: totals[0] ?? EMPTY_CELL,
      previousTotals: previousTotals[0] ?? EMPTY_CELL,
      byDomain,
      risingDistricts: rising(districts, previousDistricts, 'district'),
      risingIndustries: rising(industries, previousIndustries, 'industry'),
      warnings,
      topClusters,
      generatedAt: new Date().toISOString(),
    };
  },
};

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
