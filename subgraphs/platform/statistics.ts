import { addCalendarDays, shanghaiDate } from '../kernel/calendar.ts';
import { type EarlyWarningRuleSetting, earlyWarningRules } from '../kernel/config.ts';
import { divisionName } from '../kernel/divisions.ts';
import { badUserInput } from '../kernel/errors.ts';
import { INDUSTRY_SECTIONS } from '../kernel/industries.ts';
import type { StatisticsCellRow, StatisticsFilter } from './statistics-store.ts';

/** Checks and shapes of the statistics' arguments and answers (issue 7). */

export const MAX_MONTHS = 120;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(value: string, argument: string): string {
  if (!MONTH.test(value)) throw badUserInput(argument, 'INVALID_MONTH', 'a month as YYYY-MM');
  return value;
}

/** Months from `from` to `to`, both included. */
export function monthSpan(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

export function addMonthsToMonth(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + months;
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

export function parseMonthRange(fromMonth: string, toMonth: string, prefix: string, max = MAX_MONTHS): { fromMonth: string; toMonth: string } {
  const from = parseMonth(fromMonth, `${prefix}fromMonth`);
  const to = parseMonth(toMonth, `${prefix}toMonth`);
  if (to < from) throw badUserInput(`${prefix}toMonth`, 'RANGE_REVERSED', 'is before fromMonth');
  if (monthSpan(from, to) > max) throw badUserInput(`${prefix}toMonth`, 'RANGE_TOO_LONG', `a range of at most ${max} months`);
  return { fromMonth: from, toMonth: to };
}

export function parseDistricts(values: readonly string[] | null | undefined, argument: string): string[] | undefined {
  if (!values?.length) return undefined;
  values.forEach((v, i) => {
    if (!/^\d{6}$/.test(v)) throw badUserInput(`${argument}.${i}`, 'INVALID_DISTRICT', 'a six-digit division code (GB/T 2260)');
  });
  return [...new Set(values)];
}

export function parseIndustries(values: readonly string[] | null | undefined, argument: string): string[] | undefined {
  if (!values?.length) return undefined;
  values.forEach((v, i) => {
    if (!INDUSTRY_SECTIONS[v]) throw badUserInput(`${argument}.${i}`, 'INVALID_INDUSTRY', 'an industry section letter A–T (GB/T 4754-2017)');
  });
  return [...new Set(values)];
}

export function parseStatisticsFilter(filter: {
  fromMonth: string;
  toMonth: string;
  domains?: readonly string[] | null;
  districts?: readonly string[] | null;
  industries?: readonly string[] | null;
}): StatisticsFilter {
  return {
    ...parseMonthRange(filter.fromMonth, filter.toMonth, 'filter.'),
    domains: filter.domains?.length ? [...new Set(filter.domains.map((d) => d.toLowerCase()))] : undefined,
    districts: parseDistricts(filter.districts, 'filter.districts'),
    industries: parseIndustries(filter.industries, 'filter.industries'),
  };
}

/** A day range of at most `maxDays` days. */
export function parseDayRange(from: string, to: string, names: { from: string; to: string }, maxDays: number): { from: string; to: string } {
  if (to < from) throw badUserInput(names.to, 'RANGE_REVERSED', `is before ${names.from}`);
  if (addCalendarDays(from, maxDays - 1) < to) throw badUserInput(names.to, 'RANGE_TOO_LONG', `a range of at most ${maxDays} days`);
  return { from, to };
}

/** The default period of warnings: the last 90 days up to today. */
export function warningPeriod(filter: { from?: string | null; to?: string | null } | null | undefined, prefix: string): { from: string; to: string } {
  const to = filter?.to ?? shanghaiDate();
  const from = filter?.from ?? addCalendarDays(to, -89);
  if (to < from) throw badUserInput(`${prefix}to`, 'RANGE_REVERSED', 'is before from');
  return { from, to };
}

export function pageSize(value: number | null | undefined, fallback: number, max: number, argument = 'first'): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badUserInput(argument, 'PAGE_SIZE', `1 to ${max}`);
  return n;
}

export const region = (code: string) => (code ? { code, name: divisionName(code) } : null);
export const industry = (code: string) => (code ? { code, name: INDUSTRY_SECTIONS[code] ?? code } : null);

/** The rules as the API shows them. */
export function ruleModel(rule: EarlyWarningRuleSetting) {
  const description =
    rule.kind === 'THRESHOLD'
      ? `at least ${rule.threshold} negative records decided in the last ${rule.windowDays} days`
      : `the last ${rule.windowDays} days' negative records at least ${rule.factor}× the ${rule.windowDays} days before, and at least ${rule.threshold}`;
  return { code: rule.code, kind: rule.kind, windowDays: rule.windowDays, threshold: rule.threshold, factor: rule.factor, description };
}

export function rulesInForce(): EarlyWarningRuleSetting[] {
  return earlyWarningRules();
}

export interface ClusterModel {
  district: string;
  industry: string;
  warnings: number;
  subjects: number;
  total: number;
}

export interface TrendModel {
  district: string | null;
  industry: string | null;
  negativeRecords: number;
  previousNegativeRecords: number;
}

export const EMPTY_CELL: StatisticsCellRow = {
  domain: null,
  district: null,
  industry: null,
  month: null,
  records: 0,
  negative: 0,
  positive: 0,
  penalties: 0,
  withdrawn: 0,
  red: 0,
  keyAttention: 0,
  black: 0,
};

/** The districts (or industries) whose negative records rose most from `before` to `now`. */
export function rising(now: readonly StatisticsCellRow[], before: readonly StatisticsCellRow[], by: 'district' | 'industry', top = 5): TrendModel[] {
  const previous = new Map(before.map((c) => [c[by] ?? '', c.negative]));
  const keys = new Set([...now.map((c) => c[by] ?? ''), ...previous.keys()]);
  const current = new Map(now.map((c) => [c[by] ?? '', c.negative]));
  return [...keys]
    .filter((k) => k !== '')
    .map((k) => ({ key: k, now: current.get(k) ?? 0, then: previous.get(k) ?? 0 }))
    .filter((t) => t.now > t.then)
    .sort((a, b) => b.now - b.then - (a.now - a.then) || a.key.localeCompare(b.key))
    .slice(0, top)
    .map((t) => ({ district: by === 'district' ? t.key : null, industry: by === 'industry' ? t.key : null, negativeRecords: t.now, previousNegativeRecords: t.then }));
}
