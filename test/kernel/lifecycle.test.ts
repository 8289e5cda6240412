import { describe, expect, it } from 'vitest';
import { repairableFrom, repairRefusal } from '../../subgraphs/kernel/lifecycle/domain-events.ts';
import { effectiveStatus, statusHistoryOf } from '../../subgraphs/kernel/lifecycle/history.ts';
import type { LifecycleRecord } from '../../subgraphs/kernel/lifecycle/records.ts';

const record = (overrides: Partial<LifecycleRecord> = {}): LifecycleRecord => ({
  id: 1,
  subjectUscc: '912102020120120680',
  subjectPersonId: null,
  status: 'PUBLISHED',
  objectionId: null,
  publishedDate: '2026-02-28',
  decisionDate: '2026-02-20',
  sourceName: '大连市市场监督管理局',
  sourceUscc: '11210200MB0000000X',
  polarity: 'NEGATIVE',
  severity: 'GENERAL',
  publicationEndDate: '2027-02-27',
  ...overrides,
});

describe('repair eligibility (Order No. 36)', () => {
  it('opens on the day the minimum period has passed, not the day before', () => {
    expect(repairableFrom(record())).toBe('2026-05-28');
    expect(repairRefusal(record(), '2026-05-27')).toMatchObject({ reason: 'TOO_EARLY', repairableFrom: '2026-05-28' });
    expect(repairRefusal(record(), '2026-05-28')).toBeNull();
    expect(repairableFrom(record({ severity: 'SEVERE', publishedDate: '2024-02-29' }))).toBe('2025-02-28');
  });

  it('counts from the decision when the record has no publication day', () => {
    expect(repairableFrom(record({ publishedDate: null }))).toBe('2026-05-20');
  });

  it('is refused on the last public day only after it', () => {
    expect(repairRefusal(record(), '2027-02-27')).toBeNull();
    expect(repairRefusal(record(), '2027-02-28')).toMatchObject({ reason: 'PUBLICATION_ENDED' });
  });

  it('names the first reason that applies', () => {
    const day = '2026-12-01';
    expect(repairRefusal(record({ polarity: 'POSITIVE', severity: null }), day)?.reason).toBe('NOT_NEGATIVE');
    expect(repairRefusal(record({ status: 'REPAIRED' }), day)?.reason).toBe('ALREADY_REPAIRED');
    expect(repairRefusal(record({ status: 'REVOKED' }), day)?.reason).toBe('REVOKED');
    expect(repairRefusal(record({ severity: 'MINOR' }), day)?.reason).toBe('NOT_PUBLIC');
    expect(repairRefusal(record({ objectionId: 'x' }), day)?.reason).toBe('UNDER_OBJECTION');
    expect(repairRefusal(record({ status: 'CORRECTED' }), day)).toBeNull();
  });
});

describe('status at read time', () => {
  const r = { id: 1, status: 'PUBLISHED', publishedDate: '2025-01-10', decisionDate: '2025-01-02', publicationEndDate: '2026-01-09' };
  it('reads EXPIRED the day after the window, and never for revoked or repaired records', () => {
    expect(effectiveStatus(r, '2026-01-09')).toBe('PUBLISHED');
    expect(effectiveStatus(r, '2026-01-10')).toBe('EXPIRED');
    expect(effectiveStatus({ ...r, status: 'CORRECTED' }, '2026-01-10')).toBe('EXPIRED');
    expect(effectiveStatus({ ...r, status: 'REPAIRED' }, '2026-01-10')).toBe('REPAIRED');
    expect(effectiveStatus({ ...r, publicationEndDate: null }, '2099-01-01')).toBe('PUBLISHED');
  });

  it('puts the publication first and a derived expiry last', () => {
    const change = { status: 'CORRECTED' as const, effectiveOn: '2025-03-01', recordedAt: '2025-03-01T02:00:00.000Z', reason: 'r', cause: 'OBJECTION', causeId: 'o', correction: 'c' };
    expect(statusHistoryOf(r, [change], '2026-02-01').map((h) => [h.status, h.effectiveOn])).toEqual([
      ['PUBLISHED', '2025-01-10'],
      ['CORRECTED', '2025-03-01'],
      ['EXPIRED', '2026-01-10'],
    ]);
    expect(statusHistoryOf(r, [], '2025-06-01').map((h) => h.status)).toEqual(['PUBLISHED']);
  });
});
