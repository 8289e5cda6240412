import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Working days by the State Council holiday schedule (节假日安排), including adjusted working
 * weekends (调休). Data from the chinese-days package, plus later years from a JSON file
 * (CALENDAR_EXTRA_PATH) when the package lags: `{ "holidays": { "2027-10-01": "…" },
 * "workdays": { "2027-09-26": "…" } }`.
 */
export interface CalendarData {
  holidays: Record<string, unknown>;
  workdays: Record<string, unknown>;
}

const require = createRequire(import.meta.url);

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  /** Years the schedule is known for; outside them only weekends count as rest days. */
  readonly years = new Set<number>();

  constructor(...sources: CalendarData[]) {
    for (const source of sources) {
      for (const d of Object.keys(source.holidays ?? {})) this.add(this.holidays, d);
      for (const d of Object.keys(source.workdays ?? {})) this.add(this.workdays, d);
    }
  }

  private add(set: Set<string>, date: string): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`calendar: '${date}' is not a YYYY-MM-DD date`);
    set.add(date);
    this.years.add(Number(date.slice(0, 4)));
  }

  covers(date: string): boolean {
    return this.years.has(Number(date.slice(0, 4)));
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /** Deadlines repeat (a bulk file has few distinct decision dates): remembered, bounded. */
  private readonly memo = new Map<string, string>();

  /** The n-th working day after `date` (the day itself does not count), e.g. a 7-working-day deadline. */
  addWorkingDays(date: string, n: number): string {
    const key = `${date}+${n}`;
    const known = this.memo.get(key);
    if (known) return known;
    let d = date;
    for (let left = n; left > 0; ) {
      d = addCalendarDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    if (this.memo.size > 100_000) this.memo.clear();
    this.memo.set(key, d);
    return d;
  }
}

let shared: WorkingCalendar | undefined;

/** The platform's calendar: the package's schedule, then any configured extra years on top. */
export function workingCalendar(extraPath = process.env.CALENDAR_EXTRA_PATH): WorkingCalendar {
  if (shared && !extraPath) return shared;
  const base = require('chinese-days/dist/chinese-days.json') as CalendarData;
  const extra = extraPath ? (JSON.parse(readFileSync(extraPath, 'utf8')) as CalendarData) : undefined;
  const calendar = extra ? new WorkingCalendar(base, extra) : new WorkingCalendar(base);
  if (!extraPath) shared = calendar;
  return calendar;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
let today = { date: '', from: 0, until: 0 };

/** Today's date on the platform's calendar (Asia/Shanghai, UTC+8, no daylight saving). */
export function shanghaiDate(instant?: Date): string {
  const t = instant ? instant.getTime() : Date.now();
  // Checks call this for every row of a bulk file: the day is remembered until its last millisecond.
  if (t >= today.from && t < today.until) return today.date;
  const shifted = t + SHANGHAI_OFFSET_MS;
  const from = shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS;
  today = { date: new Date(shifted).toISOString().slice(0, 10), from, until: from + DAY_MS };
  return today.date;
}

