import { completeUscc } from '../../subgraphs/kernel/uscc.ts';
import { DALIAN_DISTRICTS } from '../../subgraphs/kernel/divisions.ts';
import { type Random, scatter, weighted } from './random.ts';

/**
 * Chinese vocabulary for the demo seed, and the fixed authorities and courts that issue its
 * records. Generated names must be unique (search tests look names up exactly), so every
 * generated legal-person name is `prefix + 字号(index) + suffix`, where 字号(index) is a bijection of
 * the row index and no suffix starts with a 字号 character: two rows can then never spell the same
 * name, whatever the random parts pick.
 */

/** Industry words of enterprise names by GB/T 4754 section (the section follows from the word). */
export const ENTERPRISE_WORDS: Record<string, readonly string[]> = {
  A: ['水产养殖', '农业科技', '果业', '海珍品养殖', '苗木'],
  B: ['矿业', '石材'],
  C: ['机械制造', '电子科技', '化工', '食品', '服装', '船舶配件', '轴承', '模具', '包装材料', '精密仪器', '汽车零部件', '医疗器械', '家具', '印刷', '水产品加工', '阀门', '塑胶制品', '钢结构'],
  D: ['热电', '燃气', '能源科技'],
  E: ['建设工程', '建筑工程', '装饰工程', '市政工程', '机电安装工程', '园林绿化工程', '防水工程', '路桥工程'],
  F: ['商贸', '贸易', '海产品贸易', '医药连锁', '建材', '五金机电', '农副产品', '进出口贸易', '超市', '汽车销售', '石油化工销售', '酒业'],
  G: ['物流', '国际货运代理', '船务', '运输', '仓储', '冷链物流', '港口服务'],
  H: ['餐饮管理', '酒店管理', '海鲜酒家', '快餐'],
  I: ['信息技术', '软件', '网络科技', '数据科技', '智能科技', '通信技术'],
  J: ['投资管理', '融资担保', '典当'],
  K: ['房地产开发', '置业', '物业管理', '房地产经纪'],
  L: ['企业管理咨询', '商务服务', '人力资源服务', '广告', '会展服务', '旅行社', '劳务派遣', '融资租赁'],
  M: ['工程设计', '检测技术', '环保科技', '生物技术', '工程咨询'],
  N: ['环境工程', '水务', '清洁服务'],
  O: ['家政服务', '汽车维修', '洗涤服务'],
  P: ['教育科技', '培训'],
  Q: ['健康管理', '医疗管理', '养老服务'],
  R: ['文化传媒', '影视文化', '体育发展', '演艺'],
};

const INDIVIDUAL_BUSINESS_WORDS: Record<string, readonly string[]> = {
  F: ['便利店', '水果店', '海鲜店', '五金商店', '服装店', '日杂商店', '烟酒超市', '粮油店'],
  H: ['小吃部', '烧烤店', '家常菜馆', '饺子馆', '海鲜大排档'],
  O: ['理发店', '汽车修理部', '干洗店', '手机维修部', '修鞋部'],
};

const COOPERATIVE_WORDS = ['种植专业合作社', '养殖专业合作社', '果蔬专业合作社', '海参养殖专业合作社', '樱桃种植专业合作社', '农机专业合作社'];

const ASSOCIATION_WORDS = [
  '物流协会', '软件行业协会', '餐饮行业协会', '摄影家协会', '书法家协会', '志愿者协会', '养老服务协会',
  '家政服务协会', '电子商务协会', '建筑装饰协会', '海产品行业商会', '汽车流通商会', '青年企业家商会', '进出口商会',
];
const PRIVATE_UNIT_WORDS = ['培训学校', '民办学校', '养老服务中心', '社会工作服务中心', '康复中心', '幼儿园', '艺术培训学校'];
const FOUNDATION_WORDS = ['公益基金会', '慈善基金会', '教育基金会', '助学基金会', '青少年发展基金会'];
const AGENCY_WORDS = ['街道办事处'];
const INSTITUTION_WORDS = ['小学', '中学', '幼儿园', '社区卫生服务中心', '文化馆', '卫生院', '中心医院', '便民服务中心', '综合执法服务中心'];

export const ENTERPRISE_FORMS = weighted([
  ['有限公司', 70],
  ['有限责任公司', 12],
  ['股份有限公司', 8],
  ['集团有限公司', 4],
] as const);

const SUFFIX_WORDS = [
  ...Object.values(ENTERPRISE_WORDS).flat(),
  ...Object.values(INDIVIDUAL_BUSINESS_WORDS).flat(),
  ...COOPERATIVE_WORDS, ...ASSOCIATION_WORDS, ...PRIVATE_UNIT_WORDS, ...FOUNDATION_WORDS, ...AGENCY_WORDS, ...INSTITUTION_WORDS,
];

const RAW_TRADE_NAME_CHARS =
  '鑫海恒达宏远华盛泰丰金源瑞祥德顺兴隆嘉和东方佳信诚博创天宇星辰汇正永康明辉腾飞龙凯迪锦绣润泽荣昌福万利美亿联百川峰晟晨阳光景英杰俊豪广同易图智云益友乐思维捷振邦奥航港湾滨渤辽连石松柏桦林森泓浩涛洋波澜帆舟岳峻嵘禾麦穗谷田丰盈富贵吉庆安宁平静怡馨雅致远鹏翔骏驰昊旭曦朗晴虹霞彩韵诺启元亨达通聚合众力铭鼎尚品优卓越凯旋';

/** 字号 characters: deduplicated, and never the first character of a suffix (see the module comment). */
export const TRADE_NAME_CHARS: readonly string[] = (() => {
  const excluded = new Set(SUFFIX_WORDS.map((w) => w[0]!));
  for (const c of '市区县省大中') excluded.add(c);
  return [...new Set(RAW_TRADE_NAME_CHARS)].filter((c) => !excluded.has(c));
})();

const K = TRADE_NAME_CHARS.length;
const K2 = K * K;
const K3 = K2 * K;

/**
 * The 字号 of generated row `index`: two characters for the first K² rows, three for the next K³,
 * four beyond — a bijection, scattered so consecutive rows do not read alphabetically.
 */
export function tradeName(index: number): string {
  const c = TRADE_NAME_CHARS;
  if (index < K2) {
    const v = scatter(index, 7919, 4111, K2);
    return c[Math.floor(v / K)]! + c[v % K]!;
  }
  if (index < K2 + K3) {
    const v = scatter(index - K2, 104_729, 777_767, K3);
    return c[Math.floor(v / K2)]! + c[Math.floor(v / K) % K]! + c[v % K]!;
  }
  let v = scatter(index - K2 - K3, 15_485_863, 1_234_567, K3 * K);
  let s = '';
  for (let i = 0; i < 4; i++, v = Math.floor(v / K)) s = c[v % K]! + s;
  return s;
}

/** 大连市中山区 for districts; 长海县, 瓦房店市, 庄河市 stand on their own. */
export function districtPrefix(division: string): string {
  const name = DALIAN_DISTRICTS[division]!;
  return name.endsWith('区') ? `大连市${name}` : name;
}

export function enterpriseName(index: number, rng: Random, industry: string): string {
  const form = rng.weighted(ENTERPRISE_FORMS);
  const prefix = form === '集团有限公司' || rng.chance(0.06) ? '辽宁' : '大连';
  return `${prefix}${tradeName(index)}${rng.pick(ENTERPRISE_WORDS[industry] ?? ENTERPRISE_WORDS.F!)}${form}`;
}

/** Sections individual businesses are drawn from (shops, eateries, repairs). */
export const INDIVIDUAL_BUSINESS_INDUSTRIES = weighted([
  ['F', 50],
  ['H', 30],
  ['O', 20],
] as const);

export function individualBusinessName(index: number, rng: Random, industry: string, division: string): string {
  const district = DALIAN_DISTRICTS[division]!;
  return `${district}${tradeName(index)}${rng.pick(INDIVIDUAL_BUSINESS_WORDS[industry] ?? INDIVIDUAL_BUSINESS_WORDS.F!)}`;
}

export function cooperativeName(index: number, rng: Random, division: string): string {
  return `${DALIAN_DISTRICTS[division]!}${tradeName(index)}${rng.pick(COOPERATIVE_WORDS)}`;
}

/** Social organisations by organisation type: 1 社会团体, 2 民办非企业单位, 3 基金会. */
export function socialOrganizationName(index: number, rng: Random, type: string, division: string): string {
  if (type === '1') return `大连市${tradeName(index)}${rng.pick(ASSOCIATION_WORDS)}`;
  if (type === '3') return `大连${tradeName(index)}${rng.pick(FOUNDATION_WORDS)}`;
  return `${districtPrefix(division)}${tradeName(index)}${rng.pick(PRIVATE_UNIT_WORDS)}`;
}

/** Public bodies by organisation type: 1 机关, 2 事业单位. */
export function publicBodyName(index: number, rng: Random, type: string, division: string): string {
  const words = type === '1' ? AGENCY_WORDS : INSTITUTION_WORDS;
  return `${districtPrefix(division)}${tradeName(index)}${rng.pick(words)}`;
}

// ---- persons ----

/** Family names, weighted towards those common in Dalian (many families came from Shandong). */
const FAMILY_NAMES = weighted(
  (
    [
      ['王', 90], ['李', 75], ['张', 75], ['刘', 70], ['于', 30], ['孙', 30], ['赵', 28], ['陈', 28], ['杨', 26],
      ['姜', 18], ['曲', 14], ['宋', 14], ['高', 14], ['徐', 14], ['周', 12], ['吴', 10], ['马', 12], ['董', 12],
      ['林', 10], ['丛', 6], ['隋', 5], ['邹', 6], ['郭', 10], ['曹', 8], ['韩', 10], ['冯', 7], ['邵', 5],
      ['盛', 4], ['谷', 4], ['初', 4], ['鞠', 4], ['毕', 4], ['修', 3], ['宫', 4], ['崔', 8], ['邢', 5], ['欧阳', 1],
    ] as const
  ).map(([n, w]) => [n, w] as const),
);

const MALE_GIVEN = '伟强军磊涛明超勇杰鹏刚斌辉波峰浩宇鑫龙海洋东晨阳志国建平永春立新文华德清俊凯旭博';
const FEMALE_GIVEN = '丽娜静敏燕艳芳娟霞红梅玲丹雪婷颖琳洁慧月秀兰萍晶璐佳欣悦雯倩莉宁琪';

export function personName(rng: Random, male = rng.chance(0.55)): string {
  const chars = male ? MALE_GIVEN : FEMALE_GIVEN;
  const first = chars[rng.int(0, chars.length - 1)]!;
  const given = rng.chance(0.72) ? first + chars[rng.int(0, chars.length - 1)]! : first;
  return rng.weighted(FAMILY_NAMES) + given;
}

// ---- issuing authorities ----

export interface Authority {
  name: string;
  uscc: string;
  division: string;
}

/**
 * A public body's USCC: authority 1 (机构编制), type 1 (机关), and an organisation-code body in
 * the `00xxxxxx` range that generated subjects never use (theirs start 1–9, MA, MB or MJ).
 */
function agencyUscc(division: string, serial: number): string {
  return completeUscc(`11${division}00${String(serial).padStart(6, '0')}`);
}

function authority(name: string, division: string, serial: number): Authority {
  return { name, uscc: agencyUscc(division, serial), division };
}

/** City departments that decide 双公示 records, keyed for the record templates. */
export const AUTHORITIES = {
  market: authority('大连市市场监督管理局', '210200', 241_601),
  tax: authority('国家税务总局大连市税务局', '210200', 241_602),
  hrss: authority('大连市人力资源和社会保障局', '210200', 241_603),
  ecology: authority('大连市生态环境局', '210200', 241_604),
  emergency: authority('大连市应急管理局', '210200', 241_605),
  housing: authority('大连市住房和城乡建设局', '210200', 241_606),
  transport: authority('大连市交通运输局', '210200', 241_607),
  health: authority('大连市卫生健康委员会', '210200', 241_608),
  police: authority('大连市公安局', '210200', 241_609),
  education: authority('大连市教育局', '210200', 241_610),
  urban: authority('大连市城市管理局', '210200', 241_611),
  civil: authority('大连市民政局', '210200', 241_612),
} as const satisfies Record<string, Authority>;

export type AuthorityKey = keyof typeof AUTHORITIES;

/** District market-regulation bureaus: most penalties are decided at district level. */
export const DISTRICT_MARKET_BUREAUS: Record<string, Authority & { abbreviation: string }> = Object.fromEntries(
  Object.keys(DALIAN_DISTRICTS).map((division, i) => {
    const abbreviation = ['大中', '大西', '大沙', '大甘', '大旅', '大金', '大普', '长', '瓦', '庄'][i]!;
    return [division, { ...authority(`${districtPrefix(division)}市场监督管理局`, division, 242_001 + i), abbreviation }];
  }),
);

export interface Court extends Authority {
  /** The court's code in case numbers: 辽0202 for 中山区, 辽02 for the intermediate court. */
  caseCode: string;
}

export const INTERMEDIATE_COURT: Court = { ...authority('大连市中级人民法院', '210200', 243_001), caseCode: '辽02' };

/** Basic courts by the district they sit in. */
export const DISTRICT_COURTS: Record<string, Court> = Object.fromEntries(
  Object.keys(DALIAN_DISTRICTS).map((division, i) => [
    division,
    { ...authority(`${districtPrefix(division)}人民法院`, division, 243_002 + i), caseCode: `辽${division.slice(2)}` },
  ]),
);

/** Every fixed public body the records name, in a stable order (they are inserted as legal persons). */
export const FIXED_PUBLIC_BODIES: readonly Authority[] = [
  ...Object.values(AUTHORITIES),
  ...Object.values(DISTRICT_MARKET_BUREAUS),
  INTERMEDIATE_COURT,
  ...Object.values(DISTRICT_COURTS),
];

/** Creditors named in judgments (banks lend; the rest are private plaintiffs). */
export const CREDITOR_BANKS = [
  '中国工商银行股份有限公司大连分行',
  '中国建设银行股份有限公司大连分行',
  '中国农业银行股份有限公司大连分行',
  '大连银行股份有限公司',
  '大连农村商业银行股份有限公司',
  '招商银行股份有限公司大连分行',
];

export const FOODS = ['鲜海参', '扇贝', '散装白酒', '熟肉制品', '糕点', '蔬菜', '豆制品', '食用植物油', '大米', '冷冻水饺'];
export const PROJECT_WORDS = ['花园住宅小区', '商业综合体', '厂房', '物流仓库', '学校教学楼', '市政道路', '安置房'];
