import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { completeUscc } from '../subgraphs/kernel/uscc.ts';

/**
 * The ingestion benchmark's submission file: NDJSON rows of every record type the command takes,
 * deterministic (row i is always the same), with a small share of rows that must be rejected and
 * of rows that repeat an earlier natural key. `expectedCounts` says what the command must answer.
 */

/** Out of every 100 rows. Rejects and duplicates replace some of the valid rows, see `rowAt`. */
export const TYPE_MIX = [
  ['AdministrativePenalty', 30],
  ['AdministrativeLicence', 30],
  ['GovernmentRecord', 10],
  ['BusinessRecord', 10],
  ['SocialRecord', 10],
  ['JudicialRecord', 10],
] as const;

/** One row in 200 is rejected (0.5 %), about one in 100 repeats an earlier row (1 %). */
const REJECT_EVERY = 200;
const DUPLICATE_EVERY = 100;

const AUTHORITIES = ['11210200MB0000010C', '11210202000000019H', '11210203MB1234567X'].map((u) => completeUscc(u.slice(0, 16)));
const AUTHORITY_NAMES = ['大连市市场监督管理局', '大连市生态环境局', '大连市应急管理局'];
const SECTORS: Record<string, string[]> = {
  GovernmentRecord: ['GOVERNMENT_DISHONESTY'],
  BusinessRecord: ['SAFETY_PRODUCTION', 'LOGISTICS', 'FINANCE', 'TAXATION', 'CONSTRUCTION', 'E_COMMERCE'],
  SocialRecord: ['HEALTH', 'SOCIAL_SECURITY', 'EDUCATION', 'TOURISM', 'ENVIRONMENT', 'INSURANCE'],
  JudicialRecord: ['CONSUMPTION_RESTRICTION', 'UNPERFORMED_JUDGMENT', 'TRAFFIC_SAFETY', 'FIRE_SAFETY'],
};
const NAMES = ['港湾', '汇恒', '星海', '金州', '旅顺', '海达', '辽宁', '滨城', '东港', '中山'];
const KINDS = ['物流', '科技', '贸易', '建设', '食品', '化工', '医药', '餐饮'];
const SEVERITIES = ['MINOR', 'GENERAL', 'SEVERE'];

/** A valid USCC for subject number n: market-regulation companies and individual businesses of Dalian. */
function subjectUscc(n: number): string {
  const individual = n % 7 === 0;
  return completeUscc(`${individual ? '92' : '91'}2102${String(2 + (n % 12)).padStart(2, '0')}${String(10_000_000 + n).slice(-8)}`);
}

/** 2019-01-01 plus up to ~7 years (never in the future), plus `later` days. */
function dateOf(n: number, later = 0): string {
  const d = new Date(Date.UTC(2019, 0, 1) + ((n % 2_500) + later) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function typeAt(i: number): string {
  let slot = i % 100;
  for (const [type, share] of TYPE_MIX) {
    if (slot < share) return type;
    slot -= share;
  }
  throw new Error('unreachable');
}

/** The valid row for natural key number k (its document number is unique by k). */
function validRow(k: number): Record<string, unknown> {
  const type = typeAt(k);
  const subject = k % 50_000;
  const a = k % AUTHORITIES.length;
  const common = {
    type,
    subjectName: `大连${NAMES[subject % NAMES.length]}${KINDS[(subject >> 3) % KINDS.length]}有限公司${subject}`,
    subjectCategory: subject % 7 === 0 ? 'INDIVIDUAL_BUSINESS' : 'LEGAL_PERSON',
    subjectUscc: subjectUscc(subject),
    documentNumber: `大基〔${2019 + (k % 7)}〕${k}号`,
    decisionDate: dateOf(k),
    authorityName: AUTHORITY_NAMES[a],
    authorityUscc: AUTHORITIES[a],
  };
  switch (type) {
    case 'AdministrativePenalty': {
      const fine = k % 3 !== 0;
      const categories = fine ? (k % 5 === 0 ? ['FINE', 'CONFISCATION'] : ['FINE']) : ['WARNING'];
      return {
        ...common,
        legalRepresentative: k % 2 === 0 ? '张某' : undefined,
        violationType: '未按规定公示年度报告',
        violationFacts: `经查，当事人于${dateOf(k, 30)}前未按规定履行义务，违反了相关规定。案件编号${k}。`,
        legalBasis: '《中华人民共和国行政处罚法》第二十八条',
        penaltyCategories: categories,
        penaltyContent: fine ? `罚款人民币${(k % 90) + 1}000元` : '警告',
        fineAmount: fine ? `${(k % 90) + 1}000.00` : undefined,
        confiscatedAmount: categories.includes('CONFISCATION') ? `${(k % 17) + 1}00.50` : undefined,
        severity: k % 11 === 0 ? SEVERITIES[k % 3] : undefined,
      };
    }
    case 'AdministrativeLicence':
      return {
        ...common,
        documentName: '食品经营许可决定书',
        licenceCategory: ['GENERAL', 'SPECIAL', 'APPROVAL', 'REGISTRATION'][k % 4],
        certificateName: '食品经营许可证',
        licenceNumber: `JY2${String(k).padStart(13, '0')}`,
        content: '预包装食品（含冷藏冷冻食品）销售；散装食品销售',
        validFrom: common.decisionDate,
        validTo: dateOf(k, 1_800),
      };
    default: {
      const polarity = ['NEGATIVE', 'POSITIVE', 'NEUTRAL'][k % 3];
      const sectors = SECTORS[type]!;
      return {
        ...common,
        sector: sectors[k % sectors.length],
        category: polarity === 'NEGATIVE' ? '不良记录' : '守信激励',
        polarity,
        severity: polarity === 'NEGATIVE' ? SEVERITIES[k % 3] : undefined,
        title: polarity === 'NEGATIVE' ? '未履行法定义务' : '诚信示范企业',
        facts: `记录事实说明，编号${k}，详见原始文书。`,
        legalBasis: '《大连市社会信用条例》',
        amount: k % 4 === 0 ? `${k % 10_000}.00` : undefined,
      };
    }
  }
}

/** The ways a row is rejected, in rotation: each a different field and reason. */
const BREAKS: ((row: Record<string, unknown>) => Record<string, unknown> | string)[] = [
  (r) => ({ ...r, subjectUscc: `${(r.subjectUscc as string).slice(0, 17)}${(r.subjectUscc as string)[17] === '0' ? '1' : '0'}` }), // CHECK_CHARACTER
  (r) => ({ ...r, subjectCategory: 'COMPANY' }), // enum: INVALID_VALUE
  (r) => ({ ...r, decisionDate: '2026-02-30' }), // Date scalar: INVALID_VALUE
  (r) => {
    const { authorityName: _, ...rest } = r;
    return rest; // required field missing: INVALID_VALUE
  },
  (r) => ({ ...r, unknownColumn: 'x' }), // unknown field: INVALID_VALUE
  (r) => ({ ...r, decisionDate: '1980-01-01' }), // TOO_EARLY
  (r) => ({ ...r, documentNumber: '   ' }), // REQUIRED
  () => '{"type": "AdministrativePenalty", "subjectName": ', // UNREADABLE
];

/** Rejects and duplicate candidates move around their 200 / 100 rows, so every type gets some. */
function isReject(i: number): boolean {
  return i % REJECT_EVERY === (Math.floor(i / REJECT_EVERY) * 37) % REJECT_EVERY;
}

function duplicateCandidate(i: number): boolean {
  return i >= 6_000 && i % DUPLICATE_EVERY === (Math.floor(i / DUPLICATE_EVERY) * 53) % DUPLICATE_EVERY;
}

/** Alternately 37 rows back (often the same batch) or 5,003 (an earlier batch). */
function originalOf(i: number): number {
  return i - (Math.floor(i / DUPLICATE_EVERY) % 2 === 0 ? 37 : 5_003);
}

/** A duplicate repeats a plain row: one that is itself neither rejected nor a duplicate. */
function isDuplicate(i: number): boolean {
  if (!duplicateCandidate(i) || isReject(i)) return false;
  const o = originalOf(i);
  return !isReject(o) && !duplicateCandidate(o);
}

/** Row i of the file, as its NDJSON line. A reject is a broken copy of a fresh row. */
export function rowAt(i: number): string {
  if (isReject(i)) {
    const broken = BREAKS[Math.floor(i / REJECT_EVERY) % BREAKS.length]!(validRow(i));
    return typeof broken === 'string' ? broken : JSON.stringify(broken);
  }
  return JSON.stringify(validRow(isDuplicate(i) ? originalOf(i) : i));
}

export function expectedCounts(rows: number): { accepted: number; duplicates: number; rejected: number } {
  let rejected = 0;
  let duplicates = 0;
  for (let i = 0; i < rows; i++) {
    if (isReject(i)) rejected++;
    else if (isDuplicate(i)) duplicates++;
  }
  return { accepted: rows - rejected - duplicates, duplicates, rejected };
}

/** Writes `rows` rows to `path`, minding back-pressure. */
export async function writeIngestFile(path: string, rows: number): Promise<{ bytes: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${rowAt(i)}\n`;
    if (chunk.length > 1 << 20 || i === rows - 1) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end();
  await once(out, 'finish');
  return { bytes };
}
