import { sql } from 'drizzle-orm';
import type { Drizzle } from '../../subgraphs/kernel/db.ts';
import { sanctionMeasure } from '../schema/platform.ts';

/** A few measures of the demo measures list (措施清单), one per kind of list, for the README walk-through. */
export const DEMO_SANCTION_MEASURES: (typeof sanctionMeasure.$inferInsert)[] = [
  {
    listType: 'BLACK', listName: '失信被执行人名单', scenario: 'ADMINISTRATIVE_APPROVAL', departmentCode: 'dl-market',
    legalBasis: '《关于对失信被执行人实施联合惩戒的合作备忘录》（发改财金〔2016〕141号）', action: 'RESTRICT',
    content: '限制担任企业法定代表人及高级管理人员；从严审核行政许可审批项目', createdBy: 'seed',
  },
  {
    listType: 'BLACK', listName: null, scenario: 'GOVERNMENT_PROCUREMENT', departmentCode: 'dl-urban',
    legalBasis: '《中华人民共和国政府采购法实施条例》第十九条；国发〔2016〕33号', action: 'REFUSE',
    content: '依法限制参与政府采购活动', createdBy: 'seed',
  },
  {
    listType: 'KEY_ATTENTION', listName: null, scenario: 'ADMINISTRATIVE_APPROVAL', departmentCode: 'dl-market',
    legalBasis: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）', action: 'SCRUTINISE',
    content: '列为重点监管对象，提高抽查比例和频次，不适用告知承诺制', createdBy: 'seed',
  },
  {
    listType: 'RED', listName: 'A级纳税人名单', scenario: 'ADMINISTRATIVE_APPROVAL', departmentCode: 'dl-market',
    legalBasis: '《关于对纳税信用A级纳税人实施联合激励措施的合作备忘录》（发改财金〔2016〕1467号）', action: 'FAST_TRACK',
    content: '开通绿色通道，容缺受理，优先办理', createdBy: 'seed',
  },
  {
    listType: 'RED', listName: 'A级纳税人名单', scenario: 'CREDIT_LOANS', departmentCode: 'dl-tax',
    legalBasis: '《关于对纳税信用A级纳税人实施联合激励措施的合作备忘录》（发改财金〔2016〕1467号）', action: 'FAST_TRACK',
    content: '银税互动：向合作银行推送，信易贷优先放款', createdBy: 'seed',
  },
  {
    listType: 'BLACK', listName: '拖欠农民工工资失信联合惩戒对象名单', scenario: 'PUBLIC_RESOURCE_TRADING', departmentCode: 'dl-housing',
    legalBasis: '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）', action: 'REFUSE',
    content: '限制参与工程建设项目招标投标', createdBy: 'seed',
  },
];

/** Adds the demo measures once: only when the measures list is still empty. */
export async function seedSanctionMeasures(db: Drizzle): Promise<number> {
  const [{ n }] = (await db.select({ n: sql<number>`count(*)` }).from(sanctionMeasure)) as [{ n: number }];
  if (Number(n) > 0) return 0;
  await db.insert(sanctionMeasure).values(DEMO_SANCTION_MEASURES);
  return DEMO_SANCTION_MEASURES.length;
}
