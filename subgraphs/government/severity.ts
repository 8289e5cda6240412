import type { Severity } from '../kernel/publication.ts';

/**
 * 失信程度 of a penalty when the deciding department does not state it. Revocation, closure or
 * detention marks severe dishonesty; a warning or a fine within the summary-procedure limits
 * (行政处罚法 art. 51: ≤ 200 yuan for a citizen, ≤ 3,000 yuan for an organisation) is minor and
 * not published; everything else is general.
 */
export function penaltySeverity(categories: readonly string[], fineAmount: string | null, naturalPerson: boolean): Severity {
  if (categories.some((c) => c === 'LICENCE_REVOCATION' || c === 'BUSINESS_RESTRICTION' || c === 'DETENTION')) return 'SEVERE';
  const summaryLimit = naturalPerson ? 200 : 3000;
  const onlyLight = categories.every((c) => c === 'WARNING' || c === 'FINE');
  if (onlyLight && (fineAmount === null || Number(fineAmount) <= summaryLimit)) return 'MINOR';
  return 'GENERAL';
}
