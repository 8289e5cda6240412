import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { penaltySeverity } from '../../subgraphs/government/severity.ts';
import { WorkingCalendar, workingCalendar } from '../../subgraphs/kernel/calendar.ts';
import { addMonths, publicationWindow } from '../../subgraphs/kernel/publication.ts';

describe('working days by the Chinese calendar', () => {
  const calendar = workingCalendar();

  it('counts the National Day holiday as rest and its adjusted weekends as work', () => {
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
    // Decided Friday 26 Sep 2025: 28, 29, 30 Sep, then 9, 10, 11, 13 Oct.
    expect(calendar.addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
    // Spring Festival 2026 (15–23 Feb) and its adjusted Saturday 28 Feb.
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
  });

  it('takes later years from configuration when the package lags', () => {
    const before = new WorkingCalendar({ holidays: {}, workdays: {} });
    expect(before.addWorkingDays('2027-09-30', 1)).toBe('2027-10-01');
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'));
    const file = join(dir, 'extra.json');
    const holidays = Object.fromEntries(['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'].map((d) => [d, '国庆节']));
    writeFileSync(file, JSON.stringify({ holidays, workdays: { '2027-10-09': '国庆节调休' } }));
    const extended = workingCalendar(file);
    expect(extended.covers('2027-10-01')).toBe(true);
    expect(extended.addWorkingDays('2027-09-30', 1)).toBe('2027-10-08');
    expect(extended.addWorkingDays('2027-09-30', 2)).toBe('2027-10-09');
    expect(() => new WorkingCalendar({ holidays: { '2027/10/01': 'x' }, workdays: {} })).toThrow(/YYYY-MM-DD/);
  });
});

describe('publication periods (Order No. 36)', () => {
  it('keeps each severity within its minimum and maximum', () => {
    expect(publicationWindow('GENERAL', '2026-03-15')).toEqual({ start: '2026-03-15', end: '2027-03-14', repairableFrom: '2026-06-15', public: true });
    expect(publicationWindow('SEVERE', '2026-03-15').end).toBe('2029-03-14');
    expect(publicationWindow('MINOR', '2026-03-15')).toMatchObject({ end: '2026-06-14', public: false });
    // A department may shorten the period, never below the minimum nor beyond the maximum.
    expect(publicationWindow('GENERAL', '2026-03-15', '2026-09-30').end).toBe('2026-09-30');
    expect(publicationWindow('GENERAL', '2026-03-15', '2026-04-01').end).toBe('2026-06-14');
    expect(publicationWindow('SEVERE', '2026-03-15', '2035-01-01').end).toBe('2029-03-14');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('derives a penalty’s severity from its categories and amount', () => {
    expect(penaltySeverity(['WARNING'], null, false)).toBe('MINOR');
    expect(penaltySeverity(['FINE'], '3000.00', false)).toBe('MINOR');
    expect(penaltySeverity(['FINE'], '3000.01', false)).toBe('GENERAL');
    expect(penaltySeverity(['FINE'], '201.00', true)).toBe('GENERAL');
    expect(penaltySeverity(['WARNING', 'CONFISCATION'], null, false)).toBe('GENERAL');
    expect(penaltySeverity(['FINE', 'LICENCE_REVOCATION'], '100.00', false)).toBe('SEVERE');
  });
});
