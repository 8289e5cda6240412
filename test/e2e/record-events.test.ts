import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { administrativePenalty } from '../../drizzle/schema/government.ts';
import { type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { PreparedRows, storePreparedRows } from '../../subgraphs/kernel/ingest.ts';
import type { PublishedRecord, RecordBatchPayload, StatusChangedPayload } from '../../subgraphs/kernel/record-events.ts';
import { recordStatusChange, lockRecord } from '../../subgraphs/kernel/lifecycle/records.ts';
import { lifecycle as governmentLifecycle } from '../../subgraphs/government/store.ts';
import { post, useTestStack } from '../support/stack.ts';

/**
 * The record events every domain appends for the statistics: one per stored batch, in the
 * batch's transaction, describing only the rows it newly stored.
 */
const t = useTestStack();
let db: Drizzle;
let subject: { uscc: string; name: string };
const departments = new Map<string, string>();

const AUTHORITY = { authorityName: '大连市应急管理局', authorityUscc: '11210202000000019H' };
const unique = () => `事件〔2026〕${Math.floor(Math.random() * 1e9)}号`;

beforeAll(async () => {
  db = t.database.drizzle('test');
  subject = (await rows<{ uscc: string; name: string }>(db, sql`select uscc, name from platform.legal_person where kind = 'ENTERPRISE' order by uscc limit 1`))[0]!;
  for (const d of await rows<{ code: string; uscc: string }>(db, sql`select code, uscc from access.department`)) departments.set(d.code, d.uscc);
});

interface EventRow extends Record<string, unknown> {
  seq: unknown;
  topic: string;
  key: string;
  producer: string;
  payload: unknown;
}

const lastSeq = async () => Number((await rows<{ s: unknown }>(db, sql`select coalesce(max(seq), 0) as s from events.event`))[0]!.s);

async function eventsSince(seq: number, topic: string): Promise<(EventRow & { payload: RecordBatchPayload })[]> {
  const found = await rows<EventRow>(db, sql`select seq, topic, key, producer, payload from events.event where seq > ${seq} and topic = ${topic} order by seq`);
  return found.map((e) => ({ ...e, payload: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as RecordBatchPayload }));
}

async function submit(department: string, domain: string, mutation: string, inputType: string, arg: string, records: unknown[]) {
  const headers = { authorization: `Bearer ${await t.auth.token('department', department, { scopes: ['gov:internal', `gov:write:${domain}`] })}` };
  const { body } = await post(
    t.stack.gatewayUrl,
    `mutation($r: [${inputType}!]!) { ${mutation}(input: { ${arg}: $r }) { accepted duplicates rejected results { status id problems { field reason } } } }`,
    { r: records },
    headers,
  );
  expect(body.errors).toBeUndefined();
  return body.data[mutation] as { accepted: number; duplicates: number; rejected: number; results: { status: string; id: string | null }[] };
}

function sectorRecord(sector: string, overrides: Record<string, unknown> = {}) {
  return {
    sector,
    category: '不良记录',
    subjectCategory: 'LEGAL_PERSON',
    subjectName: subject.name,
    subjectUscc: subject.uscc,
    polarity: 'NEGATIVE',
    severity: 'SEVERE',
    title: '未履行法定义务',
    facts: '经查，当事人未按规定履行法定义务。',
    documentNumber: unique(),
    decisionDate: '2026-10-20',
    ...AUTHORITY,
    ...overrides,
  };
}

const DOMAINS = [
  { domain: 'government', typ: 'GovernmentRecord', department: 'dl-market', sector: 'GOVERNMENT_DISHONESTY', lists: ['BLACK'], positiveLists: [] },
  { domain: 'business', typ: 'BusinessRecord', department: 'dl-market', sector: 'TAXATION', lists: ['BLACK'], positiveLists: ['RED'] },
  { domain: 'social', typ: 'SocialRecord', department: 'dl-hrss', sector: 'SOCIAL_SECURITY', lists: ['BLACK'], positiveLists: [] },
  { domain: 'judicial', typ: 'JudicialRecord', department: 'dl-court', sector: 'FIRE_SAFETY', lists: ['KEY_ATTENTION'], positiveLists: [] },
] as const;

describe.each(DOMAINS)('$domain submissions', ({ domain, typ, department, sector, lists, positiveLists }) => {
  it('append one credit-record.published event per call, describing only the rows newly stored', async () => {
    const before = await lastSeq();
    const severe = sectorRecord(sector);
    const positive = sectorRecord(sector, { polarity: 'POSITIVE', severity: null, category: '守信激励', title: '诚信示范' });
    const bad = sectorRecord(sector, { subjectUscc: 'bad' });
    const result = await submit(department, domain, `submit${typ}s`, `${typ}Input`, 'records', [severe, positive, bad, severe]);
    expect(result).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1 });

    const [event, ...more] = await eventsSince(before, 'credit-record.published');
    expect(more).toEqual([]);
    expect(event!.producer).toBe(domain);
    const p = event!.payload;
    expect(p).toMatchObject({ domain, recordType: typ, departmentUscc: departments.get(department), submitted: 4, accepted: 2, duplicates: 1, rejected: 1, rejectedByReason: { LENGTH: 1 } });
    expect(p.records.map((r) => r.id)).toEqual(result.results.filter((r) => r.status === 'ACCEPTED').map((r) => r.id));
    const [negative, good] = p.records as [PublishedRecord, PublishedRecord];
    expect(negative).toMatchObject({ subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE', severity: 'SEVERE', sector, category: '不良记录', decisionDate: '2026-10-20', late: null });
    expect(negative.publishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(negative.listTypes).toEqual(lists);
    expect(good).toMatchObject({ polarity: 'POSITIVE', severity: null, listTypes: positiveLists });

    // Sent again: all duplicates, and an event that counts them with no records.
    const again = await submit(department, domain, `submit${typ}s`, `${typ}Input`, 'records', [severe]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    const [repeat, ...extra] = await eventsSince(before, 'credit-record.published').then((e) => e.slice(1));
    expect(extra).toEqual([]);
    expect(repeat!.payload).toMatchObject({ submitted: 1, accepted: 0, duplicates: 1, rejected: 0, records: [] });
  });

  it('count a call whose rows are all rejected', async () => {
    const before = await lastSeq();
    await submit(department, domain, `submit${typ}s`, `${typ}Input`, 'records', [sectorRecord(sector, { subjectUscc: 'bad' }), sectorRecord(sector, { decisionDate: '2099-01-01' })]);
    const [event, ...more] = await eventsSince(before, 'credit-record.published');
    expect(more).toEqual([]);
    expect(event!.payload).toMatchObject({ domain, submitted: 2, accepted: 0, rejected: 2, rejectedByReason: { LENGTH: 1, IN_THE_FUTURE: 1 }, records: [] });
  });

  it('append credit-listing.decided for listing decisions', async () => {
    const before = await lastSeq();
    const cap = `${domain[0]!.toUpperCase()}${domain.slice(1)}`;
    const decision = {
      listType: 'BLACK', listName: '严重失信主体名单', subjectCategory: 'LEGAL_PERSON', subjectName: subject.name, subjectUscc: subject.uscc,
      facts: '认定事实', legalBasis: '认定依据', documentNumber: unique(), decisionDate: '2026-10-01', ...AUTHORITY,
    };
    const result = await submit(department, domain, `submit${cap}ListingDecisions`, 'ListingDecisionInput', 'decisions', [decision]);
    expect(result.accepted).toBe(1);
    const [event, ...more] = await eventsSince(before, 'credit-listing.decided');
    expect(more).toEqual([]);
    expect(event!.payload).toMatchObject({ domain, recordType: 'ListingDecision', accepted: 1 });
    expect(event!.payload.records[0]).toMatchObject({ id: result.results[0]!.id, listType: 'BLACK', listName: '严重失信主体名单', polarity: 'NEGATIVE', listTypes: ['BLACK'] });
    expect(await eventsSince(before, 'credit-record.published')).toEqual([]);
  });
});

describe('双公示 submissions', () => {
  const penalty = (overrides: Record<string, unknown> = {}) => ({
    subjectName: subject.name, subjectCategory: 'LEGAL_PERSON', subjectUscc: subject.uscc, documentNumber: unique(),
    violationType: '违法', violationFacts: '事实', legalBasis: '依据', penaltyCategories: ['WARNING'], penaltyContent: '警告',
    decisionDate: '2026-11-02', ...AUTHORITY, ...overrides,
  });

  it('say which penalties were published after the 7-working-day deadline, and the lists they imply', async () => {
    const before = await lastSeq();
    const late = penalty({ decisionDate: '2026-01-05', severity: 'SEVERE' });
    const result = await submit('dl-market', 'government', 'submitAdministrativePenalties', 'AdministrativePenaltyInput', 'records', [late]);
    expect(result.accepted).toBe(1);
    const [event] = await eventsSince(before, 'credit-record.published');
    expect(event!.payload).toMatchObject({ domain: 'government', recordType: 'AdministrativePenalty', departmentUscc: departments.get('dl-market') });
    // Published today, months after the decision: late. A severe penalty in its window is key-attention.
    expect(event!.payload.records[0]).toMatchObject({ polarity: 'NEGATIVE', severity: 'SEVERE', category: 'ADMINISTRATIVE_PENALTY', decisionDate: '2026-01-05', late: true, listTypes: ['KEY_ATTENTION'] });
  });

  it('write the event in the batch transaction: a rolled-back batch leaves neither rows nor event', async () => {
    const before = await lastSeq();
    const count = async () => Number((await rows<{ n: unknown }>(db, sql`select count(*) as n from government.administrative_penalty`))[0]!.n);
    const rowsBefore = await count();
    const row = {
      subjectUscc: subject.uscc, subjectName: subject.name, subjectCategory: 'LEGAL_PERSON', documentNumber: unique(), decisionDate: '2026-11-02',
      ...AUTHORITY, sourceName: '大连市市场监督管理局', sourceUscc: departments.get('dl-market')!, violationType: '违法', violationFacts: '事实',
      legalBasis: '依据', penaltyCategories: ['WARNING'], penaltyContent: '警告', severity: 'GENERAL', publishedDate: '2026-11-03', publicationDeadline: '2026-11-11',
    };
    const prepared = new PreparedRows();
    prepared.add({ index: 0, row, problems: [] });
    await expect(
      db.transaction(async (tx) => {
        const stored = await storePreparedRows(tx as unknown as Drizzle, administrativePenalty, { domain: 'government', type: 'AdministrativePenalty' }, prepared);
        expect(stored.accepted).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count()).toBe(rowsBefore);
    expect(await eventsSince(before, 'credit-record.published')).toEqual([]);
    // Committed, the same batch is stored with its one event; the department falls back to the rows' data source.
    const stored = await db.transaction((tx) => storePreparedRows(tx as unknown as Drizzle, administrativePenalty, { domain: 'government', type: 'AdministrativePenalty' }, prepared));
    expect(stored.accepted).toBe(1);
    const [event, ...more] = await eventsSince(before, 'credit-record.published');
    expect(more).toEqual([]);
    expect(event!.payload).toMatchObject({ departmentUscc: departments.get('dl-market'), accepted: 1, records: [{ late: false, publishedOn: '2026-11-03' }] });
  });

  it('append credit-record.status-changed when the lifecycle revokes a record, with the lists left', async () => {
    const result = await submit('dl-market', 'government', 'submitAdministrativePenalties', 'AdministrativePenaltyInput', 'records', [penalty({ severity: 'SEVERE' })]);
    const key = Buffer.from(result.results[0]!.id!, 'base64url').toString().split(':')[2]!;
    const before = await lastSeq();
    const spec = governmentLifecycle.types.AdministrativePenalty!;
    const change = { status: 'REVOKED' as const, effectiveOn: '2026-11-20', reason: '撤销', causeType: 'OBJECTION' as const, causeId: `test-${key}` };
    await db.transaction(async (tx) => {
      const record = await lockRecord(tx as unknown as Drizzle, spec, key);
      await recordStatusChange(tx as unknown as Drizzle, governmentLifecycle, 'AdministrativePenalty', record!, change);
    });
    const [event, ...more] = await eventsSince(before, 'credit-record.status-changed');
    expect(more).toEqual([]);
    const p = event!.payload as unknown as StatusChangedPayload;
    expect(p).toMatchObject({ domain: 'government', recordType: 'AdministrativePenalty', recordId: result.results[0]!.id, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, oldStatus: 'PUBLISHED', newStatus: 'REVOKED', polarity: 'NEGATIVE', severity: 'SEVERE' });
    // The earlier severe penalty (late, above) still lists the subject; the revoked one no longer does.
    expect(p.listTypes).toContain('KEY_ATTENTION');
    // The same cause again changes nothing and appends nothing.
    await db.transaction(async (tx) => {
      const record = await lockRecord(tx as unknown as Drizzle, spec, key);
      await recordStatusChange(tx as unknown as Drizzle, governmentLifecycle, 'AdministrativePenalty', record!, change);
    });
    expect(await eventsSince(before, 'credit-record.status-changed')).toHaveLength(1);
  });
});
