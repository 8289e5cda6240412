import { facts, levelOf, listingsPart, listPart, receivedFact, REPORT_PART_ITEMS, reportAccess, sectorRecordItem } from '../../kernel/credit-report.ts';
import { toGlobalId } from '../../kernel/global-id.ts';
import type { CreditReportResolvers } from '../generated/resolvers-types.ts';
import type { LicenceRow, PenaltyRow } from '../store.ts';

const PAGE = { first: REPORT_PART_ITEMS };
const INTERNAL_FIELDS = ['AdministrativePenalty.receivedAt', 'AdministrativeLicence.receivedAt', 'GovernmentRecord.receivedAt'];

function penaltyItem(row: PenaltyRow, internal: boolean) {
  return {
    recordId: toGlobalId('government', 'AdministrativePenalty', row.id),
    recordType: 'AdministrativePenalty',
    title: `${row.violationType}: ${row.penaltyContent}`,
    date: row.decisionDate,
    authority: row.authorityName,
    status: row.status,
    facts: [
      ...facts({
        决定文书号: row.documentNumber,
        违法行为类型: row.violationType,
        违法事实: row.violationFacts,
        处罚依据: row.legalBasis,
        处罚类别: row.penaltyCategories.join(', '),
        处罚内容: row.penaltyContent,
        罚款金额: row.fineAmount,
        没收违法所得: row.confiscatedAmount,
        暂扣或吊销证照: row.revokedLicence,
        严重程度: row.severity,
        公示截止期: row.publicationEndDate,
        数据来源: row.sourceName,
      }),
      ...receivedFact(internal, row.receivedAt),
    ],
  };
}

function licenceItem(row: LicenceRow, internal: boolean) {
  return {
    recordId: toGlobalId('government', 'AdministrativeLicence', row.id),
    recordType: 'AdministrativeLicence',
    title: row.documentName,
    date: row.decisionDate,
    authority: row.authorityName,
    status: row.status,
    facts: [
      ...facts({
        决定文书号: row.documentNumber,
        许可类别: row.licenceCategory,
        许可证书名称: row.certificateName,
        许可编号: row.licenceNumber,
        许可内容: row.content,
        有效期自: row.validFrom,
        有效期至: row.validTo,
        数据来源: row.sourceName,
      }),
      ...receivedFact(internal, row.receivedAt),
    ],
  };
}

export const CreditReport: CreditReportResolvers = {
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  governmentEvaluationFacts: (report, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(report.uscc),
  governmentReportParts: async (report, _args, ctx, info) => {
    const { uscc } = report;
    const access = reportAccess(info.schema, ctx.access, uscc);
    const [penaltiesOnFile, recordsOnFile] = await Promise.all([
      access.onFile('LegalPerson.administrativePenaltiesOnFile'),
      access.onFile('LegalPerson.governmentDishonestyRecordsOnFile'),
    ]);
    const internal = penaltiesOnFile && (await access.internal(INTERNAL_FIELDS));
    const level = levelOf(penaltiesOnFile, internal);
    const l = ctx.loaders;
    return Promise.all([
      listPart('LICENCES_AND_PENALTIES', 'GOVERNMENT', '行政许可', level, l.licencesOfLegalPerson.connection(uscc, PAGE), (r) => licenceItem(r, internal)),
      listPart(
        'LICENCES_AND_PENALTIES',
        'GOVERNMENT',
        penaltiesOnFile ? '行政处罚 (在案全部)' : '行政处罚 (公示期内)',
        level,
        (penaltiesOnFile ? l.penaltiesOnFileOfLegalPerson : l.publicPenaltiesOfLegalPerson).connection(uscc, PAGE),
        (r) => penaltyItem(r, internal),
      ),
      l.listingsOfLegalPerson.load(uscc).then((listings) => ({ ...listingsPart('government', '政务诚信名单', listings), accessLevel: level })),
      listPart(
        'OTHER',
        'GOVERNMENT',
        recordsOnFile ? '政务失信记录 (在案全部)' : '政务失信记录 (公示期内)',
        level,
        (recordsOnFile ? l.sectorRecordsOnFileOfLegalPerson : l.publicSectorRecordsOfLegalPerson).connection(uscc, PAGE),
        (r) => sectorRecordItem('government', 'GovernmentRecord', r, internal),
      ),
    ]);
  },
};
