import { taxCreditRating } from '../schema/business.ts';
import { administrativeLicence, administrativePenalty } from '../schema/government.ts';
import { dishonestJudgmentDebtor } from '../schema/judicial.ts';
import { legalPerson, naturalPerson } from '../schema/platform.ts';
import { wageArrearsRecord } from '../schema/social.ts';
import { insertJsonRows } from '../../subgraphs/kernel/bulk-insert.ts';
import { seedLifecycleDemo } from './lifecycle.ts';
import type { Drizzle } from '../../subgraphs/kernel/db.ts';
import { idNumberCheckChar, maskIdNumber, personIdFor } from '../../subgraphs/kernel/id-number.ts';
import { embeddedOrganizationCode, type LegalPersonCodeRow, recordLegalPersonCodes } from '../../subgraphs/kernel/legal-person-codes.ts';
import { completeUscc, legalPersonKind, organizationCodeCheckChar } from '../../subgraphs/kernel/uscc.ts';
import { department } from '../schema/access.ts';
import { businessSectorRecord } from '../schema/business.ts';
import { governmentSectorRecord } from '../schema/government.ts';
import { judicialSectorRecord } from '../schema/judicial.ts';
import { socialSectorRecord } from '../schema/social.ts';
import { seedSanctionMeasures } from './sanction-measures.ts';
import { seedDemoPartner } from './partners.ts';
import { type SectorDomain, type SectorRecordInsert, sectorRecord } from './sector-records.ts';
import { AUTHORITIES, FIXED_PUBLIC_BODIES, INTERMEDIATE_COURT, personName } from './names.ts';
import { Random, STREAM } from './random.ts';
import {
  type DebtorInsert,
  dishonestDebtor,
  DocumentCounters,
  licence,
  type LicenceInsert,
  penalty,
  type PenaltyInsert,
  type Subject,
  taxRatings,
  type TaxRatingInsert,
  wageArrears,
  type WageArrearsInsert,
} from './records.ts';
import {
  generateLegalPerson,
  generateNaturalPerson,
  type GeneratedLegalPerson,
  type LegalPersonInsert,
  type NaturalPersonInsert,
  naturalPersonRow,
  oldOrganizationCodeBody,
  registrationNumberCheckDigit,
  registrationNumberOf,
  USCC_START,
} from './subjects.ts';

/**
 * Deterministic demo/benchmark seed. Subjects are generated and inserted chunk by chunk, so a
 * million legal persons need no more memory than one chunk; every row is a function of
 * (seed, index) plus document counters that advance in a fixed order, so the same
 * (legalPersons, seed) gives the same rows, ids of natural persons included.
 */

export interface SeedOptions {
  /** Legal persons in the registry when done, the fixed authorities, courts and showcase included. */
  legalPersons: number;
  seed?: number;
  /** Key of the ID-number hashes; must be the key the platform looks persons up with. */
  idHashKey: string;
  /** Called after each chunk with subjects (legal + natural) done and total; `rows` counts every inserted row. */
  onProgress?: (done: number, total: number, rows: number) => void;
  /** Legal persons per chunk (each chunk is one transaction). */
  chunkSize?: number;
}

export interface SeedSummary {
  seed: number;
  legalPersons: number;
  legacyCodes: number;
  naturalPersons: number;
  administrativePenalties: number;
  administrativeLicences: number;
  taxCreditRatings: number;
  wageArrearsRecords: number;
  dishonestJudgmentDebtors: number;
  /** Sector records of all four domains. */
  sectorRecords: number;
  totalRows: number;
}

export const DEFAULT_SEED = 1;

// ---- showcase subjects: fixed whatever the seed and size, for docs and tests ----

/** Seed of the showcase's own records: independent of the run's seed so docs can quote them. */
const SHOWCASE_SEED = 20_190_601;

/** First `01xxxxxx` body from `start` whose USCC ends with `want` (or any, when `want` is absent). */
function fixedUscc(authorityAndType: string, division: string, start: number, want?: string): string {
  for (let n = start; ; n++) {
    const uscc = completeUscc(`${authorityAndType}${division}01${String(n).padStart(6, '0')}`);
    if (!want || uscc.endsWith(want)) return uscc;
  }
}

function showcaseIdNumber(): string {
  // Sequence 051 lies in the 000–099 range generated persons never use; an odd 17th digit: a man.
  const body = '21020219850315051';
  return body + idNumberCheckChar(body);
}

const SHOWCASE_ENTERPRISE_USCC = fixedUscc('91', '210202', 201_206, '0');
/** Serial `0…` lies outside generated registration numbers (1xxxxxxx–9xxxxxxx). */
const SHOWCASE_REGISTRATION_NUMBER = (() => {
  const body = '210202' + '01206180';
  return body + registrationNumberCheckDigit(body);
})();

/**
 * Fixed subjects every seed contains, created before the generated ones. The enterprise has
 * records in all four domains and a USCC whose check character is '0' (the case one popular
 * validator gets wrong, DOMAIN.md). `idNumber` of the person is synthetic demo data, exported so
 * tests can exercise lookup by ID number; the database holds only its hash and masked form.
 */
export const SHOWCASE = {
  enterprise: {
    uscc: SHOWCASE_ENTERPRISE_USCC,
    name: '大连港湾示范科技有限公司',
    legalRepresentative: '王海明',
    divisionCode: '210202',
    industryCode: 'C',
    registrationDate: '2012-06-18',
    /** Its old organisation code: characters 9–17 of the USCC (registered before 2015). */
    organizationCode: SHOWCASE_ENTERPRISE_USCC.slice(8, 17),
    registrationNumber: SHOWCASE_REGISTRATION_NUMBER,
    records: { penalties: 2, licences: 3, taxRatings: 4, wageArrears: 1, dishonestDebtors: 1 },
  },
  socialOrganization: {
    uscc: fixedUscc('51', '210200', 201_301),
    name: '大连市港湾示范信用促进会',
    records: { licences: 1 },
  },
  publicBody: {
    uscc: fixedUscc('12', '210202', 201_401),
    name: '大连市中山区港湾示范社区卫生服务中心',
    records: { licences: 1 },
  },
  naturalPerson: {
    name: '刘志强',
    idNumber: showcaseIdNumber(),
    idNumberMasked: maskIdNumber(showcaseIdNumber()),
    divisionCode: '210202',
    birthYear: 1985,
    records: { penalties: 1, dishonestDebtors: 1 },
  },
} as const;

/** The showcase person's id under a key: the keyed pseudonym of its ID number. */
export function showcasePersonId(idHashKey: string): string {
  return personIdFor(SHOWCASE.naturalPerson.idNumber, idHashKey);
}

/** Rows of one chunk, in foreign-key order. */
class Batch {
  legalPersons: LegalPersonInsert[] = [];
  /** Old codes (counted as legacy codes) and the organisation code inside every USCC, for the kernel's identifier store. */
  legacyCodes: LegalPersonCodeRow[] = [];
  naturalPersons: NaturalPersonInsert[] = [];
  penalties: PenaltyInsert[] = [];
  licences: LicenceInsert[] = [];
  taxRatings: TaxRatingInsert[] = [];
  wageArrears: WageArrearsInsert[] = [];
  debtors: DebtorInsert[] = [];
  sectorRecords: Record<SectorDomain, SectorRecordInsert[]> = { government: [], business: [], social: [], judicial: [] };
}

const SECTOR_TABLES = { government: governmentSectorRecord, business: businessSectorRecord, social: socialSectorRecord, judicial: judicialSectorRecord };

async function flush(db: Drizzle, batch: Batch, summary: SeedSummary): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Drizzle;
    await insertJsonRows(t, legalPerson, batch.legalPersons);
    await recordLegalPersonCodes(t, [...batch.legacyCodes, ...batch.legalPersons.map((p) => embeddedOrganizationCode(p.uscc))]);
    await insertJsonRows(t, naturalPerson, batch.naturalPersons);
    await insertJsonRows(t, administrativePenalty, batch.penalties);
    await insertJsonRows(t, administrativeLicence, batch.licences);
    await insertJsonRows(t, taxCreditRating, batch.taxRatings);
    await insertJsonRows(t, wageArrearsRecord, batch.wageArrears);
    await insertJsonRows(t, dishonestJudgmentDebtor, batch.debtors);
    for (const [domain, table] of Object.entries(SECTOR_TABLES)) await insertJsonRows(t, table, batch.sectorRecords[domain as SectorDomain]);
  });
  summary.sectorRecords += Object.values(batch.sectorRecords).reduce((n, r) => n + r.length, 0);
  summary.legalPersons += batch.legalPersons.length;
  summary.legacyCodes += batch.legacyCodes.length;
  summary.naturalPersons += batch.naturalPersons.length;
  summary.administrativePenalties += batch.penalties.length;
  summary.administrativeLicences += batch.licences.length;
  summary.taxCreditRatings += batch.taxRatings.length;
  summary.wageArrearsRecords += batch.wageArrears.length;
  summary.dishonestJudgmentDebtors += batch.debtors.length;
  summary.totalRows =
    summary.legalPersons + summary.legacyCodes + summary.naturalPersons + summary.administrativePenalties +
    summary.administrativeLicences + summary.taxCreditRatings + summary.wageArrearsRecords + summary.dishonestJudgmentDebtors +
    summary.sectorRecords;
}

function legalPersonSubject(row: GeneratedLegalPerson['row'], audience: Subject['audience']): Subject {
  return {
    uscc: row.uscc,
    personId: null,
    name: row.name,
    category: row.uscc.startsWith('92') ? 'INDIVIDUAL_BUSINESS' : 'LEGAL_PERSON',
    legalRepresentative: row.legalRepresentative ?? null,
    audience,
    division: row.divisionCode,
    industry: row.industryCode ?? 'S',
    since: row.registrationDate,
  };
}

function personSubject(row: NaturalPersonInsert & { id: string; name: string; divisionCode: string }): Subject {
  return {
    uscc: null,
    personId: row.id,
    name: row.name,
    category: 'NATURAL_PERSON',
    legalRepresentative: null,
    audience: 'person',
    division: row.divisionCode,
    industry: '',
    since: `${(row.birthYear ?? 1980) + 18}-01-01`,
  };
}

function push<T>(into: T[], row: T | null): void {
  if (row) into.push(row);
}

/** 1 most often, sometimes 2 or 3: how many decisions a subject with any has. */
function recordCount(rng: Random, max: number): number {
  const r = rng.next();
  return r < 0.55 ? 1 : Math.min(max, r < 0.8 ? 2 : r < 0.93 ? 3 : 4);
}

/** Records of a generated legal person, drawn from its own generator in a fixed order. */
function addLegalPersonRecords(g: GeneratedLegalPerson, index: number, batch: Batch, docs: DocumentCounters): void {
  const { row, rng, group } = g;
  const registered = group === 'enterprise' || group === 'individual' || group === 'cooperative';
  const subject = legalPersonSubject(row, registered ? (group === 'individual' ? 'individual' : 'enterprise') : group);
  if (registered) {
    if (row.registrationDate < USCC_START) {
      batch.legacyCodes.push({ code: registrationNumberOf(index, row.divisionCode), codeType: 'REGISTRATION_NUMBER', uscc: row.uscc, source: 'OLD_CODE' });
    }
    if (rng.chance(0.03)) {
      const body = oldOrganizationCodeBody(index);
      batch.legacyCodes.push({ code: body + organizationCodeCheckChar(body), codeType: 'ORGANIZATION_CODE', uscc: row.uscc, source: 'OLD_CODE' });
    }
    if (rng.chance(0.3)) for (let n = recordCount(rng, 3); n > 0; n--) push(batch.penalties, penalty(rng, subject, docs));
    if (rng.chance(0.5)) for (let n = recordCount(rng, 4); n > 0; n--) push(batch.licences, licence(rng, subject, docs));
    if (group !== 'individual' && rng.chance(0.7)) batch.taxRatings.push(...taxRatings(rng, subject));
    const arrears = subject.industry === 'E' ? 0.12 : subject.industry === 'K' ? 0.06 : 'CGH'.includes(subject.industry) ? 0.025 : 0.01;
    if (rng.chance(arrears)) batch.wageArrears.push(wageArrears(rng, subject, docs));
    if (rng.chance(0.02)) batch.debtors.push(dishonestDebtor(rng, subject, docs));
    if (rng.chance(0.08)) push(batch.sectorRecords.business, sectorRecord(rng, subject, 'business', docs));
    if (rng.chance(0.03)) push(batch.sectorRecords.social, sectorRecord(rng, subject, 'social', docs));
    if (rng.chance(0.02)) push(batch.sectorRecords.judicial, sectorRecord(rng, subject, 'judicial', docs));
  } else if (group === 'social') {
    if (rng.chance(0.05)) push(batch.sectorRecords.social, sectorRecord(rng, subject, 'social', docs, { sector: 'SOCIAL_ORGANIZATION' }));
    if (rng.chance(0.4)) for (let n = rng.int(1, 2); n > 0; n--) push(batch.licences, licence(rng, subject, docs));
    if (rng.chance(0.03)) push(batch.penalties, penalty(rng, subject, docs));
  } else {
    if (rng.chance(0.5)) push(batch.licences, licence(rng, subject, docs));
    if (rng.chance(0.05)) push(batch.penalties, penalty(rng, subject, docs));
    if (rng.chance(0.04)) push(batch.sectorRecords.government, sectorRecord(rng, subject, 'government', docs, { sector: 'GOVERNMENT_DISHONESTY' }));
  }
}

/** The fixed authorities and courts, then the showcase subjects with their records. */
function fixedSubjects(batch: Batch, docs: DocumentCounters, idHashKey: string): void {
  FIXED_PUBLIC_BODIES.forEach((a, k) => {
    const rng = Random.forRow(SHOWCASE_SEED, STREAM.showcase, 1_000 + k);
    batch.legalPersons.push({
      uscc: a.uscc,
      name: a.name,
      kind: legalPersonKind(a.uscc),
      divisionCode: a.division,
      industryCode: 'S',
      registrationDate: rng.date('1995-01-01', '2014-12-31'),
      status: 'ACTIVE',
      legalRepresentative: personName(rng),
    });
  });

  const rng = Random.forRow(SHOWCASE_SEED, STREAM.showcase, 0);
  const e = SHOWCASE.enterprise;
  const enterprise = {
    uscc: e.uscc, name: e.name, kind: legalPersonKind(e.uscc), divisionCode: e.divisionCode, industryCode: e.industryCode,
    registrationDate: e.registrationDate, status: 'ACTIVE', legalRepresentative: e.legalRepresentative,
  };
  const so = SHOWCASE.socialOrganization;
  const social = {
    uscc: so.uscc, name: so.name, kind: legalPersonKind(so.uscc), divisionCode: '210200', industryCode: 'S',
    registrationDate: '2016-03-22', status: 'ACTIVE', legalRepresentative: '孙丽娜',
  };
  const pb = SHOWCASE.publicBody;
  const body = {
    uscc: pb.uscc, name: pb.name, kind: legalPersonKind(pb.uscc), divisionCode: '210202', industryCode: 'S',
    registrationDate: '2008-09-01', status: 'ACTIVE', legalRepresentative: '于建华',
  };
  batch.legalPersons.push(enterprise, social, body);
  batch.legacyCodes.push({ code: e.registrationNumber, codeType: 'REGISTRATION_NUMBER', uscc: e.uscc, source: 'OLD_CODE' });

  const es = legalPersonSubject(enterprise, 'enterprise');
  const times = (n: number, make: () => void) => Array.from({ length: n }, make);
  // Recent decisions, so the public interface shows them inside their publication window.
  times(e.records.penalties, () => push(batch.penalties, penalty(rng, es, docs, { recent: true })));
  times(e.records.licences, () => push(batch.licences, licence(rng, es, docs)));
  // Its latest two years are A grades, so the public list (A级纳税人名单) shows it too.
  const ratings = taxRatings(rng, es, e.records.taxRatings);
  batch.taxRatings.push(...ratings.map((r, i) => (i >= ratings.length - 2 ? { ...r, grade: 'A' } : r)));
  batch.wageArrears.push(wageArrears(rng, es, docs));
  batch.debtors.push(dishonestDebtor(rng, es, docs));
  push(batch.licences, licence(rng, legalPersonSubject(social, 'social'), docs));
  push(batch.licences, licence(rng, legalPersonSubject(body, 'public'), docs));
  // A record in every domain's sector list, recent enough to be in its public window.
  for (const domain of ['business', 'social', 'judicial'] as const) push(batch.sectorRecords[domain], sectorRecord(rng, es, domain, docs, { recent: true }));
  push(batch.sectorRecords.government, sectorRecord(rng, legalPersonSubject(body, 'public'), 'government', docs, { recent: true, sector: 'GOVERNMENT_DISHONESTY' }));

  const p = SHOWCASE.naturalPerson;
  const person = naturalPersonRow(p.name, p.idNumber, idHashKey);
  batch.naturalPersons.push(person);
  const ps = personSubject(person);
  push(batch.penalties, penalty(rng, ps, docs));
  batch.debtors.push(dishonestDebtor(rng, ps, docs));
  push(batch.sectorRecords.social, sectorRecord(rng, ps, 'social', docs, { recent: true, sector: 'EDUCATION' }));
  push(batch.sectorRecords.judicial, sectorRecord(rng, ps, 'judicial', docs, { recent: true, sector: 'TRAFFIC_SAFETY' }));
  push(batch.sectorRecords.government, sectorRecord(rng, ps, 'government', docs, { recent: true, sector: 'CIVIL_SERVANT_INTEGRITY' }));
}

/** Fixed subjects counted against `legalPersons`. */
export const FIXED_LEGAL_PERSONS = FIXED_PUBLIC_BODIES.length + 3;

/**
 * The demo's registered data suppliers: the city bureaus and the intermediate court, each allowed
 * to submit to the domains its records belong to. Codes are `dl-<bureau>`.
 */
export const DEMO_DEPARTMENTS = [
  ...Object.entries(AUTHORITIES).map(([key, a]) => ({
    code: `dl-${key}`,
    name: a.name,
    uscc: a.uscc,
    writeDomains: key === 'tax' ? ['business'] : key === 'hrss' ? ['government', 'social'] : key === 'police' ? ['government', 'judicial'] : ['government', 'business', 'social'],
  })),
  { code: 'dl-court', name: INTERMEDIATE_COURT.name, uscc: INTERMEDIATE_COURT.uscc, writeDomains: ['judicial'] },
];

export async function seed(db: Drizzle, options: SeedOptions): Promise<SeedSummary> {
  await db.insert(department).values(DEMO_DEPARTMENTS).onConflictDoNothing();
  await seedSanctionMeasures(db);
  const seedValue = options.seed ?? DEFAULT_SEED;
  const chunkSize = Math.max(1, options.chunkSize ?? 2_000);
  const generatedLegal = Math.max(0, options.legalPersons - FIXED_LEGAL_PERSONS);
  const generatedNatural = Math.floor(options.legalPersons / 10);
  const total = FIXED_LEGAL_PERSONS + 1 + generatedLegal + generatedNatural;
  const summary: SeedSummary = {
    seed: seedValue, legalPersons: 0, legacyCodes: 0, naturalPersons: 0, administrativePenalties: 0,
    administrativeLicences: 0, taxCreditRatings: 0, wageArrearsRecords: 0, dishonestJudgmentDebtors: 0, sectorRecords: 0, totalRows: 0,
  };
  const docs = new DocumentCounters();
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total, summary.totalRows);
  };

  let batch = new Batch();
  fixedSubjects(batch, docs, options.idHashKey);
  await flush(db, batch, summary);
  progress(FIXED_LEGAL_PERSONS + 1);

  for (let start = 0; start < generatedLegal; start += chunkSize) {
    batch = new Batch();
    const end = Math.min(generatedLegal, start + chunkSize);
    for (let i = start; i < end; i++) {
      const g = generateLegalPerson(seedValue, i);
      batch.legalPersons.push(g.row);
      addLegalPersonRecords(g, i, batch, docs);
    }
    await flush(db, batch, summary);
    progress(end - start);
  }

  for (let start = 0; start < generatedNatural; start += chunkSize) {
    batch = new Batch();
    const end = Math.min(generatedNatural, start + chunkSize);
    for (let j = start; j < end; j++) {
      const { row, rng } = generateNaturalPerson(seedValue, j, options.idHashKey);
      batch.naturalPersons.push(row);
      const subject = personSubject(row);
      if (rng.chance(0.02)) push(batch.penalties, penalty(rng, subject, docs));
      if (rng.chance(0.03)) batch.debtors.push(dishonestDebtor(rng, subject, docs));
      if (rng.chance(0.03)) push(batch.sectorRecords.social, sectorRecord(rng, subject, 'social', docs));
      if (rng.chance(0.03)) push(batch.sectorRecords.judicial, sectorRecord(rng, subject, 'judicial', docs));
      if (rng.chance(0.01)) push(batch.sectorRecords.government, sectorRecord(rng, subject, 'government', docs, { sector: 'CIVIL_SERVANT_INTEGRITY' }));
    }
    await flush(db, batch, summary);
    progress(end - start);
  }
  summary.totalRows += await seedLifecycleDemo(db, SHOWCASE.enterprise.uscc);
  summary.totalRows += await seedDemoPartner(db, SHOWCASE.enterprise.uscc);
  return summary;
}
