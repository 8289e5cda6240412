import { facts, levelOf, listingsPart, listPart, receivedFact, REPORT_PART_ITEMS, reportAccess, sectorRecordItem } from '../../kernel/credit-report.ts';
import { toGlobalId } from '../../kernel/global-id.ts';
import type { CreditReportResolvers } from '../generated/resolvers-types.ts';
import type { WageArrearsRow } from '../store.ts';

const PAGE = { first: REPORT_PART_ITEMS };

function wageArrearsItem(row: WageArrearsRow, internal: boolean) {
  return {
    recordId: toGlobalId('social', 'WageArrearsRecord', row.id),
    recordType: 'WageArrearsRecord',
    title: `拖欠农民工工资 ${row.amountOwed} 元`,
    date: row.decisionDate,
    authority: row.authorityName,
    status: row.settlementStatus,
    facts: [
      ...facts({
        文书号: row.documentNumber,
        拖欠金额: row.amountOwed,
        涉及人数: row.workersAffected,
        拖欠起始: row.arrearsFrom,
        拖欠截止: row.arrearsTo,
        事实: row.facts,
        清偿状态: row.settlementStatus,
        清偿日期: row.settledDate,
      }),
      ...receivedFact(internal, row.receivedAt),
    ],
  };
}

export const CreditReport: CreditReportResolvers = {
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  socialEvaluationFacts: (report, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(report.uscc),
  socialReportParts: async (report, _args, ctx, info) => {
    const { uscc } = report;
    const access = reportAccess(info.schema, ctx.access, uscc);
    const recordsOnFile = await access.onFile('LegalPerson.socialRecordsOnFile');
    const internal = recordsOnFile && (await access.internal(['SocialRecord.receivedAt', 'WageArrearsRecord.receivedAt']));
    const level = levelOf(recordsOnFile, internal);
    const l = ctx.loaders;
    return Promise.all([
      l.listingsOfLegalPerson.load(uscc).then((listings) => ({ ...listingsPart('social', '社会诚信名单', listings), accessLevel: level })),
      listPart(
        'OTHER',
        'SOCIAL',
        recordsOnFile ? '社会诚信行业记录 (在案全部)' : '社会诚信行业记录 (公示期内)',
        level,
        (recordsOnFile ? l.sectorRecordsOnFileOfLegalPerson : l.publicSectorRecordsOfLegalPerson).connection(uscc, PAGE),
        (r) => sectorRecordItem('social', 'SocialRecord', r, internal),
      ),
      listPart('OTHER', 'SOCIAL', '拖欠农民工工资记录', level, l.wageArrearsOfLegalPerson.connection(uscc, PAGE), (r) => wageArrearsItem(r, internal)),
    ]);
  },
};
