import { publicationWindow, type Severity } from '../../subgraphs/kernel/publication.ts';
import type { businessSectorRecord } from '../schema/business.ts';
import { AUTHORITIES, type AuthorityKey, INTERMEDIATE_COURT } from './names.ts';
import { addDays, maxDate, type Random } from './random.ts';
import { type DocumentCounters, LAST_DATE, type Subject } from './records.ts';

/** Demo sector records (tasks 21–51): one realistic template per sector, positive or negative. */

export type SectorRecordInsert = typeof businessSectorRecord.$inferInsert;
export type SectorDomain = 'government' | 'business' | 'social' | 'judicial';

interface Template {
  sector: string;
  category: string;
  title: string;
  facts: (name: string) => string;
  legalBasis: string;
  outcome: string;
  polarity: 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL';
  severities?: readonly Severity[];
  issuer: AuthorityKey | 'court';
  /** Amount range in yuan, when the record has one. */
  amount?: readonly [number, number];
  /** Who the record can be about. */
  persons?: boolean;
  legal?: boolean;
}

const NEG = 'NEGATIVE' as const;
const POS = 'POSITIVE' as const;

export const SECTOR_TEMPLATES: Record<SectorDomain, readonly Template[]> = {
  government: [
    { sector: 'GOVERNMENT_DISHONESTY', category: '政务失信记录', title: '政府机构未履行生效判决', facts: (n) => `${n}作为被执行人，未按期履行人民法院生效判决确定的付款义务。`, legalBasis: '《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）', outcome: '纳入政务失信记录，限期整改', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'urban', amount: [50_000, 2_000_000], legal: true },
    { sector: 'CIVIL_SERVANT_INTEGRITY', category: '公务员诚信档案', title: '个人有关事项报告不实', facts: (n) => `${n}在个人有关事项报告中漏报房产信息。`, legalBasis: '《领导干部报告个人有关事项规定》', outcome: '批评教育，责令作出检查', polarity: NEG, severities: ['MINOR', 'GENERAL'], issuer: 'civil', persons: true },
  ],
  business: [
    { sector: 'SAFETY_PRODUCTION', category: '安全生产不良记录', title: '未按规定开展安全生产教育培训', facts: (n) => `${n}未对从业人员进行安全生产教育和培训，特种作业人员未持证上岗。`, legalBasis: '《中华人民共和国安全生产法》第九十七条', outcome: '责令限期改正，罚款', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'emergency', amount: [20_000, 200_000], legal: true },
    { sector: 'LOGISTICS', category: '物流信用评价', title: '物流企业信用评价AAA级', facts: (n) => `${n}在年度物流企业信用评价中被评为AAA级。`, legalBasis: '《物流企业信用评价指标》', outcome: '列入守信激励对象', polarity: POS, issuer: 'transport', legal: true },
    { sector: 'FINANCE', category: '金融领域失信', title: '非法集资', facts: (n) => `${n}以高额回报为诱饵向社会公众吸收资金。`, legalBasis: '《防范和处置非法集资条例》第三十条', outcome: '责令停止违法行为，没收违法所得', polarity: NEG, severities: ['SEVERE'], issuer: 'market', amount: [500_000, 20_000_000], legal: true },
    { sector: 'TAXATION', category: '重大税收违法失信案件', title: '虚开增值税专用发票', facts: (n) => `${n}虚开增值税专用发票，涉及税款巨大。`, legalBasis: '《重大税收违法失信主体信息公布管理办法》', outcome: '列入重大税收违法失信主体名单', polarity: NEG, severities: ['SEVERE'], issuer: 'tax', amount: [1_000_000, 50_000_000], legal: true },
    { sector: 'CONSTRUCTION', category: '建筑市场不良行为', title: '违法分包', facts: (n) => `${n}将承包的工程违法分包给不具备资质的单位。`, legalBasis: '《建设工程质量管理条例》第六十二条', outcome: '责令改正，罚款，降低资质等级', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'housing', amount: [100_000, 1_000_000], legal: true },
    { sector: 'GOVERNMENT_PROCUREMENT', category: '政府采购严重违法失信', title: '提供虚假材料谋取中标', facts: (n) => `${n}在政府采购项目投标中提供虚假业绩证明材料。`, legalBasis: '《中华人民共和国政府采购法》第七十七条', outcome: '一至三年内禁止参加政府采购活动', polarity: NEG, severities: ['SEVERE'], issuer: 'urban', amount: [5_000, 100_000], legal: true },
    { sector: 'PUBLIC_RESOURCE_TRADING', category: '公共资源交易不良行为', title: '串通投标', facts: (n) => `${n}与其他投标人相互串通投标报价。`, legalBasis: '《中华人民共和国招标投标法》第五十三条', outcome: '中标无效，罚款', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'housing', amount: [10_000, 500_000], legal: true },
    { sector: 'TRANSPORT', category: '超限超载运输', title: '货车严重违法超限超载', facts: (n) => `${n}所属车辆一年内违法超限运输超过3次。`, legalBasis: '《公路安全保护条例》第六十六条', outcome: '列入严重违法失信超限超载运输当事人名单', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'transport', amount: [5_000, 30_000], legal: true },
    { sector: 'E_COMMERCE', category: '电子商务失信', title: '刷单炒信', facts: (n) => `${n}通过组织虚假交易提高店铺信誉。`, legalBasis: '《中华人民共和国电子商务法》第八十五条', outcome: '责令停止违法行为，罚款', polarity: NEG, severities: ['GENERAL'], issuer: 'market', amount: [20_000, 300_000], legal: true },
    { sector: 'STATISTICS', category: '统计严重失信', title: '提供虚假统计资料', facts: (n) => `${n}在统计调查中虚报营业收入。`, legalBasis: '《中华人民共和国统计法》第四十一条', outcome: '警告，罚款，认定为统计严重失信企业', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'urban', amount: [10_000, 200_000], legal: true },
    { sector: 'APPROVAL_INTERMEDIARY', category: '中介服务不良记录', title: '出具虚假评估报告', facts: (n) => `${n}在行政审批中介服务中出具不实的评估报告。`, legalBasis: '《中华人民共和国资产评估法》第四十七条', outcome: '责令停业，罚款', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'market', amount: [30_000, 300_000], legal: true },
    { sector: 'EXHIBITION', category: '会展诚信', title: '诚信办展示范单位', facts: (n) => `${n}践行诚信服务公约，被评为年度诚信办展示范单位。`, legalBasis: '《大连市会展业促进办法》', outcome: '列入守信激励对象', polarity: POS, issuer: 'market', legal: true },
    { sector: 'ADVERTISING', category: '虚假广告', title: '发布虚假广告', facts: (n) => `${n}发布的广告含有虚假内容，欺骗误导消费者。`, legalBasis: '《中华人民共和国广告法》第五十五条', outcome: '责令停止发布，罚款', polarity: NEG, severities: ['MINOR', 'GENERAL'], issuer: 'market', amount: [20_000, 500_000], legal: true },
  ],
  social: [
    { sector: 'HEALTH', category: '非法行医', title: '未取得医疗机构执业许可证擅自执业', facts: (n) => `${n}未取得《医疗机构执业许可证》擅自开展诊疗活动。`, legalBasis: '《医疗机构管理条例》第四十三条', outcome: '责令停止执业，没收药品器械，罚款', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'health', amount: [10_000, 100_000], legal: true, persons: true },
    { sector: 'SOCIAL_SECURITY', category: '社会保险失信', title: '未按规定缴纳社会保险费', facts: (n) => `${n}未按时足额为职工缴纳社会保险费。`, legalBasis: '《中华人民共和国社会保险法》第八十六条', outcome: '责令限期缴纳，加收滞纳金', polarity: NEG, severities: ['GENERAL'], issuer: 'hrss', amount: [10_000, 500_000], legal: true },
    { sector: 'EDUCATION', category: '考试作弊', title: '国家教育考试作弊', facts: (n) => `${n}在国家教育考试中使用通讯设备作弊。`, legalBasis: '《国家教育考试违规处理办法》第六条', outcome: '当次考试各科成绩无效，记入诚信档案', polarity: NEG, severities: ['GENERAL'], issuer: 'education', persons: true },
    { sector: 'RESEARCH', category: '科研失信', title: '论文抄袭剽窃', facts: (n) => `${n}发表的论文存在抄袭剽窃他人研究成果的情形。`, legalBasis: '《科研失信行为调查处理规则》', outcome: '撤销项目，追回经费，记入科研诚信档案', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'education', persons: true, legal: true },
    { sector: 'CULTURE', category: '演出市场失信', title: '捂票炒票', facts: (n) => `${n}在营业性演出票务销售中捂票囤票、哄抬票价。`, legalBasis: '《营业性演出管理条例》第四十七条', outcome: '罚款，列入演出市场失信名单', polarity: NEG, severities: ['GENERAL'], issuer: 'market', amount: [30_000, 300_000], legal: true, persons: true },
    { sector: 'SPORTS', category: '体育失信', title: '使用兴奋剂', facts: (n) => `${n}在比赛中被查出使用禁用物质。`, legalBasis: '《反兴奋剂条例》第四十六条', outcome: '禁赛，取消比赛成绩', polarity: NEG, severities: ['SEVERE'], issuer: 'education', persons: true },
    { sector: 'TOURISM', category: '旅游市场失信', title: '不合理低价游', facts: (n) => `${n}以不合理的低价组织旅游活动并安排购物获取回扣。`, legalBasis: '《中华人民共和国旅游法》第九十八条', outcome: '责令改正，没收违法所得，罚款', polarity: NEG, severities: ['GENERAL'], issuer: 'market', amount: [30_000, 300_000], legal: true },
    { sector: 'INTELLECTUAL_PROPERTY', category: '专利代理失信', title: '专利代理机构违规执业', facts: (n) => `${n}以不正当手段招揽专利代理业务。`, legalBasis: '《专利代理条例》第二十五条', outcome: '警告，罚款，记入信用档案', polarity: NEG, severities: ['MINOR', 'GENERAL'], issuer: 'market', amount: [10_000, 100_000], legal: true },
    { sector: 'ENVIRONMENT', category: '环境信用评价', title: '环保诚信企业', facts: (n) => `${n}在企业环境信用评价中被评为环保诚信企业。`, legalBasis: '《企业环境信用评价办法》', outcome: '列入守信激励对象', polarity: POS, issuer: 'ecology', legal: true },
    { sector: 'SOCIAL_ORGANIZATION', category: '慈善失信', title: '违规使用慈善财产', facts: (n) => `${n}将募集的慈善财产用于非慈善目的。`, legalBasis: '《中华人民共和国慈善法》第一百零九条', outcome: '警告，责令限期改正，列入活动异常名录', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'civil', amount: [50_000, 1_000_000], legal: true },
    { sector: 'INSURANCE', category: '骗取社会保险', title: '骗取社会保险待遇', facts: (n) => `${n}以伪造证明材料的方式骗取社会保险基金支出。`, legalBasis: '《中华人民共和国社会保险法》第八十八条', outcome: '责令退回，处骗取金额二倍以上五倍以下罚款', polarity: NEG, severities: ['SEVERE'], issuer: 'hrss', amount: [5_000, 300_000], legal: true, persons: true },
    { sector: 'INTERNET', category: '电信网络诈骗', title: '为电信网络诈骗提供帮助', facts: (n) => `${n}出租、出售电话卡和银行账户，为电信网络诈骗提供帮助。`, legalBasis: '《中华人民共和国反电信网络诈骗法》第四十四条', outcome: '限制有关卡、账户新业务，列入惩戒名单', polarity: NEG, severities: ['GENERAL', 'SEVERE'], issuer: 'police', persons: true },
  ],
  judicial: [
    { sector: 'CONSUMPTION_RESTRICTION', category: '限制消费', title: '限制消费令', facts: (n) => `${n}未按执行通知书指定的期间履行生效法律文书确定的给付义务。`, legalBasis: '《最高人民法院关于限制被执行人高消费及有关消费的若干规定》', outcome: '限制高消费及非生活和工作必需的消费行为', polarity: NEG, severities: ['SEVERE'], issuer: 'court', amount: [10_000, 5_000_000], legal: true, persons: true },
    { sector: 'UNPERFORMED_JUDGMENT', category: '判决不执行', title: '拒不履行生效判决', facts: (n) => `${n}有履行能力而拒不履行生效判决确定的义务。`, legalBasis: '《中华人民共和国民事诉讼法》第二百六十六条', outcome: '罚款、拘留，移送追究刑事责任', polarity: NEG, severities: ['SEVERE'], issuer: 'court', amount: [20_000, 3_000_000], legal: true, persons: true },
    { sector: 'PROCURATORATE_DISCLOSURE', category: '行贿犯罪档案', title: '单位行贿犯罪记录', facts: (n) => `${n}为谋取不正当利益给予国家工作人员财物，经人民法院判决构成单位行贿罪。`, legalBasis: '《中华人民共和国刑法》第三百九十三条', outcome: '记入行贿犯罪档案，依法公开', polarity: NEG, severities: ['SEVERE'], issuer: 'court', amount: [100_000, 2_000_000], legal: true },
    { sector: 'LEGAL_PRACTITIONER', category: '法律服务执业记录', title: '律师执业违规', facts: (n) => `${n}在执业活动中私自收案收费。`, legalBasis: '《中华人民共和国律师法》第四十八条', outcome: '警告，罚款，停止执业三个月', polarity: NEG, severities: ['GENERAL'], issuer: 'civil', amount: [5_000, 50_000], persons: true, legal: true },
    { sector: 'TRAFFIC_SAFETY', category: '交通安全违法', title: '醉酒驾驶机动车', facts: (n) => `${n}醉酒驾驶机动车上道路行驶。`, legalBasis: '《中华人民共和国道路交通安全法》第九十一条', outcome: '吊销机动车驾驶证，五年内不得重新取得', polarity: NEG, severities: ['SEVERE'], issuer: 'police', persons: true },
    { sector: 'FIRE_SAFETY', category: '消防安全违法', title: '消防设施未保持完好有效', facts: (n) => `${n}消防设施、器材未保持完好有效，疏散通道被占用。`, legalBasis: '《中华人民共和国消防法》第六十条', outcome: '责令改正，罚款', polarity: NEG, severities: ['MINOR', 'GENERAL'], issuer: 'police', amount: [5_000, 50_000], legal: true },
  ],
};

const ABBREVIATION: Record<SectorDomain, string> = { government: '政信', business: '商信', social: '社信', judicial: '司信' };

/**
 * One sector record of `domain` for `subject`. `recent` dates it in the last half year, so the
 * public window shows it (the showcase's records); `sector` picks the template.
 */
export function sectorRecord(
  rng: Random,
  subject: Subject,
  domain: SectorDomain,
  docs: DocumentCounters,
  options: { recent?: boolean; sector?: string } = {},
): SectorRecordInsert | null {
  const person = subject.personId !== null;
  const fitting = SECTOR_TEMPLATES[domain].filter((t) => (options.sector ? t.sector === options.sector : person ? t.persons : t.legal));
  if (fitting.length === 0) return null;
  const t = rng.pick(fitting);
  const decisionDate = options.recent ? rng.date('2026-05-01', '2026-10-15') : rng.date(maxDate(addDays(subject.since, 60), '2019-01-01'), LAST_DATE);
  const year = decisionDate.slice(0, 4);
  const authority = t.issuer === 'court' ? INTERMEDIATE_COURT : AUTHORITIES[t.issuer];
  const severity = t.polarity === 'NEGATIVE' ? rng.pick<Severity>(t.severities ?? ['GENERAL']) : null;
  const publishedDate = addDays(decisionDate, rng.int(1, 9));
  return {
    sector: t.sector,
    category: t.category,
    subjectCategory: subject.category,
    subjectUscc: subject.uscc,
    subjectPersonId: subject.personId,
    subjectName: subject.name,
    polarity: t.polarity,
    severity,
    title: t.title,
    facts: t.facts(subject.name),
    legalBasis: t.legalBasis,
    outcome: t.outcome,
    amount: t.amount ? rng.yuan(t.amount[0], t.amount[1]) : null,
    documentNumber: `大${ABBREVIATION[domain]}〔${year}〕${docs.take(`sector-${domain}`, authority.uscc, year)}号`,
    decisionDate,
    authorityName: authority.name,
    authorityUscc: authority.uscc,
    sourceName: authority.name,
    sourceUscc: authority.uscc,
    publishedDate,
    publicationEndDate: severity ? publicationWindow(severity, publishedDate).end : null,
  };
}
