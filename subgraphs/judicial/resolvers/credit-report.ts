import { facts, levelOf, listingsPart, listPart, REPORT_PART_ITEMS, reportAccess, sectorRecordItem } from '../../kernel/credit-report.ts';
import { toGlobalId } from '../../kernel/global-id.ts';
import type { CreditReportResolvers } from '../generated/resolvers-types.ts';
import type { DishonestDebtorRow } from '../store.ts';

const PAGE = { first: REPORT_PART_ITEMS };

function debtorItem(row: DishonestDebtorRow) {
  return {
    recordId: toGlobalId('judicial', 'DishonestJudgmentDebtor', row.id),
    recordType: 'DishonestJudgmentDebtor',
    title: `失信被执行人 ${row.caseNumber}`,
    date: row.publishedDate,
    authority: row.courtName,
    status: row.removedDate ? 'REMOVED' : 'LISTED',
    facts: facts({
      案号: row.caseNumber,
      执行法院: row.courtName,
      立案时间: row.filingDate,
      执行依据文号: row.basisDocumentNumber,
      作出执行依据单位: row.basisIssuer,
      生效法律文书确定的义务: row.obligation,
      履行情况: row.performance,
      失信被执行人行为具体情形: row.dishonestConduct,
      发布时间: row.publishedDate,
      移除日期: row.removedDate,
    }),
  };
}

export const CreditReport: CreditReportResolvers = {
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  judicialEvaluationFacts: (report, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(report.uscc),
  judicialReportParts: async (report, _args, ctx, info) => {
    const { uscc } = report;
    const access = reportAccess(info.schema, ctx.access, uscc);
    const recordsOnFile = await access.onFile('LegalPerson.judicialRecordsOnFile');
    const internal = recordsOnFile && (await access.internal(['JudicialRecord.receivedAt']));
    const level = levelOf(recordsOnFile, internal);
    const l = ctx.loaders;
    return Promise.all([
      listPart('JUDICIAL', 'JUDICIAL', '失信被执行人', level, l.dishonestDebtorsOfLegalPerson.connection(uscc, PAGE), debtorItem),
      listPart(
        'JUDICIAL',
        'JUDICIAL',
        recordsOnFile ? '司法公信记录 (在案全部)' : '司法公信记录 (公示期内)',
        level,
        (recordsOnFile ? l.sectorRecordsOnFileOfLegalPerson : l.publicSectorRecordsOfLegalPerson).connection(uscc, PAGE),
        (r) => sectorRecordItem('judicial', 'JudicialRecord', r, internal),
      ),
      l.listingsOfLegalPerson.load(uscc).then((listings) => ({ ...listingsPart('judicial', '司法公信名单', listings), accessLevel: level })),
    ]);
  },
};
