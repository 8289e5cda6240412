import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../subgraphs/kernel/calendar.ts';
import { loadConfig, sanctionFeedbackWorkingDays } from '../../subgraphs/kernel/config.ts';
import { latestEnd } from '../../subgraphs/kernel/listing-decisions.ts';
import { type CreditListing, groupListings, type ListingRule } from '../../subgraphs/kernel/listings.ts';
import { applicableMeasures, checkActionFitsList, combinedListings, feedbackDeadline, overdueCutoff } from '../../subgraphs/platform/sanctions.ts';
import type { SanctionMeasureRow } from '../../subgraphs/platform/sanctions-store.ts';

const listing = (over: Partial<CreditListing> = {}): CreditListing => ({
  listType: 'BLACK', listName: '失信被执行人名单', rule: 'JUDICIAL_DISHONEST_DEBTOR', domain: 'JUDICIAL', since: '2026-01-01', until: null,
  evidenceRecordIds: ['x'], authorityName: '法院', authorityUscc: null, ...over,
});
const measure = (over: Partial<SanctionMeasureRow> = {}): SanctionMeasureRow => ({
  id: 1, listType: 'BLACK', listName: null, scenario: 'AWARDS', departmentCode: 'dl-a', legalBasis: 'b', action: 'REFUSE', content: 'c',
  status: 'ACTIVE', createdBy: 'admin', createdAt: new Date(), updatedAt: new Date(), ...over,
});

describe('feedback deadlines on the Chinese working calendar', () => {
  it('counts working days after the check, skipping weekends and the National Day holiday, honouring 调休', () => {
    // No holiday in November 2026: ten working days after Monday 2 November is Monday 16 November.
    expect(feedbackDeadline('2026-11-02', 10)).toBe('2026-11-16');
    // Across 国庆 2026 (1–7 October off, Saturday 10 October worked): later than ten weekdays would give.
    expect(feedbackDeadline('2026-09-30', 10) > addCalendarDays('2026-09-30', 14)).toBe(true);
  });

  it('puts the overdue cut-off at the last check day whose deadline has passed', () => {
    for (let i = 0; i < 400; i += 3) {
      const today = addCalendarDays('2026-01-01', i);
      for (const days of [1, 10]) {
        const cutoff = overdueCutoff(today, days);
        expect(feedbackDeadline(cutoff, days) < today, `${today} ${days}`).toBe(true);
        expect(feedbackDeadline(addCalendarDays(cutoff, 1), days) >= today, `${today} ${days}`).toBe(true);
      }
    }
  });

  it('reads SANCTION_FEEDBACK_WORKING_DAYS, 10 by default, and refuses nonsense', () => {
    expect(sanctionFeedbackWorkingDays({})).toBe(10);
    expect(loadConfig({ SANCTION_FEEDBACK_WORKING_DAYS: '15' }).sanctionFeedbackWorkingDays).toBe(15);
    expect(() => sanctionFeedbackWorkingDays({ SANCTION_FEEDBACK_WORKING_DAYS: '0' })).toThrow(/1 to 60/);
    expect(() => sanctionFeedbackWorkingDays({ SANCTION_FEEDBACK_WORKING_DAYS: 'ten' })).toThrow(/non-negative integer/);
  });
});

describe('measures against listings', () => {
  it('apply by list type, list name when named, scenario and department; withdrawn ones never', () => {
    const listings = [listing(), listing({ listType: 'RED', listName: 'A级纳税人名单', rule: 'BUSINESS_A_GRADE_TAXPAYER', domain: 'BUSINESS' })];
    const measures = [
      measure({ id: 1 }),
      measure({ id: 2, listName: '拖欠农民工工资失信联合惩戒对象名单' }),
      measure({ id: 3, listType: 'RED', listName: 'A级纳税人名单', action: 'FAST_TRACK' }),
      measure({ id: 4, scenario: 'SUBSIDIES' }),
      measure({ id: 5, departmentCode: 'dl-b' }),
      measure({ id: 6, status: 'WITHDRAWN' }),
    ];
    expect(applicableMeasures(measures, listings, 'AWARDS', 'dl-a').map((m) => m.measure.id)).toEqual([1, 3]);
    expect(applicableMeasures(measures, listings, 'AWARDS').map((m) => m.measure.id)).toEqual([1, 5, 3]);
    expect(applicableMeasures(measures, [], 'AWARDS')).toEqual([]);
  });

  it('reward red lists and sanction the others', () => {
    expect(() => checkActionFitsList('FAST_TRACK', 'RED', 'a')).not.toThrow();
    expect(() => checkActionFitsList('SCRUTINISE', 'KEY_ATTENTION', 'a')).not.toThrow();
    expect(() => checkActionFitsList('REFUSE', 'RED', 'a')).toThrow(/FAST_TRACK/);
    expect(() => checkActionFitsList('FAST_TRACK', 'BLACK', 'a')).toThrow(/REFUSE, RESTRICT or SCRUTINISE/);
  });

  it('are never worked out from an incomplete set of domains', () => {
    const all = { governmentListings: [], businessListings: [listing({ domain: 'BUSINESS', listType: 'RED' })], socialListings: [], judicialListings: [listing()] };
    expect(combinedListings(all).map((l) => l.listType)).toEqual(['BLACK', 'RED']);
    expect(() => combinedListings({ ...all, socialListings: null })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', domains: ['social'] }) }));
    const { judicialListings: _omitted, ...partial } = all;
    expect(() => combinedListings(partial)).toThrow(/judicial/);
  });
});

describe('listing rows into listings', () => {
  it('make one listing per subject and list, spanning its records, open-ended if any is, decided by the newest', () => {
    const rule = { code: 'R', listType: 'BLACK', listName: 'L', recordType: 'T' } as unknown as ListingRule;
    const row = (id: number, subject: string, since: string, until: string | null, authority: string) => ({
      rule: 'R', list_type: 'BLACK' as const, list_name: 'L', subject, record_id: id, since, until, authority_name: authority, authority_uscc: null,
    });
    const grouped = groupListings('judicial', [rule], [row(2, 'a', '2026-03-01', '2027-01-01', '新'), row(1, 'a', '2026-01-01', '2026-12-31', '旧'), row(3, 'b', '2026-02-01', null, '乙')]);
    expect(grouped.get('a')).toEqual([
      { listType: 'BLACK', listName: 'L', rule: 'R', domain: 'JUDICIAL', since: '2026-01-01', until: '2027-01-01', evidenceRecordIds: [expect.any(String), expect.any(String)], authorityName: '新', authorityUscc: null },
    ]);
    expect(grouped.get('a')![0]!.evidenceRecordIds.map((e) => Buffer.from(e, 'base64url').toString())).toEqual(['judicial:T:1', 'judicial:T:2']);
    const open = groupListings('judicial', [rule], [row(1, 'a', '2026-01-01', '2026-12-31', 'x'), row(2, 'a', '2026-02-01', null, 'y')]);
    expect(open.get('a')![0]!.until).toBeNull();
  });

  it('end listing decisions at the legal maximum of their list type', () => {
    expect(latestEnd('BLACK', '2026-03-01')).toBe('2029-02-28');
    expect(latestEnd('KEY_ATTENTION', '2026-03-01')).toBe('2027-02-28');
    expect(latestEnd('RED', '2026-03-01')).toBeNull();
  });
});
