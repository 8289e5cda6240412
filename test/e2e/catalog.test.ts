import { sql } from 'drizzle-orm';
import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommittedSupergraph } from '../../gateway/src/compose.ts';
import { BUSINESS_LISTING_RULES } from '../../subgraphs/business/listing-rules.ts';
import { GOVERNMENT_LISTING_RULES } from '../../subgraphs/government/listing-rules.ts';
import { JUDICIAL_LISTING_RULES } from '../../subgraphs/judicial/listing-rules.ts';
import { RECORD_TYPES } from '../../subgraphs/kernel/catalog.ts';
import { SOCIAL_LISTING_RULES } from '../../subgraphs/social/listing-rules.ts';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import type { RunningStack } from '../../src/stack.ts';
import { testAuth } from '../support/auth.ts';
import { openTestDatabase } from '../support/database.ts';
import { post, startTestStack } from '../support/stack.ts';

let database: Database;
let closeDb: () => Promise<void>;
let stack: RunningStack;

beforeAll(async () => {
  ({ database, close: closeDb } = await openTestDatabase());
  stack = await startTestStack(database, (await testAuth()).verifier);
});

afterAll(async () => {
  await stack?.close();
  await closeDb?.();
});

describe('the information catalog (task 1)', () => {
  it('lists every record type of the supergraph — none forgotten', () => {
    const schema = buildSchema(readCommittedSupergraph(), { assumeValidSDL: true });
    const recordTypes = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && 'id' in t.getFields() && ('decisionDate' in t.getFields() || 'publishedDate' in t.getFields()))
      .map((t) => t.name)
      .sort();
    expect(RECORD_TYPES.map((r) => r.type).sort()).toEqual(recordTypes);
  });

  it('answers anyone with fields, access classes, sectors, periods and suppliers derived from the SDL', async () => {
    const { body } = await post(
      stack.gatewayUrl,
      `{ informationCatalog { recordType domain name tasks sectors { code description } fields { name access }
          publicationPeriods { severity minMonths maxMonths publicByDefault } suppliers { code name } } }`,
    );
    expect(body.errors).toBeUndefined();
    const byType = Object.fromEntries(body.data.informationCatalog.map((e: any) => [e.recordType, e]));
    expect(Object.keys(byType)).toHaveLength(RECORD_TYPES.length);
    const access = (type: string, field: string) => byType[type].fields.find((f: any) => f.name === field)?.access;
    expect(access('AdministrativePenalty', 'documentNumber')).toBe('PUBLIC');
    expect(access('AdministrativePenalty', 'receivedAt')).toBe('INTERNAL');
    expect(access('DishonestJudgmentDebtor', 'subjectFullName')).toBe('AUTHORIZED');
    expect(byType.BusinessRecord.sectors).toHaveLength(14);
    expect(byType.BusinessRecord.sectors[0]).toEqual({ code: 'SAFETY_PRODUCTION', description: expect.stringContaining('task 23') });
    expect(byType.SocialRecord.sectors).toHaveLength(12);
    expect(byType.AdministrativePenalty.publicationPeriods).toContainEqual({ severity: 'SEVERE', minMonths: 12, maxMonths: 36, publicByDefault: true });
    expect(byType.AdministrativePenalty.publicationPeriods).toContainEqual({ severity: 'MINOR', minMonths: 0, maxMonths: 3, publicByDefault: false });
    expect(byType.AdministrativeLicence.publicationPeriods).toEqual([]);
    expect(byType.AdministrativePenalty.suppliers.map((s: any) => s.code)).toContain('dl-market');
    expect(byType.JudicialRecord.suppliers.map((s: any) => s.code)).toContain('dl-court');
    expect(byType.JudicialRecord.suppliers.map((s: any) => s.code)).not.toContain('dl-market');
  });

  const RULES = `{ listingRules { code domain listTypes listName recordType description } }`;
  // Each domain's own configuration, imported from the domain, not from the catalog's collection:
  // a rule added to a domain (or a domain's rules left out of the collection) fails here.
  const CONFIGURED = { GOVERNMENT: GOVERNMENT_LISTING_RULES, BUSINESS: BUSINESS_LISTING_RULES, SOCIAL: SOCIAL_LISTING_RULES, JUDICIAL: JUDICIAL_LISTING_RULES };

  it('lists every configured listing rule, by domain, to anyone — none missing, none invented', async () => {
    const { body } = await post(stack.gatewayUrl, RULES);
    expect(body.errors).toBeUndefined();
    const published = body.data.listingRules as { code: string; domain: string; listTypes: string[]; listName: string | null; recordType: string; description: string }[];
    const configured = Object.entries(CONFIGURED).flatMap(([domain, rules]) => rules.map((r) => ({ code: r.code, domain, recordType: r.recordType })));
    const domainRules = published.filter((r) => r.domain !== 'CROSS_REGION');
    expect(domainRules.map((r) => ({ code: r.code, domain: r.domain, recordType: r.recordType })).sort((a, b) => a.code.localeCompare(b.code))).toEqual(
      configured.sort((a, b) => a.code.localeCompare(b.code)),
    );
    // Cross-region: exactly the recognition rules in force, as the cross-region listings read them.
    const recognition = await rows<{ result_type: string; list_type: string; list_name: string }>(
      database.drizzle('test'),
      sql`select result_type, list_type, list_name from platform.partner_recognition_rule where status = 'ACTIVE'`,
    );
    expect(recognition.length).toBeGreaterThan(0);
    const crossRegion = published.filter((r) => r.domain === 'CROSS_REGION');
    expect(crossRegion.map((r) => [r.code, r.listTypes, r.listName]).sort()).toEqual(recognition.map((r) => [`PARTNER_${r.result_type}`, [r.list_type], r.list_name]).sort());
    for (const r of published) expect(r.description.length, r.code).toBeGreaterThan(10);
    const byCode = Object.fromEntries(published.map((r) => [r.code, r]));
    expect(byCode.JUDICIAL_DISHONEST_DEBTOR).toMatchObject({ domain: 'JUDICIAL', listTypes: ['BLACK'], listName: '失信被执行人名单', recordType: 'DishonestJudgmentDebtor' });
    expect(byCode.BUSINESS_A_GRADE_TAXPAYER).toMatchObject({ domain: 'BUSINESS', listTypes: ['RED'], listName: 'A级纳税人名单', recordType: 'TaxCreditRating' });
    expect(byCode.SOCIAL_WAGE_ARREARS).toMatchObject({ listTypes: ['KEY_ATTENTION'], recordType: 'WageArrearsRecord' });
    // A listing decision names its own list: every list type, no fixed name.
    expect(byCode.GOVERNMENT_LISTING_DECISION).toMatchObject({ listTypes: ['RED', 'KEY_ATTENTION', 'BLACK'], listName: null, recordType: 'ListingDecision' });
    // All three lists are covered.
    expect(new Set(published.flatMap((r) => r.listTypes))).toEqual(new Set(['RED', 'KEY_ATTENTION', 'BLACK']));
  });

  it('shows each record type the rules its records list by, and names every rule a listing cites', async () => {
    const { body } = await post(stack.gatewayUrl, `{ informationCatalog { recordType listingRules { code recordType } } }`);
    expect(body.errors).toBeUndefined();
    const byType = Object.fromEntries(body.data.informationCatalog.map((e: any) => [e.recordType, e.listingRules.map((r: any) => r.code)]));
    expect(byType.DishonestJudgmentDebtor).toEqual(['JUDICIAL_DISHONEST_DEBTOR']);
    expect(byType.AdministrativeLicence).toEqual([]);
    expect(byType.BusinessRecord).toEqual(BUSINESS_LISTING_RULES.filter((r) => r.recordType === 'BusinessRecord').map((r) => r.code));
    const { body: listed } = await post(stack.gatewayUrl, `query($u: String!) { legalPerson(uscc: $u) { creditListings { rule } } }`, { u: SHOWCASE.enterprise.uscc });
    expect(listed.errors).toBeUndefined();
    const cited = listed.data.legalPerson.creditListings.map((l: any) => l.rule);
    expect(cited.length).toBeGreaterThan(0);
    const { body: rules } = await post(stack.gatewayUrl, RULES);
    const codes = new Set(rules.data.listingRules.map((r: any) => r.code));
    for (const rule of cited) expect(codes, rule).toContain(rule);
  });
});
