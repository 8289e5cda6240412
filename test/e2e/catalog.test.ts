import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommittedSupergraph } from '../../gateway/src/compose.ts';
import { RECORD_TYPES } from '../../subgraphs/kernel/catalog.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
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
});
