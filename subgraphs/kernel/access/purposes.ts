/**
 * Why a caller reads protected data. Agencies state one of their registered purposes and need the
 * subject's consent for it (征信业管理条例 art. 18); government callers state a statutory purpose
 * from this fixed list instead of consent.
 */
export const STATUTORY_PURPOSES = [
  'ADMINISTRATIVE_LICENSING',
  'ADMINISTRATIVE_ENFORCEMENT',
  'PUBLIC_PROCUREMENT',
  'PUBLIC_RESOURCE_TRADING',
  'JOINT_REWARDS_AND_SANCTIONS',
  'SUBSIDIES_AND_AWARDS',
  'PERSONNEL_APPOINTMENT',
  'CREDIT_SUPERVISION',
  'JUDICIAL_ASSISTANCE',
] as const;

/** The header a request states its purpose in. */
export const PURPOSE_HEADER = 'x-query-purpose';

/** A purpose is an UPPER_SNAKE word, so it can be compared, listed and logged safely. */
export function isPurposeSyntax(value: string): boolean {
  return /^[A-Z][A-Z0-9_]{1,63}$/.test(value);
}

export function isStatutoryPurpose(value: string | null): boolean {
  return value !== null && (STATUTORY_PURPOSES as readonly string[]).includes(value);
}
