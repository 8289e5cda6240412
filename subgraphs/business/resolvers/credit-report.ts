import { shanghaiDate } from '../../kernel/calendar.ts';
import { facts, levelOf, listingsPart, listPart, REPORT_PART_ITEMS, reportAccess, sectorRecordItem } from '../../kernel/credit-report.ts';
import { toGlobalId } from '../../kernel/global-id.ts';
import type { CreditReportResolvers } from '../generated/resolvers-types.ts';
import type { CreditCommitmentRow, TaxCreditRatingRow } from '../store.ts';

const PAGE = { first: REPORT_PART_ITEMS };

function commitmentItem(row: CreditCommitmentRow) {
  const status = row.breachRecordId !== null ? 'BREACHED' : row.validUntil && row.validUntil < shanghaiDate() ? 'EXPIRED' : 'ACTIVE';
  return {
    recordId: toGlobalId('business', 'CreditCommitment', row.id),
    recordType: 'CreditCommitment',
    title: row.commitmentType,
    date: row.madeOn,
    authority: row.recipientName,
    status,
    facts: facts({
      承诺类型: row.commitmentType,
      承诺内容: row.content,
      承诺日期: row.madeOn,
      有效期至: row.validUntil,
      承诺方式: row.madeThrough,
      接收单位: row.recipientName,
      违诺日期: row.breachedOn,
      违诺记录: row.breachRecordId === null ? null : toGlobalId('business', 'BusinessRecord', row.breachRecordId),
    }),
  };
}

function ratingItem(row: TaxCreditRatingRow) {
  return {
    recordId: toGlobalId('business', 'TaxCreditRating', row.id),
    recordType: 'TaxCreditRating',
    title: `${row.year} 年度纳税信用 ${row.grade} 级`,
    date: row.publishedDate,
    authority: row.authorityName,
    status: row.grade,
    facts: facts({ 年度: row.year, 等级: row.grade, 评价机关: row.authorityName, 发布日期: row.publishedDate }),
  };
}

export const CreditReport: CreditReportResolvers = {
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  businessEvaluationFacts: (report, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(report.uscc),
  businessReportParts: async (report, _args, ctx, info) => {
    const { uscc } = report;
    const access = reportAccess(info.schema, ctx.access, uscc);
    const [recordsOnFile, allRatings] = await Promise.all([access.onFile('LegalPerson.businessRecordsOnFile'), access.onFile('LegalPerson.taxCreditRatings')]);
    const internal = recordsOnFile && (await access.internal(['BusinessRecord.receivedAt']));
    const level = levelOf(recordsOnFile, internal);
    const l = ctx.loaders;
    return Promise.all([
      listPart('COMMITMENTS', 'BUSINESS', '信用承诺', level, l.commitmentsOfLegalPerson.connection(uscc, PAGE), commitmentItem),
      l.listingsOfLegalPerson.load(uscc).then((listings) => ({ ...listingsPart('business', '商务诚信名单', listings), accessLevel: level })),
      listPart(
        'OTHER',
        'BUSINESS',
        recordsOnFile ? '商务诚信行业记录 (在案全部)' : '商务诚信行业记录 (公示期内)',
        level,
        (recordsOnFile ? l.sectorRecordsOnFileOfLegalPerson : l.publicSectorRecordsOfLegalPerson).connection(uscc, PAGE),
        (r) => sectorRecordItem('business', 'BusinessRecord', r, internal),
      ),
      listPart(
        'OTHER',
        'BUSINESS',
        allRatings ? '纳税信用等级 (全部)' : '纳税信用 A 级纳税人',
        level,
        (allRatings ? l.taxRatingsOfLegalPerson : l.publishedTaxRatingsOfLegalPerson).connection(uscc, PAGE),
        ratingItem,
      ),
    ]);
  },
};
