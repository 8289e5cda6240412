import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema, isEnumType, isObjectType } from 'graphql';
import { readRequirements } from './auth/requirements.ts';
import { LIST_TYPES, type ListingDomain, type ListingRule, type ListType } from './listings.ts';
import { PUBLICATION_PERIODS } from './publication.ts';

/**
 * The public credit information catalog (公共信用信息目录, task 1): which record types exist, in
 * which domain, which fields are public, authorized or internal, and how long negative ones are
 * published. Fields and their access classes come from the SDL; only what the SDL cannot say
 * (names, tasks, which enum holds the sectors) is configured here.
 */
export interface RecordTypeConfig {
  type: string;
  domain: 'government' | 'business' | 'social' | 'judicial';
  name: string;
  tasks: number[];
  /** The enum of the record's sectors, for sector record types. */
  sectorEnum?: string;
  /** Whether the type holds negative records, which have publication periods. */
  negative: boolean;
}

export const RECORD_TYPES: readonly RecordTypeConfig[] = [
  { type: 'AdministrativeLicence', domain: 'government', name: '行政许可 (双公示)', tasks: [6], negative: false },
  { type: 'AdministrativePenalty', domain: 'government', name: '行政处罚 (双公示)', tasks: [6], negative: true },
  { type: 'GovernmentRecord', domain: 'government', name: '政务失信记录与公务员诚信档案', tasks: [21, 22], sectorEnum: 'GovernmentSector', negative: true },
  { type: 'TaxCreditRating', domain: 'business', name: '纳税信用等级', tasks: [26], negative: false },
  { type: 'BusinessRecord', domain: 'business', name: '商务诚信行业信用记录', tasks: [15, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35], sectorEnum: 'BusinessSector', negative: true },
  { type: 'WageArrearsRecord', domain: 'social', name: '拖欠农民工工资', tasks: [37], negative: true },
  { type: 'SocialRecord', domain: 'social', name: '社会诚信行业信用记录', tasks: [36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47], sectorEnum: 'SocialSector', negative: true },
  { type: 'DishonestJudgmentDebtor', domain: 'judicial', name: '失信被执行人', tasks: [48], negative: true },
  { type: 'JudicialRecord', domain: 'judicial', name: '司法公信行业信用记录', tasks: [48, 49, 50, 51], sectorEnum: 'JudicialSector', negative: true },
];

export type AccessClass = 'PUBLIC' | 'AUTHORIZED' | 'INTERNAL';

export interface CatalogEntry {
  recordType: string;
  domain: string;
  name: string;
  tasks: number[];
  sectors: { code: string; description: string | null }[];
  fields: { name: string; description: string | null; access: AccessClass }[];
  publicationPeriods: { severity: string; minMonths: number; maxMonths: number; publicByDefault: boolean }[];
}

/** Builds the catalog from the composed supergraph SDL. */
export function buildCatalog(supergraphSdl: string): CatalogEntry[] {
  const schema: GraphQLSchema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  const requirements = readRequirements(schema);
  return RECORD_TYPES.map((config) => {
    const type = schema.getType(config.type);
    if (!isObjectType(type)) throw new Error(`catalog: ${config.type} is not an object type of the supergraph`);
    const sectorEnum = config.sectorEnum ? schema.getType(config.sectorEnum) : null;
    if (config.sectorEnum && !isEnumType(sectorEnum)) throw new Error(`catalog: ${config.sectorEnum} is not an enum of the supergraph`);
    return {
      recordType: config.type,
      domain: config.domain,
      name: config.name,
      tasks: config.tasks,
      sectors: isEnumType(sectorEnum) ? sectorEnum.getValues().map((v) => ({ code: v.name, description: v.description ?? null })) : [],
      fields: Object.values(type.getFields()).map((f) => {
        const req = requirements.get(`${config.type}.${f.name}`);
        const access: AccessClass = !req ? 'PUBLIC' : req.policies?.some((p) => p.includes('subject-consent')) ? 'AUTHORIZED' : 'INTERNAL';
        return { name: f.name, description: f.description ?? null, access };
      }),
      publicationPeriods: config.negative
        ? Object.entries(PUBLICATION_PERIODS).map(([severity, p]) => ({ severity, ...p }))
        : [],
    };
  });
}

let committed: CatalogEntry[] | undefined;

/** The catalog of the committed supergraph, which changes only with a deployment: built once. */
export function committedCatalog(): CatalogEntry[] {
  committed ??= buildCatalog(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
  return committed;
}

/**
 * A listing rule as the catalog publishes it (名单认定标准): which records of which domain put a
 * subject on which list. Read from the rules the listings are computed by, never restated.
 */
export interface CatalogListingRule {
  code: string;
  /** A domain, or cross_region for the rules by which partner cities' results list a subject here. */
  domain: ListingDomain | 'cross_region';
  /** The list; every list type where the record itself names it (listing decisions). */
  listTypes: ListType[];
  /** 名单名称; null where each record names its list. */
  listName: string | null;
  recordType: string;
  description: string;
}

export function listingRuleCatalog(rules: Readonly<Record<ListingDomain, readonly ListingRule[]>>): CatalogListingRule[] {
  return (Object.entries(rules) as [ListingDomain, readonly ListingRule[]][]).flatMap(([domain, list]) =>
    list.map((r) => ({
      code: r.code,
      domain,
      listTypes: typeof r.listType === 'string' ? [r.listType] : [...LIST_TYPES],
      listName: typeof r.listName === 'string' ? r.listName : null,
      recordType: r.recordType,
      description: r.description,
    })),
  );
}
