import { addCalendarDays } from './calendar.ts';

/**
 * Publication periods of negative records under NDRC Order No. 36 (信用修复管理办法, in force
 * 2026-04-01; DOMAIN.md): minor dishonesty is in principle not published (at most 3 months if
 * it is), general at least 3 months and at most 1 year, severe at least 1 and at most 3 years.
 * At the maximum a record leaves public view by itself; repair may be asked after the minimum.
 */
export type Severity = 'MINOR' | 'GENERAL' | 'SEVERE';
export type Polarity = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL';

export const PUBLICATION_PERIODS: Record<Severity, { minMonths: number; maxMonths: number; publicByDefault: boolean }> = {
  MINOR: { minMonths: 0, maxMonths: 3, publicByDefault: false },
  GENERAL: { minMonths: 3, maxMonths: 12, publicByDefault: true },
  SEVERE: { minMonths: 12, maxMonths: 36, publicByDefault: true },
};

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  // Clamp to the month's last day (31 Jan + 1 month = 28/29 Feb).
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export interface PublicationWindow {
  /** First day of public display. */
  start: string;
  /** Last day of public display; after it the record leaves public view. */
  end: string;
  /** Earliest day credit repair may be applied for. */
  repairableFrom: string;
  /** Whether the record is shown publicly at all. */
  public: boolean;
}

/**
 * The public window of a negative record published on `start`. A department may ask for a
 * shorter period, but never beyond the legal maximum nor below the minimum.
 */
const windows = new Map<string, PublicationWindow>();

export function publicationWindow(severity: Severity, start: string, requestedEnd?: string | null): PublicationWindow {
  // Bulk submissions repeat the same (severity, day): remembered, bounded.
  const key = `${severity}|${start}|${requestedEnd ?? ''}`;
  const known = windows.get(key);
  if (known) return known;
  if (windows.size > 100_000) windows.clear();
  const window = computeWindow(severity, start, requestedEnd);
  windows.set(key, window);
  return window;
}

function computeWindow(severity: Severity, start: string, requestedEnd?: string | null): PublicationWindow {
  const p = PUBLICATION_PERIODS[severity];
  const max = addCalendarDays(addMonths(start, p.maxMonths), -1);
  const min = addCalendarDays(addMonths(start, p.minMonths), -1);
  let end = max;
  if (requestedEnd && requestedEnd < max) end = requestedEnd < min ? min : requestedEnd;
  return { start, end, repairableFrom: addMonths(start, p.minMonths), public: p.publicByDefault };
}
