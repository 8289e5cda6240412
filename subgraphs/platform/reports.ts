import { createHash, randomBytes } from 'node:crypto';
import type { Caller } from '../kernel/auth/evaluate.ts';
import { shanghaiDate } from '../kernel/calendar.ts';
import { codedError } from '../kernel/errors.ts';
import {
  facts,
  listingItem,
  part,
  REPORT_ACCESS_LEVELS,
  REPORT_PART_ITEMS,
  REPORT_SECTION_ORDER,
  type ReportAccessLevel,
  type ReportPart,
  type ReportSectionKey,
} from '../kernel/credit-report.ts';
import { divisionName } from '../kernel/divisions.ts';
import type { CreditListing } from '../kernel/listings.ts';
import { INDUSTRY_SECTIONS } from '../kernel/industries.ts';
import { canonicalJson, PlatformJwsError, type PlatformSigner, verifyPlatformJws } from '../kernel/signing.ts';
import { REGISTRATION_AUTHORITIES, usccParts } from '../kernel/uscc.ts';
import type { EvaluationModel, FactsOfDomains } from './evaluation.ts';
import type { NewIssuedReport } from './reports-store.ts';
import type { LegalPersonRow } from './store.ts';

/**
 * Credit reports (信用报告): the platform assembles the parts every domain contributed (brought by
 * the gateway through `@requires`, read with the caller's own token, so at the caller's level),
 * adds the registry's basic information, issues the report and signs it.
 */

/** The JWS `typ` of a signed report: a document of ours, not a JWT (it has no expiry). */
export const REPORT_JWS_TYPE = 'credit-report+jws';
export const REPORT_DOCUMENT_TYPE = 'CreditReport';
export const REPORT_VERSION = 1;
export const REPORT_ISSUER = '公共信用信息平台';

export const REPORT_DOMAINS = ['government', 'business', 'social', 'judicial'] as const;
type PartsOfDomains = { [D in (typeof REPORT_DOMAINS)[number] as `${D}ReportParts`]?: ReportPart[] | null };

export const SECTION_TITLES: Record<ReportSectionKey, string> = {
  BASIC: '基础信息',
  LICENCES_AND_PENALTIES: '行政许可与行政处罚',
  LISTS: '联合奖惩名单',
  COMMITMENTS: '信用承诺',
  JUDICIAL: '司法信息',
  EVALUATION: '公共信用综合评价',
  OTHER: '其他信息',
};

export interface ReportSectionModel {
  key: ReportSectionKey;
  title: string;
  parts: ReportPart[];
}

/** The signed document, exactly as it is serialized into the JWS payload. */
export interface ReportDocument {
  type: typeof REPORT_DOCUMENT_TYPE;
  version: typeof REPORT_VERSION;
  id: string;
  issuedAt: string;
  issuer: string;
  subject: { uscc: string; name: string };
  requestedBy: { kind: string; id: string | null; purpose: string | null };
  accessLevel: ReportAccessLevel;
  sections: ReportSectionModel[];
}

export interface IssuedReport {
  id: string;
  issuedAt: string;
  accessLevel: ReportAccessLevel;
  sections: ReportSectionModel[];
  document: string;
  documentSha256: string;
  signature: string;
}

/** What the platform holds of a report: its key and, in the `@requires` fetch, every domain's parts and evaluation facts. */
export type CreditReportModel = { uscc: string } & PartsOfDomains & FactsOfDomains;

export function partsOf(representation: object): PartsOfDomains {
  const r = representation as PartsOfDomains;
  return Object.fromEntries(REPORT_DOMAINS.filter((d) => `${d}ReportParts` in r).map((d) => [`${d}ReportParts`, r[`${d}ReportParts`]]));
}

/** Every domain's parts; a report missing a domain is never issued (it would read as a clean record). */
export function domainParts(model: CreditReportModel): ReportPart[] {
  const missing = REPORT_DOMAINS.filter((d) => !Array.isArray(model[`${d}ReportParts`]));
  if (missing.length > 0) {
    throw codedError('SERVICE_UNAVAILABLE', `the report parts of ${missing.join(', ')} could not be read; no report was issued, try again`, {
      reason: 'REPORT_PARTS_UNAVAILABLE',
      domains: missing,
    });
  }
  return REPORT_DOMAINS.flatMap((d) => model[`${d}ReportParts`] ?? []);
}

/** 基础信息 from the registry: public, whoever asks. */
export function basicPart(lp: LegalPersonRow): ReportPart {
  const authority = REGISTRATION_AUTHORITIES[lp.uscc[0]!];
  return part('BASIC', 'PLATFORM', '登记信息', 'PUBLIC', 1, [
    {
      recordId: null,
      recordType: 'LegalPerson',
      title: lp.name,
      date: lp.registrationDate,
      authority: null,
      status: lp.status,
      facts: facts({
        统一社会信用代码: lp.uscc,
        名称: lp.name,
        主体类型: lp.kind,
        登记管理部门: authority,
        组织机构代码: usccParts(lp.uscc).organizationCode,
        登记地: `${divisionName(lp.divisionCode) ?? ''} (${lp.divisionCode})`,
        行业: lp.industryCode ? (INDUSTRY_SECTIONS[lp.industryCode] ?? lp.industryCode) : null,
        成立日期: lp.registrationDate,
        登记状态: lp.status,
        法定代表人: lp.legalRepresentative,
      }),
    },
  ]);
}

/** 跨区域联合奖惩: the lists recognized partner-city results put the subject on (public, like every listing). */
export function crossRegionPart(listings: readonly CreditListing[]): ReportPart {
  return part('LISTS', 'PLATFORM', '跨区域联合奖惩名单 (伙伴城市互认)', 'PUBLIC', listings.length, listings.slice(0, REPORT_PART_ITEMS).map(listingItem));
}

/** What the evaluation part may show of the caller: decided as for the evaluation's own fields. */
export interface EvaluationView {
  /** `CreditEvaluation.supervision` (分级分类监管) may be read. */
  supervision: boolean;
  /** The evidence of a contribution whose record is not public may be shown. */
  nonPublicEvidence: boolean;
}

/** 公共信用综合评价: the score, grade and explanation, exactly as `LegalPerson.creditEvaluation` gives them to this caller. */
export function evaluationPart(e: EvaluationModel, view: EvaluationView, level: ReportAccessLevel): ReportPart {
  const summary = {
    recordId: null,
    recordType: 'CreditEvaluation',
    title: `${e.grade.grade} 级 · ${e.grade.label}`,
    date: shanghaiDate(new Date(e.evaluatedAt)),
    authority: null,
    status: e.grade.grade,
    facts: facts({
      评分: e.score,
      基础分: e.baseScore,
      等级: e.grade.grade,
      等级名称: e.grade.label,
      分级分类监管: view.supervision ? `${e.grade.supervisionLevel} ${e.grade.supervisionLabel}` : null,
      评价规则版本: e.ruleSetVersion,
      评价时间: e.evaluatedAt,
    }),
  };
  const contributions = e.contributions.map((c) => {
    const shown = c.fact.inPublicWindow || view.nonPublicEvidence;
    return {
      recordId: shown ? c.fact.recordId : null,
      recordType: 'EvaluationContribution',
      title: c.rule.description,
      date: shown ? c.fact.decisionDate : null,
      authority: null,
      status: c.points >= 0 ? `+${c.points}` : String(c.points),
      facts: facts({
        规则: c.rule.code,
        分值: c.points,
        封顶: c.capped ? '是' : null,
        依据: shown ? c.fact.title : '不公开 (依据记录不在公示期内)',
      }),
    };
  });
  const items = [summary, ...contributions];
  return part('EVALUATION', 'PLATFORM', '公共信用综合评价', level, items.length, items.slice(0, REPORT_PART_ITEMS));
}

/** The report's level: the lowest any domain read its parts at (they decide by the same rules). */
export function reportLevel(parts: readonly ReportPart[]): ReportAccessLevel {
  let level = REPORT_ACCESS_LEVELS.length - 1;
  let any = false;
  for (const p of parts) {
    if (p.source === 'PLATFORM') continue;
    any = true;
    level = Math.min(level, REPORT_ACCESS_LEVELS.indexOf(p.accessLevel));
  }
  return any ? REPORT_ACCESS_LEVELS[level]! : 'PUBLIC';
}

/** Parts grouped into the sections, in print order; a section no domain filled is left out. */
export function sectionsOf(parts: readonly ReportPart[]): ReportSectionModel[] {
  return REPORT_SECTION_ORDER.flatMap((key) => {
    const inSection = parts.filter((p) => p.section === key);
    return inSection.length > 0 ? [{ key, title: SECTION_TITLES[key], parts: inSection }] : [];
  });
}

/** 报告编号: the issue date (Asia/Shanghai) and 80 random bits, e.g. CR-20261201-6F3A9C01D2E4B7A85C10. */
export function newReportId(issuedAt: Date): string {
  return `CR-${shanghaiDate(issuedAt).replaceAll('-', '')}-${randomBytes(10).toString('hex').toUpperCase()}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Builds and signs one report; the caller registers the returned entry. */
export async function issueReport(
  signer: PlatformSigner,
  caller: Caller,
  lp: LegalPersonRow,
  parts: readonly ReportPart[],
  evaluation: { model: EvaluationModel; view: EvaluationView },
  now: Date,
): Promise<{ report: IssuedReport; entry: NewIssuedReport }> {
  const accessLevel = reportLevel(parts);
  const sections = sectionsOf([basicPart(lp), ...parts, evaluationPart(evaluation.model, evaluation.view, accessLevel)]);
  const id = newReportId(now);
  const issuedAt = now.toISOString();
  const doc: ReportDocument = {
    type: REPORT_DOCUMENT_TYPE,
    version: REPORT_VERSION,
    id,
    issuedAt,
    issuer: REPORT_ISSUER,
    subject: { uscc: lp.uscc, name: lp.name },
    requestedBy: { kind: caller.principal.kind.toUpperCase(), id: caller.principal.id, purpose: caller.purpose },
    accessLevel,
    sections,
  };
  const document = canonicalJson(doc);
  const documentSha256 = sha256Hex(document);
  const signature = await signer.sign(doc as unknown as Record<string, unknown>, { typ: REPORT_JWS_TYPE });
  return {
    report: { id, issuedAt, accessLevel, sections, document, documentSha256, signature },
    entry: {
      id,
      subjectUscc: lp.uscc,
      issuedAt: now,
      accessLevel,
      callerKind: caller.principal.kind.toUpperCase(),
      callerId: caller.principal.id,
      purpose: caller.purpose,
      documentSha256,
      kid: signer.kid,
    },
  };
}

export interface ReportVerification {
  valid: boolean;
  reason: string | null;
  kid: string | null;
  reportId: string | null;
  uscc: string | null;
  issuedAt: string | null;
  accessLevel: ReportAccessLevel | null;
  document: string | null;
  /** The payload's hash, to compare with the register. */
  documentSha256: string | null;
}

function kidOf(jws: string): string | null {
  try {
    const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : null;
  } catch {
    return null;
  }
}

const INVALID = { reportId: null, uscc: null, issuedAt: null, accessLevel: null, document: null, documentSha256: null };

/** Checks a report's JWS against the published keys and that its payload is a report document. */
export async function verifyReport(jws: string, signer: PlatformSigner): Promise<ReportVerification> {
  const kid = kidOf(jws.trim());
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await verifyPlatformJws(jws, signer.jwks(), { typ: REPORT_JWS_TYPE }));
  } catch (error) {
    if (error instanceof PlatformJwsError) return { valid: false, reason: error.reason, kid, ...INVALID };
    throw error;
  }
  const doc = payload as Partial<ReportDocument>;
  if (
    doc.type !== REPORT_DOCUMENT_TYPE ||
    typeof doc.id !== 'string' ||
    typeof doc.issuedAt !== 'string' ||
    typeof doc.subject?.uscc !== 'string' ||
    !REPORT_ACCESS_LEVELS.includes(doc.accessLevel as ReportAccessLevel)
  ) {
    return { valid: false, reason: 'NOT_A_REPORT', kid, ...INVALID };
  }
  // Exactly the signed bytes (the signature holds over them), which are what was registered.
  const document = Buffer.from(jws.trim().split('.')[1]!, 'base64url').toString('utf8');
  return {
    valid: true,
    reason: null,
    kid,
    reportId: doc.id,
    uscc: doc.subject.uscc,
    issuedAt: doc.issuedAt,
    accessLevel: doc.accessLevel as ReportAccessLevel,
    document,
    documentSha256: sha256Hex(document),
  };
}
