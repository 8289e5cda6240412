import { penaltySeverity } from '../../subgraphs/government/severity.ts';
import { workingCalendar } from '../../subgraphs/kernel/calendar.ts';
import { publicationWindow } from '../../subgraphs/kernel/publication.ts';
import { taxCreditRating } from '../schema/business.ts';
import { administrativeLicence, administrativePenalty } from '../schema/government.ts';
import { dishonestJudgmentDebtor } from '../schema/judicial.ts';
import { wageArrearsRecord } from '../schema/social.ts';
import {
  AUTHORITIES,
  type Authority,
  type AuthorityKey,
  CREDITOR_BANKS,
  DISTRICT_COURTS,
  DISTRICT_MARKET_BUREAUS,
  INTERMEDIATE_COURT,
  PROJECT_WORDS,
  personName,
} from './names.ts';
import { addDays, addYears, deriveSeed, maxDate, minDate, type Random, weighted, type Weighted } from './random.ts';
import {
  type Audience,
  chineseDate,
  DISHONEST_CONDUCT,
  LICENCE_REMARKS,
  LICENCE_TEMPLATES,
  type LicenceTemplate,
  PENALTY_REMARKS,
  PENALTY_TEMPLATES,
  type PenaltyCategory,
  type PenaltyTemplate,
  WAGE_ARREARS_REMARKS,
} from './templates.ts';

/** Builds the rows of each domain's records for one subject. Pure apart from the document counters. */

export type PenaltyInsert = typeof administrativePenalty.$inferInsert;
export type LicenceInsert = typeof administrativeLicence.$inferInsert;
export type TaxRatingInsert = typeof taxCreditRating.$inferInsert;
export type WageArrearsInsert = typeof wageArrearsRecord.$inferInsert;
export type DebtorInsert = typeof dishonestJudgmentDebtor.$inferInsert;

/** The latest date any record carries (the demo's "now" is late 2026). */
export const LAST_DATE = '2026-10-31';

/** A subject as the records see it: a legal person (uscc) or a natural person (personId). */
export interface Subject {
  uscc: string | null;
  personId: string | null;
  name: string;
  category: 'LEGAL_PERSON' | 'NATURAL_PERSON' | 'INDIVIDUAL_BUSINESS';
  legalRepresentative: string | null;
  audience: Audience;
  division: string;
  industry: string;
  /** Records never predate the subject (a natural person's "registration" is adulthood). */
  since: string;
}

/**
 * Sequence numbers of documents per (document kind, issuer, year), so every natural key
 * (authority, document number) and (court, case number) is unique. Each series starts at a
 * small offset derived from its key, as a real year's register rarely starts at 1 for the demo.
 */
export class DocumentCounters {
  private readonly next = new Map<string, number>();

  take(kind: string, issuerUscc: string, year: string): number {
    const key = `${kind}|${issuerUscc}|${year}`;
    let n = this.next.get(key);
    if (n === undefined) {
      let h = 0;
      for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
      n = 1 + (deriveSeed(h, 0, 0) % 40);
    }
    this.next.set(key, n + 1);
    return n;
  }
}

const PENALTY_PREFIX: Partial<Record<AuthorityKey, string>> = {
  market: '大市监罚', tax: '大税稽罚', ecology: '大环罚', emergency: '大应急罚', housing: '大住建罚',
  transport: '大交执法罚', health: '大卫健罚', police: '大公行罚决字', urban: '大城管罚', hrss: '大人社监罚',
};
const LICENCE_PREFIX: Partial<Record<AuthorityKey, string>> = {
  market: '大市监许', tax: '大税许', ecology: '大环许', emergency: '大应急许', housing: '大住建许', transport: '大交许',
  health: '大卫健许', education: '大教许', civil: '大民许', urban: '大城管许', hrss: '大人社许',
};

interface Issuing {
  authority: Authority;
  source: Authority;
  prefix: string;
}

/** Market regulation decides mostly at district level; the city bureau is then the data source. */
function issuing(rng: Random, issuer: AuthorityKey, division: string, prefixes: Partial<Record<AuthorityKey, string>>, suffix: string): Issuing {
  const bureau = DISTRICT_MARKET_BUREAUS[division];
  if (issuer === 'market' && rng.chance(0.65) && bureau) {
    return { authority: bureau, source: AUTHORITIES.market, prefix: `${bureau.abbreviation}市监${suffix}` };
  }
  const authority = AUTHORITIES[issuer];
  return { authority, source: authority, prefix: prefixes[issuer]! };
}

/** Weighted template tables per (audience, industry), built once: a draw is then a short scan. */
function tableFor<T extends { audience: readonly Audience[]; industries: string; weight: number }>(
  templates: readonly T[],
  subject: Subject,
  fits: (t: T) => boolean = () => true,
): Weighted<T> | null {
  const chosen = templates.filter(
    (t) => t.audience.includes(subject.audience) && (t.industries === '' || t.industries.includes(subject.industry)) && fits(t),
  );
  return chosen.length ? weighted(chosen.map((t) => [t, t.weight] as const)) : null;
}

function cached<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

const penaltyTables = new Map<string, Weighted<PenaltyTemplate> | null>();
const licenceTables = new Map<string, Weighted<LicenceTemplate> | null>();

/** Licence tables also depend on the name's ending (a hospital gets a practice licence, a shop not). */
function licenceTable(subject: Subject): Weighted<LicenceTemplate> | null {
  const endings = LICENCE_TEMPLATES.flatMap((t) => (t.nameEndsWith && t.audience.includes(subject.audience) ? t.nameEndsWith : []));
  const ending = endings.filter((e) => subject.name.endsWith(e)).join('+');
  return cached(licenceTables, `${subject.audience}|${subject.industry}|${ending}`, () =>
    tableFor(LICENCE_TEMPLATES, subject, (t) => !t.nameEndsWith || t.nameEndsWith.some((e) => subject.name.endsWith(e))),
  );
}

const CATEGORY_ORDER: readonly PenaltyCategory[] = [
  'WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'LICENCE_REVOCATION', 'BUSINESS_RESTRICTION', 'DETENTION', 'OTHER',
];

function dateAfter(rng: Random, since: string, from: string, to = LAST_DATE): string {
  const lo = maxDate(since, from);
  return lo >= to ? to : rng.date(lo, to);
}

/**
 * When the platform published a decision: mostly within the 7-working-day 双公示 deadline, about
 * one in six late, so timeliness statistics have something to show.
 */
function publication(rng: Random, decisionDate: string) {
  const publicationDeadline = workingCalendar().addWorkingDays(decisionDate, 7);
  const publishedDate = rng.chance(0.17)
    ? addDays(publicationDeadline, rng.int(1, 20))
    : minDate(addDays(decisionDate, rng.int(1, 7)), publicationDeadline);
  return { publishedDate, publicationDeadline };
}

/** `recent`: decided in the last half year and published, so it shows in the public window. */
export function penalty(rng: Random, subject: Subject, docs: DocumentCounters, options: { recent?: boolean } = {}): PenaltyInsert | null {
  const table = cached(penaltyTables, `${subject.audience}|${subject.industry}`, () => tableFor(PENALTY_TEMPLATES, subject));
  if (!table) return null;
  const t = rng.weighted(table);
  const decisionDate = options.recent ? rng.date('2026-05-01', '2026-10-15') : dateAfter(rng, addDays(subject.since, 30), '2019-01-01');
  const year = decisionDate.slice(0, 4);
  const { authority, source, prefix } = issuing(rng, t.issuer, subject.division, PENALTY_PREFIX, '罚');
  const categories = new Set<PenaltyCategory>(t.categories);
  for (const [c, p] of t.extra ?? []) if (rng.chance(p)) categories.add(c);
  const ordered = CATEGORY_ORDER.filter((c) => categories.has(c));
  const fineAmount = categories.has('FINE') && t.fine ? rng.yuan(t.fine[0], t.fine[1], t.fine[1] >= 10_000 ? 1_000 : 50) : null;
  const confiscatedAmount = categories.has('CONFISCATION') && t.confiscation ? `${rng.int(t.confiscation[0], t.confiscation[1])}.${String(rng.int(0, 99)).padStart(2, '0')}` : null;
  const licence = t.licence ?? '许可证件';
  const revokedLicence = categories.has('LICENCE_REVOCATION') || categories.has('SUSPENSION') ? `${licence}${subject.uscc ? `（${subject.uscc}）` : ''}` : null;
  const content = ordered
    .map((c) => {
      switch (c) {
        case 'WARNING': return '警告';
        case 'FINE': return `罚款人民币${fineAmount}元`;
        case 'CONFISCATION': return `没收违法所得人民币${confiscatedAmount}元`;
        case 'SUSPENSION': return `暂扣${licence}`;
        case 'LICENCE_REVOCATION': return `吊销${licence}`;
        case 'BUSINESS_RESTRICTION': return '责令停产整治';
        case 'DETENTION': return `行政拘留${rng.int(3, 10)}日`;
        default: return '责令改正';
      }
    })
    .join('；');
  const derived = t.severe ? 'SEVERE' : penaltySeverity(ordered, fineAmount, !subject.uscc);
  const severity = options.recent && derived === 'MINOR' ? 'GENERAL' : derived;
  const published = publication(rng, decisionDate);
  const publicationEndDate = publicationWindow(severity, published.publishedDate).end;
  return {
    subjectUscc: subject.uscc,
    subjectPersonId: subject.personId,
    subjectName: subject.name,
    subjectCategory: subject.category,
    legalRepresentative: subject.legalRepresentative,
    documentNumber: `${prefix}〔${year}〕${docs.take('penalty', authority.uscc, year)}号`,
    decisionDate,
    authorityName: authority.name,
    authorityUscc: authority.uscc,
    sourceName: source.name,
    sourceUscc: source.uscc,
    remarks: rng.chance(0.2) ? rng.pick(PENALTY_REMARKS) : null,
    violationType: t.violationType,
    violationFacts: t.facts(rng, subject.name, decisionDate),
    legalBasis: t.legalBasis,
    penaltyCategories: ordered,
    penaltyContent: `依据${t.legalBasis}，对当事人作出如下行政处罚：${content}。`,
    fineAmount,
    confiscatedAmount,
    revokedLicence,
    validUntil: categories.has('LICENCE_REVOCATION') ? '2099-12-31' : publicationEndDate,
    publicationEndDate,
    severity,
    ...published,
  };
}

export function licence(rng: Random, subject: Subject, docs: DocumentCounters): LicenceInsert | null {
  const table = licenceTable(subject);
  if (!table) return null;
  const t = rng.weighted(table);
  const decisionDate = dateAfter(rng, subject.since, '2017-01-01');
  const year = decisionDate.slice(0, 4);
  const { authority, source, prefix } = issuing(rng, t.issuer, subject.division, LICENCE_PREFIX, '许');
  const seq = docs.take('licence', authority.uscc, year);
  const validFrom = decisionDate;
  return {
    subjectUscc: subject.uscc,
    subjectPersonId: subject.personId,
    subjectName: subject.name,
    subjectCategory: subject.category,
    legalRepresentative: subject.legalRepresentative,
    documentNumber: `${prefix}〔${year}〕${seq}号`,
    decisionDate,
    authorityName: authority.name,
    authorityUscc: authority.uscc,
    sourceName: source.name,
    sourceUscc: source.uscc,
    remarks: rng.pick(LICENCE_REMARKS),
    ...publication(rng, decisionDate),
    documentName: t.documentName,
    licenceCategory: t.category,
    certificateName: t.certificateName,
    licenceNumber: t.licenceNumber({ rng, uscc: subject.uscc ?? '', division: subject.division, date: decisionDate, seq }),
    content: t.content(rng),
    validFrom,
    validTo: t.validYears === 0 ? '2099-12-31' : addDays(addYears(validFrom, t.validYears), -1),
  };
}

const GRADES = weighted([
  ['A', 30],
  ['B', 45],
  ['M', 10],
  ['C', 10],
  ['D', 5],
] as const);

/** 2–5 consecutive tax years ending by 2025; a subject's first year is rated M (new taxpayer). */
export function taxRatings(rng: Random, subject: Subject, count = rng.int(2, 5)): TaxRatingInsert[] {
  const firstPossible = Math.max(Number(subject.since.slice(0, 4)), 2014);
  if (firstPossible > 2024) return [];
  const last = rng.int(Math.max(firstPossible + 1, 2021), 2025);
  const first = Math.max(firstPossible, last - count + 1);
  const tax = AUTHORITIES.tax;
  const rows: TaxRatingInsert[] = [];
  for (let y = first; y <= last; y++) {
    const newTaxpayer = y === Number(subject.since.slice(0, 4));
    rows.push({
      subjectUscc: subject.uscc!,
      year: y,
      grade: newTaxpayer ? 'M' : rng.weighted(GRADES),
      authorityName: tax.name,
      authorityUscc: tax.uscc,
      publishedDate: `${y + 1}-04-${String(rng.int(1, 30)).padStart(2, '0')}`,
    });
  }
  return rows;
}

export function wageArrears(rng: Random, subject: Subject, docs: DocumentCounters): WageArrearsInsert {
  const decisionDate = dateAfter(rng, addDays(subject.since, 180), '2019-01-01');
  const year = decisionDate.slice(0, 4);
  const arrearsTo = addDays(decisionDate, -rng.int(20, 120));
  const arrearsFrom = addDays(arrearsTo, -rng.int(30, 330));
  const construction = subject.industry === 'E' || subject.industry === 'K';
  const workers = construction ? rng.int(8, 160) : rng.int(3, 40);
  const amountOwed = `${workers * rng.int(2_500, 18_000)}.00`;
  const settled = rng.chance(0.6);
  const settledDate = settled ? minDate(addDays(decisionDate, rng.int(5, 120)), LAST_DATE) : null;
  const hrss = AUTHORITIES.hrss;
  const where = construction ? `承建的${rng.pick(PROJECT_WORDS)}工程项目` : '';
  return {
    subjectUscc: subject.uscc!,
    subjectName: subject.name,
    legalRepresentative: subject.legalRepresentative,
    documentNumber: `大人社监察决〔${year}〕${docs.take('wage', hrss.uscc, year)}号`,
    decisionDate,
    amountOwed,
    workersAffected: workers,
    arrearsFrom,
    arrearsTo,
    facts: `经查，${subject.name}${where}自${chineseDate(arrearsFrom)}至${chineseDate(arrearsTo)}拖欠${workers}名${construction ? '农民工' : '劳动者'}工资共计${amountOwed}元，${rng.pick(WAGE_ARREARS_REMARKS)}。`,
    settlementStatus: settled ? 'SETTLED' : 'OUTSTANDING',
    settledDate,
    authorityName: hrss.name,
    authorityUscc: hrss.uscc,
  };
}

export function dishonestDebtor(rng: Random, subject: Subject, docs: DocumentCounters): DebtorInsert {
  const court = (rng.chance(0.82) && DISTRICT_COURTS[subject.division]) || INTERMEDIATE_COURT;
  const filingDate = dateAfter(rng, addDays(subject.since, 365), '2018-01-01', '2026-08-31');
  const year = filingDate.slice(0, 4);
  const basisYear = String(Number(year) - rng.int(0, 2));
  const r = rng.next();
  const [basisIssuer, basisDocumentNumber] =
    r < 0.7
      ? [court.name, `（${basisYear}）${court.caseCode}民初${rng.int(1, 20_000)}号`]
      : r < 0.85
        ? [INTERMEDIATE_COURT.name, `（${basisYear}）辽02民终${rng.int(1, 12_000)}号`]
        : ['大连仲裁委员会', `大仲字〔${basisYear}〕第${rng.int(1, 3_000)}号`];
  const amount = subject.personId ? rng.int(2, 800) * 1_000 : rng.int(10, 6_000) * 1_000;
  const creditor = rng.chance(0.4) ? rng.pick(CREDITOR_BANKS) : personName(rng);
  const what = subject.personId ? rng.pick(['借款本金', '货款', '损害赔偿金', '租金']) : rng.pick(['货款', '工程款', '借款本金', '租金', '服务费']);
  const publishedDate = minDate(addDays(filingDate, rng.int(15, 75)), LAST_DATE);
  const removed = rng.chance(0.2) ? addDays(publishedDate, rng.int(60, 720)) : null;
  return {
    subjectUscc: subject.uscc,
    subjectPersonId: subject.personId,
    subjectName: subject.name,
    legalRepresentative: subject.legalRepresentative,
    courtName: court.name,
    courtUscc: court.uscc,
    caseNumber: `（${year}）${court.caseCode}执${docs.take('enforcement', court.uscc, year)}号`,
    filingDate,
    basisDocumentNumber,
    basisIssuer,
    obligation: `${subject.name}于判决生效之日起十日内向${creditor}支付${what}${amount}元及利息`,
    performance: rng.chance(0.8) ? 'NOT_PERFORMED' : 'PARTIALLY_PERFORMED',
    dishonestConduct: rng.pick(DISHONEST_CONDUCT),
    publishedDate,
    removedDate: removed && removed <= LAST_DATE ? removed : null,
  };
}
