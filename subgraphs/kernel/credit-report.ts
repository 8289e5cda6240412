import type { GraphQLSchema } from 'graphql';
import { fieldDecision, type Subject } from './auth/evaluate.ts';
import type { RequestAccess } from './auth/request-access.ts';
import { type AccessRequirement, readRequirements } from './auth/requirements.ts';
import { toGlobalId } from './global-id.ts';
import type { CreditListing, ListingDomain } from './listings.ts';
import type { SectorRecordRow } from './sector-records.ts';

/**
 * What every domain does the same way to contribute its parts of a credit report (信用报告): the
 * access level of the caller, decided by the very rules of the fields the parts draw on, and the
 * items of the record kinds every domain shares. The platform assembles and signs the parts.
 */

export type ReportSectionKey = 'BASIC' | 'LICENCES_AND_PENALTIES' | 'LISTS' | 'COMMITMENTS' | 'JUDICIAL' | 'EVALUATION' | 'OTHER';
export const REPORT_SECTION_ORDER: readonly ReportSectionKey[] = ['BASIC', 'LICENCES_AND_PENALTIES', 'LISTS', 'COMMITMENTS', 'JUDICIAL', 'EVALUATION', 'OTHER'];
export type ReportAccessLevel = 'PUBLIC' | 'AUTHORIZED' | 'INTERNAL';
export const REPORT_ACCESS_LEVELS: readonly ReportAccessLevel[] = ['PUBLIC', 'AUTHORIZED', 'INTERNAL'];

/** Items a part holds at most (the SDL's @listSize on ReportPart.items); `totalCount` says how many there are at the caller's level. */
export const REPORT_PART_ITEMS = 50;

export interface ReportFact {
  name: string;
  value: string;
}

export interface ReportItem {
  recordId: string | null;
  recordType: string;
  title: string;
  date: string | null;
  authority: string | null;
  status: string | null;
  facts: ReportFact[];
}

export interface ReportPart {
  section: ReportSectionKey;
  source: string;
  title: string;
  accessLevel: ReportAccessLevel;
  totalCount: number;
  items: ReportItem[];
}

/** Facts with a value; empty and missing values are left out so the document stays small. */
export function facts(pairs: Record<string, string | number | null | undefined>): ReportFact[] {
  return Object.entries(pairs).flatMap(([name, value]) => (value === null || value === undefined || value === '' ? [] : [{ name, value: String(value) }]));
}

const requirementCache = new WeakMap<GraphQLSchema, Map<string, AccessRequirement>>();

function requirementOf(schema: GraphQLSchema, coordinate: string): AccessRequirement | undefined {
  let map = requirementCache.get(schema);
  if (!map) {
    map = readRequirements(schema);
    requirementCache.set(schema, map);
  }
  return map.get(coordinate);
}

/**
 * One request's view of what its caller may read of one subject in a report. A protected
 * coordinate is decided exactly as the field itself would be (its SDL directives, consent,
 * agency standing); a report degrades to what is allowed instead of failing. Whatever is read
 * is registered in the query log under the field's own coordinate, like any protected read.
 */
export class ReportAccess {
  private readonly decisions = new Map<string, Promise<boolean>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly access: RequestAccess,
    readonly subject: Subject,
  ) {}

  may(coordinate: string): Promise<boolean> {
    let decision = this.decisions.get(coordinate);
    if (!decision) {
      const requirement = requirementOf(this.schema, coordinate);
      if (!requirement) throw new Error(`${coordinate} is not a protected field of this schema`);
      decision = fieldDecision(this.access.caller, requirement, this.subject, this.access).then((d) => d.allowed);
      this.decisions.set(coordinate, decision);
    }
    return decision;
  }

  /** Whether the records on file behind `coordinate` (a protected list) go in; registered when they do. */
  async onFile(coordinate: string): Promise<boolean> {
    const allowed = await this.may(coordinate);
    if (allowed) this.access.register(this.subject, coordinate);
    return allowed;
  }

  /** Whether the internal fields `coordinates` (e.g. every record type's receivedAt) go in; registered when they do. */
  async internal(coordinates: readonly string[]): Promise<boolean> {
    const allowed = (await Promise.all(coordinates.map((c) => this.may(c)))).every(Boolean);
    if (allowed) for (const c of coordinates) this.access.register(this.subject, c);
    return allowed;
  }
}

/** A domain's level, from what its parts may show. */
export function levelOf(onFile: boolean, internal: boolean): ReportAccessLevel {
  return onFile ? (internal ? 'INTERNAL' : 'AUTHORIZED') : 'PUBLIC';
}

/** The parts a domain contributes, for a report on the legal person `uscc`. */
export function reportAccess(schema: GraphQLSchema, access: RequestAccess, uscc: string): ReportAccess {
  return new ReportAccess(schema, access, { type: 'LEGAL_PERSON', id: uscc });
}

/** 接收时间 is internal (gov:internal on every record type): shown only at the internal level. */
export function receivedFact(internal: boolean, receivedAt: Date | string | null | undefined): ReportFact[] {
  if (!internal || !receivedAt) return [];
  return [{ name: '接收时间', value: receivedAt instanceof Date ? receivedAt.toISOString() : new Date(receivedAt).toISOString() }];
}

/** A sector record (行业信用记录) of any domain as a report item. */
export function sectorRecordItem(domain: ListingDomain, recordType: string, row: SectorRecordRow, internal: boolean): ReportItem {
  return {
    recordId: toGlobalId(domain, recordType, row.id),
    recordType,
    title: row.title,
    date: row.decisionDate,
    authority: row.authorityName,
    status: row.status,
    facts: [
      ...facts({
        行业: row.sector,
        类别: row.category,
        性质: row.polarity,
        严重程度: row.severity,
        事实: row.facts,
        依据: row.legalBasis,
        处理结果: row.outcome,
        金额: row.amount,
        文书号: row.documentNumber,
        公示日期: row.publishedDate,
        公示截止日期: row.publicationEndDate,
        数据来源: row.sourceName,
      }),
      ...receivedFact(internal, row.receivedAt),
    ],
  };
}

const LIST_TYPE_NAMES: Record<string, string> = { RED: '红名单', KEY_ATTENTION: '重点关注名单', BLACK: '黑名单' };

/** A listing (联合奖惩名单) as a report item; its evidence is named by record ids. */
export function listingItem(listing: CreditListing): ReportItem {
  return {
    recordId: null,
    recordType: 'CreditListing',
    title: listing.listName,
    date: listing.since,
    authority: listing.authorityName,
    status: listing.listType,
    facts: facts({
      名单类型: LIST_TYPE_NAMES[listing.listType] ?? listing.listType,
      认定规则: listing.rule,
      列入日期: listing.since,
      移出日期: listing.until,
      依据记录: listing.evidenceRecordIds.join(', '),
    }),
  };
}

/** A domain's LISTS part: the lists its records put the subject on now (public, as the lists are published). */
export function listingsPart(domain: ListingDomain, title: string, listings: readonly CreditListing[]): ReportPart {
  return { section: 'LISTS', source: domain.toUpperCase(), title, accessLevel: 'PUBLIC', totalCount: listings.length, items: listings.slice(0, REPORT_PART_ITEMS).map(listingItem) };
}

/** A part from one page of a record list. */
export function part(section: ReportSectionKey, source: string, title: string, accessLevel: ReportAccessLevel, totalCount: number, items: ReportItem[]): ReportPart {
  return { section, source, title, accessLevel, totalCount, items };
}

/** A part made from the first page of a record list (at most REPORT_PART_ITEMS items). */
export async function listPart<TRow>(
  section: ReportSectionKey,
  source: string,
  title: string,
  accessLevel: ReportAccessLevel,
  page: Promise<{ edges: { node: TRow }[]; totalCount: number }>,
  item: (row: TRow) => ReportItem,
): Promise<ReportPart> {
  const { edges, totalCount } = await page;
  return part(section, source, title, accessLevel, totalCount, edges.map((e) => item(e.node)));
}
