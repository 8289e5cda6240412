import type { Caller } from '../kernel/auth/evaluate.ts';
import { shanghaiDate, workingCalendar, addCalendarDays } from '../kernel/calendar.ts';
import { sanctionFeedbackWorkingDays } from '../kernel/config.ts';
import { badUserInput, codedError } from '../kernel/errors.ts';
import { fromGlobalId, toGlobalId } from '../kernel/global-id.ts';
import { type CreditListing, LIST_TYPES, type ListingDomain } from '../kernel/listings.ts';
import type { SanctionCaseRow, SanctionFeedbackRow, SanctionMeasureRow } from './sanctions-store.ts';

/**
 * Joint rewards and sanctions on the platform's side (国发〔2016〕33号): the measures list, which
 * measures apply to which listings, and the feedback deadline of a check. Listings themselves
 * come from the four domains through federation (`@requires` on the people; a check reads them
 * from the domains itself, subject-listings.ts); platform never reads their tables.
 */

export const LISTING_DOMAINS: readonly ListingDomain[] = ['government', 'business', 'social', 'judicial'];
export const SCENARIOS = ['ADMINISTRATIVE_APPROVAL', 'GOVERNMENT_PROCUREMENT', 'PUBLIC_RESOURCE_TRADING', 'SUBSIDIES', 'AWARDS', 'CIVIL_SERVICE_HIRING', 'CREDIT_LOANS'] as const;
export const ACTIONS = ['REFUSE', 'RESTRICT', 'SCRUTINISE', 'FAST_TRACK'] as const;

/** What the gateway hands platform for a `@requires` on the four domains' listings. */
export type ListingsOfDomains = { [K in `${ListingDomain}Listings`]?: CreditListing[] | null };

export interface AppliedMeasureModel {
  measureId: string;
  listType: string;
  listName: string | null;
  action: string;
  content: string;
  legalBasis: string;
  listing: CreditListing;
}

export interface ApplicableMeasureModel {
  measure: SanctionMeasureRow;
  listing: CreditListing;
}

export interface FeedbackModel {
  row: SanctionFeedbackRow;
  correction: boolean;
  late: boolean;
}

const LISTING_FIELDS = LISTING_DOMAINS.map((d) => [d, `${d}Listings`] as const);

/** Orders names as `localeCompare` does, without looking the collator up on every comparison. */
const collator = new Intl.Collator();

/** Black lists first, then key-attention, then red; then by domain and list name. */
function listingOrder(a: CreditListing, b: CreditListing): number {
  return LIST_TYPES.indexOf(b.listType) - LIST_TYPES.indexOf(a.listType) || collator.compare(a.domain, b.domain) || collator.compare(a.listName, b.listName);
}

/**
 * Every domain's listings together. A domain that could not answer (its field came back null)
 * makes the whole answer unknown: a check must never read "no measures" because a domain was down.
 */
export function combinedListings(of: object): CreditListing[] {
  const parent = of as ListingsOfDomains;
  const all: CreditListing[] = [];
  let missing: ListingDomain[] | undefined;
  for (const [domain, field] of LISTING_FIELDS) {
    const listings = parent[field];
    if (!Array.isArray(listings)) (missing ??= []).push(domain);
    else for (const l of listings) all.push(l);
  }
  if (missing) {
    throw codedError('SERVICE_UNAVAILABLE', `the listings of ${missing.join(', ')} could not be read; try again`, { reason: 'LISTINGS_UNAVAILABLE', domains: missing });
  }
  return all.length > 1 ? all.sort(listingOrder) : all;
}

/**
 * The four listing fields of a `@requires` representation, nothing else from it. A literal of
 * one shape: this runs once per entity, 1,000 times for a batch check.
 */
export function listingsOf(representation: object): ListingsOfDomains {
  const r = representation as ListingsOfDomains;
  return { governmentListings: r.governmentListings, businessListings: r.businessListings, socialListings: r.socialListings, judicialListings: r.judicialListings };
}

/** A measure applies to a listing of its type (and its named list, when it names one) in its scenario. */
export function applicableMeasures(
  measures: readonly SanctionMeasureRow[],
  listings: readonly CreditListing[],
  scenario: string,
  department?: string | null,
): ApplicableMeasureModel[] {
  const result: ApplicableMeasureModel[] = [];
  for (const listing of listings) {
    for (const measure of measures) {
      if (measure.status !== 'ACTIVE' || measure.scenario !== scenario) continue;
      if (department && measure.departmentCode !== department) continue;
      if (measure.listType !== listing.listType || (measure.listName && measure.listName !== listing.listName)) continue;
      result.push({ measure, listing });
    }
  }
  return result;
}

/** A case's measures as recorded: a copy of each measure as it stood, with the listing and its evidence. */
export function appliedMeasures(c: Pick<SanctionCaseRow, 'scenario' | 'departmentCode'>, measures: readonly SanctionMeasureRow[], listings: readonly CreditListing[]): AppliedMeasureModel[] {
  return applicableMeasures(measures, listings, c.scenario, c.departmentCode).map(({ measure, listing }) => ({
    measureId: measureGlobalId(measure.id),
    listType: measure.listType,
    listName: measure.listName,
    action: measure.action,
    content: measure.content,
    legalBasis: measure.legalBasis,
    listing,
  }));
}

export const measureGlobalId = (id: number) => toGlobalId('platform', 'SanctionMeasure', id);
export const caseGlobalId = (id: number) => toGlobalId('platform', 'SanctionCase', id);

/** The row id inside a platform global id of `type`; anything else is BAD_USER_INPUT on `argument`. */
export function parseRowId(id: string, type: 'SanctionMeasure' | 'SanctionCase', argument: string): number {
  const g = fromGlobalId(id, argument);
  const n = Number(g.key);
  if (g.domain !== 'platform' || g.type !== type || !Number.isSafeInteger(n) || n <= 0) throw badUserInput(argument, 'INVALID_ID', `is not the id of a ${type}`);
  return n;
}

/** FAST_TRACK rewards red lists; the other actions sanction key-attention and black lists. */
export function checkActionFitsList(action: string, listType: string, argument: string): void {
  if ((listType === 'RED') !== (action === 'FAST_TRACK')) {
    throw badUserInput(argument, 'ACTION_NOT_FOR_LIST', listType === 'RED' ? 'a red list is rewarded with FAST_TRACK' : `${action} is a reward; ${listType} lists are sanctioned with REFUSE, RESTRICT or SCRUTINISE`);
  }
}

export function requiredText(value: string | null | undefined, argument: string, max: number): string {
  const text = value?.trim() ?? '';
  if (!text) throw badUserInput(argument, 'REQUIRED', 'must not be empty');
  if (text.length > max) throw badUserInput(argument, 'TOO_LONG', `at most ${max} characters`);
  return text;
}

export function optionalText(value: string | null | undefined, argument: string, max: number): string | null {
  const text = value?.trim() ?? '';
  if (text.length > max) throw badUserInput(argument, 'TOO_LONG', `at most ${max} characters`);
  return text || null;
}

/** The last day for feedback: the configured number of working days after the day of the check. */
export function feedbackDeadline(checkedOn: string, days = sanctionFeedbackWorkingDays()): string {
  return workingCalendar().addWorkingDays(checkedOn, days);
}

/**
 * The latest check day whose deadline is already past today: cases checked on or before it and
 * still without feedback are overdue. Deadlines never move backwards as the check day moves
 * forwards, so walking back from today finds it.
 */
export function overdueCutoff(today = shanghaiDate(), days = sanctionFeedbackWorkingDays()): string {
  let d = addCalendarDays(today, -1);
  while (feedbackDeadline(d, days) >= today) d = addCalendarDays(d, -1);
  return d;
}

export function feedbackModels(c: SanctionCaseRow, rows: readonly SanctionFeedbackRow[]): FeedbackModel[] {
  const deadline = feedbackDeadline(c.checkedOn);
  return rows.map((row, i) => ({ row, correction: i > 0, late: shanghaiDate(new Date(row.reportedAt)) > deadline }));
}

/** A department reads the cases it opened; other government-internal callers read all. */
export function mayReadCase(caller: Caller, c: SanctionCaseRow): boolean {
  const { principal } = caller;
  if (!principal.scopes.has('gov:internal')) return false;
  return principal.kind !== 'department' || principal.id === c.departmentCode;
}

export function caseOwnedBy(caller: Caller, c: SanctionCaseRow): void {
  const { principal } = caller;
  if (principal.id !== c.departmentCode) {
    throw codedError('FORBIDDEN', 'only the department that opened the case reports on it', { reason: 'NOT_CASE_OWNER' });
  }
}
