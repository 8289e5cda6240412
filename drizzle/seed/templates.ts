import type { AuthorityKey } from './names.ts';
import { FOODS, PROJECT_WORDS } from './names.ts';
import type { Random } from './random.ts';

/**
 * What kinds of 双公示 decision the seed writes, with the article of law each one cites. The
 * citations are the ones such decisions really cite, so the demo reads like published data; the
 * amounts stay inside each article's range.
 */

export type PenaltyCategory =
  | 'WARNING'
  | 'FINE'
  | 'CONFISCATION'
  | 'SUSPENSION'
  | 'LICENCE_REVOCATION'
  | 'BUSINESS_RESTRICTION'
  | 'DETENTION'
  | 'OTHER';

export type LicenceCategory = 'GENERAL' | 'SPECIAL' | 'APPROVAL' | 'VERIFICATION' | 'REGISTRATION' | 'OTHER';

/** Who a template applies to: legal persons by industry section, or natural persons. */
export type Audience = 'enterprise' | 'individual' | 'social' | 'public' | 'person';

/** `market` means the district market-regulation bureau of the subject (or, sometimes, the city's). */
export type Issuer = AuthorityKey;

export interface PenaltyTemplate {
  issuer: Issuer;
  audience: readonly Audience[];
  /** Industry sections it applies to; empty for any. */
  industries: string;
  weight: number;
  violationType: string;
  facts: (rng: Random, subject: string, date: string) => string;
  legalBasis: string;
  categories: readonly PenaltyCategory[];
  /** Categories added with a probability (the aggravated cases). */
  extra?: readonly (readonly [PenaltyCategory, number])[];
  fine?: readonly [number, number];
  confiscation?: readonly [number, number];
  /** The licence suspended or revoked, when SUSPENSION or LICENCE_REVOCATION applies. */
  licence?: string;
  /** Severe dishonesty: published 3 years instead of 1 (DOMAIN.md, publication periods). */
  severe?: boolean;
}

/** 2024年5月21日, as decisions write dates. */
export const chineseDate = (date: string) => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

export const PENALTY_TEMPLATES: readonly PenaltyTemplate[] = [
  {
    issuer: 'market', audience: ['enterprise', 'individual'], industries: 'FHC', weight: 8,
    violationType: '经营污染物质含量超过食品安全标准限量的食品',
    facts: (r, s, d) =>
      `经抽样检验，${s}于${chineseDate(d)}前经营的${r.pick(FOODS)}中${r.pick(['铅（以Pb计）', '镉（以Cd计）', '恩诺沙星', '氯霉素', '孔雀石绿', '黄曲霉毒素B₁'])}项目不符合食品安全国家标准，货值金额${r.int(300, 9000)}元。`,
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条第一款第（一）项',
    categories: ['FINE', 'CONFISCATION'], fine: [50_000, 100_000], confiscation: [200, 9_000],
  },
  {
    issuer: 'market', audience: ['enterprise', 'individual'], industries: 'FH', weight: 6,
    violationType: '未按规定建立并遵守进货查验记录制度',
    facts: (r, s) => `${s}采购${r.pick(FOODS)}等食品时未查验供货者的许可证和产品合格证明文件，未建立进货查验记录。`,
    legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第（三）项',
    categories: ['WARNING'], extra: [['FINE', 0.4]], fine: [5_000, 50_000],
  },
  {
    issuer: 'market', audience: ['enterprise'], industries: 'CFILMRHK', weight: 5,
    violationType: '发布含有绝对化用语的广告',
    facts: (r, s) => `${s}在其${r.pick(['微信公众号', '网店首页', '门店宣传海报', '官方网站'])}发布的广告中使用“${r.pick(['国家级', '最佳', '顶级', '第一品牌'])}”等绝对化用语。`,
    legalBasis: '《中华人民共和国广告法》第五十七条第（一）项',
    categories: ['FINE'], fine: [10_000, 200_000],
  },
  {
    issuer: 'market', audience: ['enterprise', 'individual'], industries: 'FHOK', weight: 5,
    violationType: '不按规定明码标价',
    facts: (_r, s, d) => `${s}于${chineseDate(d)}被检查时，其经营场所内部分商品及服务未标明价格。`,
    legalBasis: '《中华人民共和国价格法》第四十二条；《明码标价和禁止价格欺诈规定》第二十一条',
    categories: ['WARNING'], extra: [['FINE', 0.5]], fine: [500, 5_000],
  },
  {
    issuer: 'market', audience: ['enterprise'], industries: 'CF', weight: 5,
    violationType: '销售不合格产品',
    facts: (r, s) => `${s}销售的${r.pick(['电线电缆', '儿童服装', '电动自行车头盔', '塑料管材', '插座'])}经监督抽查，${r.pick(['导体电阻', '纤维含量', '冲击吸收性能', '静液压强度', '耐热性能'])}项目不合格。`,
    legalBasis: '《中华人民共和国产品质量法》第五十条',
    categories: ['FINE', 'CONFISCATION'], fine: [5_000, 80_000], confiscation: [500, 20_000],
  },
  {
    issuer: 'market', audience: ['enterprise'], industries: 'CGKQ', weight: 3,
    violationType: '使用未经定期检验的特种设备',
    facts: (r, s) => `${s}使用的${r.pick(['曳引驱动乘客电梯', '桥式起重机', '叉车', '压力容器'])}超过检验有效期仍继续使用。`,
    legalBasis: '《中华人民共和国特种设备安全法》第八十四条第（一）项',
    categories: ['FINE'], fine: [30_000, 300_000],
  },
  {
    issuer: 'market', audience: ['enterprise', 'social'], industries: '', weight: 3,
    violationType: '未依法办理变更登记',
    facts: (r, s) => `${s}${r.pick(['住所', '经营范围', '法定代表人'])}已发生变化，未在规定期限内申请办理变更登记。`,
    legalBasis: '《中华人民共和国市场主体登记管理条例》第四十六条',
    categories: ['FINE'], extra: [['LICENCE_REVOCATION', 0.08]], fine: [10_000, 100_000], licence: '营业执照',
  },
  {
    issuer: 'tax', audience: ['enterprise', 'individual'], industries: '', weight: 5,
    violationType: '未按照规定期限办理纳税申报和报送纳税资料',
    facts: (r, s, d) => `${s}未按照规定期限办理${Number(d.slice(0, 4)) - 1}年${r.int(1, 12)}月${r.pick(['增值税', '个人所得税（代扣代缴）', '城市维护建设税'])}纳税申报。`,
    legalBasis: '《中华人民共和国税收征收管理法》第六十二条',
    categories: ['FINE'], fine: [200, 2_000],
  },
  {
    issuer: 'tax', audience: ['enterprise'], industries: '', weight: 4,
    violationType: '应当开具而未开具发票',
    facts: (r, s) => `${s}在销售货物、提供服务收取款项时，应当开具而未开具发票，涉及金额${r.int(5, 300) * 100}元。`,
    legalBasis: '《中华人民共和国发票管理办法》第三十三条',
    categories: ['FINE'], extra: [['CONFISCATION', 0.3]], fine: [500, 10_000], confiscation: [200, 5_000],
  },
  {
    issuer: 'tax', audience: ['enterprise'], industries: 'CFEKL', weight: 2, severe: true,
    violationType: '偷税',
    facts: (r, s, d) => `${s}在${Number(d.slice(0, 4)) - r.int(1, 3)}年度通过在账簿上多列支出、少列收入的手段，少缴${r.pick(['企业所得税', '增值税'])}税款${r.int(50, 3_000) * 100}元。`,
    legalBasis: '《中华人民共和国税收征收管理法》第六十三条第一款',
    categories: ['FINE'], fine: [20_000, 1_500_000],
  },
  {
    issuer: 'tax', audience: ['enterprise'], industries: 'FL', weight: 1, severe: true,
    violationType: '虚开发票',
    facts: (r, s) => `${s}在没有真实业务的情况下为他人虚开增值税普通发票${r.int(3, 60)}份，金额合计${r.int(100, 5_000) * 100}元。`,
    legalBasis: '《中华人民共和国发票管理办法》第三十五条',
    categories: ['FINE', 'CONFISCATION'], fine: [50_000, 500_000], confiscation: [1_000, 50_000],
  },
  {
    issuer: 'ecology', audience: ['enterprise'], industries: 'CDB', weight: 4, severe: true,
    violationType: '超过大气污染物排放标准排放大气污染物',
    facts: (r, s, d) => `${chineseDate(d)}，执法人员对${s}${r.pick(['锅炉', '喷涂车间', '烘干工序'])}废气排放口监测，${r.pick(['颗粒物', '氮氧化物', '挥发性有机物', '二氧化硫'])}排放浓度超过排放标准${r.int(11, 290) / 10}倍。`,
    legalBasis: '《中华人民共和国大气污染防治法》第九十九条第（二）项',
    categories: ['FINE'], extra: [['BUSINESS_RESTRICTION', 0.25]], fine: [100_000, 1_000_000],
  },
  {
    issuer: 'ecology', audience: ['enterprise'], industries: 'CDN', weight: 2, severe: true,
    violationType: '未取得排污许可证排放污染物',
    facts: (r, s) => `${s}在未取得排污许可证的情况下，${r.pick(['生产废水经车间排放口排入市政管网', '生产过程中产生的废气直接外排'])}。`,
    legalBasis: '《排污许可管理条例》第三十三条第（一）项',
    categories: ['FINE'], extra: [['BUSINESS_RESTRICTION', 0.4]], fine: [200_000, 1_000_000],
  },
  {
    issuer: 'ecology', audience: ['enterprise'], industries: 'CEKG', weight: 3,
    violationType: '建设项目未依法报批环境影响评价文件擅自开工建设',
    facts: (r, s) => `${s}${r.pick(PROJECT_WORDS)}建设项目环境影响报告表未经批准，即擅自开工建设。`,
    legalBasis: '《中华人民共和国环境影响评价法》第三十一条第一款',
    categories: ['FINE'], fine: [50_000, 500_000],
  },
  {
    issuer: 'ecology', audience: ['enterprise'], industries: 'CGQ', weight: 2,
    violationType: '未按照规定贮存危险废物',
    facts: (r, s) => `${s}将${r.pick(['废矿物油', '废活性炭', '废包装桶', '医疗废物'])}露天堆放，未设置危险废物识别标志。`,
    legalBasis: '《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项',
    categories: ['FINE'], fine: [100_000, 1_000_000],
  },
  {
    issuer: 'emergency', audience: ['enterprise'], industries: 'CEGBDF', weight: 5,
    violationType: '未按照规定对从业人员进行安全生产教育和培训',
    facts: (r, s) => `${s}${r.int(2, 30)}名从业人员未经安全生产教育和培训合格即上岗作业。`,
    legalBasis: '《中华人民共和国安全生产法》第九十七条第（三）项',
    categories: ['FINE'], fine: [10_000, 100_000],
  },
  {
    issuer: 'emergency', audience: ['enterprise'], industries: 'CEGB', weight: 3,
    violationType: '未采取措施消除事故隐患',
    facts: (r, s) => `${s}${r.pick(['有限空间作业未设置警示标志', '粉尘涉爆区域未按规定清理积尘', '消防通道被货物堵塞', '危险化学品储存场所未设置泄漏报警装置'])}，经责令限期整改后仍未消除。`,
    legalBasis: '《中华人民共和国安全生产法》第一百零二条',
    categories: ['FINE'], extra: [['BUSINESS_RESTRICTION', 0.2]], fine: [5_000, 50_000],
  },
  {
    issuer: 'emergency', audience: ['enterprise'], industries: 'FG', weight: 1, severe: true,
    violationType: '未取得危险化学品经营许可证经营危险化学品',
    facts: (r, s) => `${s}未取得危险化学品经营许可证，擅自销售${r.pick(['甲醇', '乙醇', '油漆稀释剂', '液化石油气'])}。`,
    legalBasis: '《危险化学品安全管理条例》第七十七条第三款',
    categories: ['FINE', 'CONFISCATION'], fine: [100_000, 200_000], confiscation: [1_000, 30_000],
  },
  {
    issuer: 'housing', audience: ['enterprise'], industries: 'EK', weight: 5,
    violationType: '未取得施工许可证擅自施工',
    facts: (r, s) => `${s}承建（建设）的${r.pick(PROJECT_WORDS)}工程未取得建筑工程施工许可证即开工建设，合同价款${r.int(100, 9_000)}万元。`,
    legalBasis: '《建设工程质量管理条例》第五十七条',
    categories: ['FINE'], fine: [20_000, 500_000],
  },
  {
    issuer: 'housing', audience: ['enterprise'], industries: 'E', weight: 3, severe: true,
    violationType: '违反工程建设强制性标准',
    facts: (r, s) => `${s}在${r.pick(PROJECT_WORDS)}工程施工中${r.pick(['未按设计要求设置钢筋', '混凝土强度不符合设计要求', '脚手架搭设不符合规范'])}，违反工程建设强制性标准。`,
    legalBasis: '《建设工程质量管理条例》第六十四条',
    categories: ['FINE'], extra: [['SUSPENSION', 0.2]], fine: [50_000, 800_000], licence: '建筑业企业资质证书',
  },
  {
    issuer: 'transport', audience: ['enterprise'], industries: 'G', weight: 5,
    violationType: '未取得道路运输经营许可擅自从事道路普通货物运输经营',
    facts: (r, s) => `${s}使用${r.pick(['辽B', '辽B', '辽C'])}${r.hex(5).toUpperCase()}号货车，未取得道路运输经营许可擅自从事道路普通货物运输经营。`,
    legalBasis: '《中华人民共和国道路运输条例》第六十三条',
    categories: ['FINE'], extra: [['CONFISCATION', 0.3]], fine: [3_000, 50_000], confiscation: [500, 8_000],
  },
  {
    issuer: 'transport', audience: ['enterprise'], industries: 'GEC', weight: 3,
    violationType: '车辆违法超限运输',
    facts: (r, s) => `${s}所属货车在${r.pick(['沈海高速大连收费站', '201国道', '丹大高速', '鹤大高速'])}超限检测点经检测，车货总质量超过限定标准${r.int(5, 40)}%。`,
    legalBasis: '《公路安全保护条例》第六十四条',
    categories: ['FINE'], fine: [1_000, 30_000],
  },
  {
    issuer: 'health', audience: ['enterprise', 'individual'], industries: 'HOR', weight: 4,
    violationType: '公共场所经营者未取得卫生许可证擅自营业',
    facts: (r, s) => `${s}经营的${r.pick(['宾馆', '美容美发店', '洗浴场所', '游泳馆'])}未取得公共场所卫生许可证擅自营业。`,
    legalBasis: '《公共场所卫生管理条例实施细则》第三十五条',
    categories: ['WARNING', 'FINE'], fine: [500, 5_000],
  },
  {
    issuer: 'health', audience: ['enterprise', 'individual'], industries: 'HO', weight: 3,
    violationType: '未按照规定对顾客用品用具进行清洗、消毒',
    facts: (r, s) => `经现场检查，${s}供顾客使用的${r.pick(['毛巾', '茶具', '拖鞋', '床上卧具'])}未按规定清洗消毒。`,
    legalBasis: '《公共场所卫生管理条例实施细则》第三十六条第（二）项',
    categories: ['WARNING'], extra: [['FINE', 0.5]], fine: [500, 2_000],
  },
  {
    issuer: 'health', audience: ['enterprise', 'public'], industries: 'QS', weight: 3,
    violationType: '诊疗活动超出登记范围',
    facts: (r, s) => `${s}未经登记擅自开展${r.pick(['医疗美容', '口腔正畸', '中医推拿', '超声诊断'])}诊疗活动。`,
    legalBasis: '《医疗机构管理条例》第四十七条',
    categories: ['WARNING', 'FINE'], extra: [['CONFISCATION', 0.4], ['LICENCE_REVOCATION', 0.05]],
    fine: [10_000, 100_000], confiscation: [1_000, 30_000], licence: '医疗机构执业许可证',
  },
  {
    issuer: 'urban', audience: ['enterprise', 'individual'], industries: 'FHL', weight: 3,
    violationType: '不履行卫生责任区清扫保洁义务',
    facts: (r, s, d) => `${chineseDate(d)}，${s}门前卫生责任区${r.pick(['堆放杂物', '垃圾未及时清运', '占道堆放货物'])}，经责令改正后仍未清理。`,
    legalBasis: '《城市市容和环境卫生管理条例》第三十四条第（五）项',
    categories: ['WARNING'], extra: [['FINE', 0.6]], fine: [100, 1_000],
  },
  {
    issuer: 'urban', audience: ['enterprise'], industries: 'EK', weight: 3,
    violationType: '建筑施工未采取有效防尘降尘措施',
    facts: (r, s) => `${s}${r.pick(PROJECT_WORDS)}施工现场${r.pick(['土方未覆盖', '出入口未设置车辆冲洗设施', '未进行洒水抑尘'])}。`,
    legalBasis: '《中华人民共和国大气污染防治法》第一百一十五条第一款第（一）项',
    categories: ['FINE'], fine: [10_000, 100_000],
  },
  {
    issuer: 'hrss', audience: ['enterprise'], industries: '', weight: 3,
    violationType: '安排劳动者延长工作时间超过法定标准',
    facts: (r, s) => `${s}安排${r.int(5, 80)}名劳动者每月延长工作时间超过三十六小时。`,
    legalBasis: '《劳动保障监察条例》第二十五条',
    categories: ['WARNING', 'FINE'], fine: [2_000, 40_000],
  },
  // Natural persons.
  {
    issuer: 'police', audience: ['person'], industries: '', weight: 4,
    violationType: '扰乱单位秩序',
    facts: (r, s, d) => `${chineseDate(d)}，${s}在${r.pick(['大连市某医院门诊大厅', '某银行营业厅', '某小区物业服务中心'])}大声吵闹，致使工作不能正常进行。`,
    legalBasis: '《中华人民共和国治安管理处罚法》第二十三条第一款第（一）项',
    categories: ['FINE'], extra: [['DETENTION', 0.3]], fine: [100, 200],
  },
  {
    issuer: 'police', audience: ['person'], industries: '', weight: 3,
    violationType: '殴打他人',
    facts: (r, s, d) => `${chineseDate(d)}，${s}因${r.pick(['停车纠纷', '邻里纠纷', '口角'])}在${r.pick(['中山区', '沙河口区', '甘井子区', '金州区'])}某处殴打他人，致被侵害人轻微伤。`,
    legalBasis: '《中华人民共和国治安管理处罚法》第四十三条第一款',
    categories: ['DETENTION', 'FINE'], fine: [200, 500],
  },
  {
    issuer: 'police', audience: ['person'], industries: '', weight: 3,
    violationType: '饮酒后驾驶机动车',
    facts: (r, s, d) => `${chineseDate(d)}，${s}饮酒后驾驶小型汽车行驶至${r.pick(['中山路', '黄河路', '西安路', '金马路'])}被查获，血液中酒精含量为${r.int(20, 79)}mg/100ml。`,
    legalBasis: '《中华人民共和国道路交通安全法》第九十一条第一款',
    categories: ['FINE', 'SUSPENSION'], fine: [1_000, 2_000], licence: '机动车驾驶证',
  },
  {
    issuer: 'urban', audience: ['person'], industries: '', weight: 2,
    violationType: '不按规定的时间、地点、方式倾倒垃圾',
    facts: (r, s, d) => `${chineseDate(d)}，${s}将${r.pick(['装修垃圾', '生活垃圾', '废旧家具'])}倾倒于${r.pick(['绿化带', '道路旁', '居民区公共区域'])}。`,
    legalBasis: '《城市市容和环境卫生管理条例》第三十四条第（四）项',
    categories: ['FINE'], fine: [50, 200],
  },
];

export interface LicenceContext {
  rng: Random;
  uscc: string;
  division: string;
  /** Decision date (ISO). */
  date: string;
  /** Sequence number for this authority and year, from the document counter. */
  seq: number;
}

export interface LicenceTemplate {
  issuer: Issuer;
  audience: readonly Audience[];
  industries: string;
  weight: number;
  documentName: string;
  category: LicenceCategory;
  certificateName: string;
  licenceNumber: (c: LicenceContext) => string;
  content: (rng: Random) => string;
  /** Validity in years; 0 means long-term, written as 2099-12-31 as the data standard prescribes. */
  validYears: number;
  /** Only for subjects whose name ends with one of these (e.g. hospitals get practice licences). */
  nameEndsWith?: readonly string[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const year = (c: LicenceContext) => c.date.slice(0, 4);

export const LICENCE_TEMPLATES: readonly LicenceTemplate[] = [
  {
    issuer: 'market', audience: ['enterprise', 'individual'], industries: 'FH', weight: 10,
    documentName: '食品经营许可决定书', category: 'GENERAL', certificateName: '食品经营许可证',
    licenceNumber: (c) => `JY${c.rng.pick(['1', '2'])}${c.division}${pad(c.seq % 1_000_000, 6)}${c.rng.int(0, 9)}`,
    content: (r) => r.pick(['预包装食品（含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售', '热食类食品制售；冷食类食品制售', '预包装食品销售；保健食品销售', '热食类食品制售；糕点类食品（含裱花蛋糕）制售']),
    validYears: 5,
  },
  {
    issuer: 'market', audience: ['enterprise'], industries: 'CA', weight: 5,
    documentName: '食品生产许可决定书', category: 'GENERAL', certificateName: '食品生产许可证',
    licenceNumber: (c) => `SC${c.rng.pick(['122', '103', '124', '115'])}21${c.division.slice(2)}${pad(c.seq % 10_000, 4)}${c.rng.int(0, 9)}`,
    content: (r) => r.pick(['水产制品（干制水产品、盐渍水产品）', '速冻食品（速冻面米食品）', '饮料（包装饮用水）', '糕点（烘烤类糕点）']),
    validYears: 5,
  },
  {
    issuer: 'market', audience: ['enterprise'], industries: 'CGKQ', weight: 4,
    documentName: '特种设备使用登记决定', category: 'REGISTRATION', certificateName: '特种设备使用登记证',
    licenceNumber: (c) => `${c.rng.pick(['梯', '容', '起', '车'])}11辽B${pad(c.seq % 100_000, 5)}（${year(c).slice(2)}）`,
    content: (r) => `${r.pick(['曳引驱动乘客电梯', '固定式压力容器', '桥式起重机', '场（厂）内专用机动车辆'])}使用登记`,
    validYears: 0,
  },
  {
    issuer: 'ecology', audience: ['enterprise'], industries: 'CDN', weight: 6,
    documentName: '排污许可决定书', category: 'GENERAL', certificateName: '排污许可证',
    licenceNumber: (c) => `${c.uscc}001${c.rng.pick(['P', 'V', 'Q'])}`,
    content: (r) => r.pick(['大气污染物：颗粒物、二氧化硫、氮氧化物', '水污染物：化学需氧量、氨氮、总磷', '大气污染物：挥发性有机物；水污染物：化学需氧量、氨氮']),
    validYears: 5,
  },
  {
    issuer: 'ecology', audience: ['enterprise'], industries: 'CEGKM', weight: 3,
    documentName: '建设项目环境影响报告表审批意见', category: 'APPROVAL', certificateName: '建设项目环境影响评价审批文件',
    licenceNumber: (c) => `大环评准字〔${year(c)}〕${c.seq}号`,
    content: (r) => `同意${r.pick(PROJECT_WORDS)}建设项目按照报告表所列性质、规模、地点和环境保护措施进行建设`,
    validYears: 5,
  },
  {
    issuer: 'emergency', audience: ['enterprise'], industries: 'FG', weight: 2,
    documentName: '危险化学品经营许可决定书', category: 'GENERAL', certificateName: '危险化学品经营许可证',
    licenceNumber: (c) => `辽大危化经字〔${year(c)}〕${pad(c.seq, 6)}`,
    content: (r) => r.pick(['汽油、柴油（不带储存设施经营）', '甲醇、乙醇、丙酮（不带储存设施经营）', '液化石油气（带储存设施经营）']),
    validYears: 3,
  },
  {
    issuer: 'housing', audience: ['enterprise'], industries: 'EK', weight: 6,
    documentName: '建筑工程施工许可决定书', category: 'GENERAL', certificateName: '建筑工程施工许可证',
    licenceNumber: (c) => `${c.division}${c.date.replaceAll('-', '')}${pad(c.seq % 10_000, 4)}`,
    content: (r) => `${r.pick(PROJECT_WORDS)}工程，建筑面积${r.int(800, 90_000)}平方米`,
    validYears: 1,
  },
  {
    issuer: 'housing', audience: ['enterprise'], industries: 'E', weight: 5,
    documentName: '建筑业企业资质许可决定书', category: 'APPROVAL', certificateName: '建筑业企业资质证书',
    licenceNumber: (c) => `D221${pad(c.seq % 1_000_000, 6)}`,
    content: (r) => r.pick(['建筑工程施工总承包三级', '市政公用工程施工总承包三级', '建筑装修装饰工程专业承包二级', '施工劳务不分等级', '地基基础工程专业承包三级']),
    validYears: 5,
  },
  {
    issuer: 'housing', audience: ['enterprise'], industries: 'E', weight: 3,
    documentName: '安全生产许可决定书', category: 'GENERAL', certificateName: '安全生产许可证',
    licenceNumber: (c) => `（辽）JZ安许证字〔${year(c)}〕${pad(c.seq, 6)}`,
    content: () => '建筑施工',
    validYears: 3,
  },
  {
    issuer: 'housing', audience: ['enterprise'], industries: 'K', weight: 5,
    documentName: '商品房预售许可决定书', category: 'VERIFICATION', certificateName: '商品房预售许可证',
    licenceNumber: (c) => `大房预许字〔${year(c)}〕第${pad(c.seq, 4)}号`,
    content: (r) => `${r.pick(PROJECT_WORDS)}${r.int(1, 12)}#楼，预售面积${r.int(3_000, 60_000)}平方米`,
    validYears: 0,
  },
  {
    issuer: 'transport', audience: ['enterprise'], industries: 'G', weight: 8,
    documentName: '道路运输经营许可决定书', category: 'GENERAL', certificateName: '道路运输经营许可证',
    licenceNumber: (c) => `辽交运管许可大字${c.division}${pad(c.seq, 6)}号`,
    content: (r) => r.pick(['道路普通货物运输', '道路危险货物运输（第3类）', '道路旅客运输（省际包车客运）', '货物专用运输（集装箱）']),
    validYears: 4,
  },
  {
    issuer: 'health', audience: ['enterprise', 'individual'], industries: 'HOR', weight: 6,
    documentName: '公共场所卫生许可决定书', category: 'GENERAL', certificateName: '公共场所卫生许可证',
    licenceNumber: (c) => `大卫公证字〔${year(c)}〕第${c.division}${pad(c.seq % 10_000, 4)}号`,
    content: (r) => r.pick(['住宿', '美容美发', '沐浴', '游泳场所', '歌舞厅']),
    validYears: 4,
  },
  {
    issuer: 'health', audience: ['enterprise', 'public'], industries: 'QS', weight: 6,
    documentName: '医疗机构执业登记决定书', category: 'REGISTRATION', certificateName: '医疗机构执业许可证',
    licenceNumber: (c) => `PDY${pad(c.seq % 100_000, 5)}${c.division}17A1001`,
    content: (r) => r.pick(['内科；外科；预防保健科；医学检验科', '口腔科；医学影像科', '全科医疗科；中医科；康复医学科', '内科；妇产科；儿科；急诊医学科']),
    validYears: 5,
    nameEndsWith: ['医院', '卫生院', '卫生服务中心', '健康管理有限公司', '医疗管理有限公司'],
  },
  {
    issuer: 'hrss', audience: ['enterprise'], industries: 'L', weight: 6,
    documentName: '劳务派遣经营许可决定书', category: 'GENERAL', certificateName: '劳务派遣经营许可证',
    licenceNumber: (c) => `${c.division}${year(c)}${pad(c.seq % 10_000, 4)}`,
    content: () => '劳务派遣经营',
    validYears: 3,
  },
  {
    issuer: 'hrss', audience: ['enterprise'], industries: 'L', weight: 3,
    documentName: '人力资源服务许可决定书', category: 'GENERAL', certificateName: '人力资源服务许可证',
    licenceNumber: (c) => `（辽）人服证字〔${year(c)}〕第${c.division}${pad(c.seq % 10_000, 4)}号`,
    content: () => '为劳动者介绍用人单位；为用人单位推荐劳动者；组织开展现场招聘会',
    validYears: 5,
  },
  {
    issuer: 'education', audience: ['enterprise', 'social'], industries: 'PS', weight: 6,
    documentName: '民办学校办学许可决定书', category: 'APPROVAL', certificateName: '中华人民共和国民办学校办学许可证',
    licenceNumber: (c) => `教民1${c.division}7${pad(c.seq % 1_000_000, 6)}号`,
    content: (r) => r.pick(['非学历文化教育培训（语文、数学、英语）', '非学历艺术教育培训（美术、音乐、舞蹈）', '学前教育', '非学历职业技能培训']),
    validYears: 5,
    nameEndsWith: ['学校', '幼儿园', '教育科技有限公司', '培训有限公司', '培训有限责任公司'],
  },
  {
    issuer: 'civil', audience: ['social'], industries: '', weight: 8,
    documentName: '社会组织成立登记决定书', category: 'REGISTRATION', certificateName: '社会组织法人登记证书',
    licenceNumber: (c) => c.uscc,
    content: () => '社会组织成立登记',
    validYears: 5,
  },
  {
    issuer: 'urban', audience: ['enterprise', 'individual'], industries: '', weight: 2,
    documentName: '户外广告设施设置许可决定书', category: 'GENERAL', certificateName: '户外广告设施设置许可证',
    licenceNumber: (c) => `大城管广许〔${year(c)}〕${pad(c.seq, 5)}号`,
    content: (r) => `在${r.pick(['人民路', '中山路', '长江路', '黄河路', '五四路', '西安路', '软件园路', '金马路', '旅顺中路', '黄浦路'])}设置${r.pick(['单立柱', '墙面', '楼顶'])}户外广告设施一处，面积${r.int(4, 120)}平方米`,
    validYears: 2,
  },
  {
    issuer: 'tax', audience: ['enterprise'], industries: '', weight: 1,
    documentName: '准予税务行政许可决定书', category: 'APPROVAL', certificateName: '增值税专用发票最高开票限额审批',
    licenceNumber: (c) => `大税许准〔${year(c)}〕${pad(c.seq, 5)}号`,
    content: (r) => `增值税专用发票最高开票限额${r.pick(['十万元', '一百万元', '一万元'])}`,
    validYears: 0,
  },
];

export const DISHONEST_CONDUCT = [
  '有履行能力而拒不履行生效法律文书确定义务',
  '有履行能力而拒不履行生效法律文书确定义务',
  '有履行能力而拒不履行生效法律文书确定义务',
  '违反财产报告制度',
  '违反限制消费令',
  '以伪造证据、暴力、威胁等方法妨碍、抗拒执行',
  '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
  '无正当理由拒不履行执行和解协议',
] as const;

export const WAGE_ARREARS_REMARKS = ['经责令限期支付后逾期仍未支付', '拒不配合劳动保障监察调查', '以转移财产、逃匿等方法逃避支付'] as const;

export const PENALTY_REMARKS = ['当事人已按期缴纳罚款', '当事人已履行完毕', '本决定已依法送达', '当事人申请分期缴纳罚款，已获批准'] as const;
export const LICENCE_REMARKS = ['新办', '延续', '变更', '新办'] as const;
