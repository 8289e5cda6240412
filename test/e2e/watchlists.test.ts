import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows } from '../../subgraphs/kernel/db.ts';
import { upsertAgency } from '../../subgraphs/kernel/access/agencies.ts';
import { appendEvents } from '../../subgraphs/kernel/events/index.ts';
import { type Drizzle } from '../../subgraphs/kernel/db.ts';
import { lockRecord, recordStatusChange } from '../../subgraphs/kernel/lifecycle/records.ts';
import { lifecycle as governmentLifecycle } from '../../subgraphs/government/store.ts';
import { toGlobalId } from '../../subgraphs/kernel/global-id.ts';
import { platformEventHandlers } from '../../subgraphs/platform/events.ts';
import { startWebhookDelivery } from '../../subgraphs/platform/watchlists/delivery.ts';
import { startListingSweep, sweepEndedListings } from '../../subgraphs/platform/watchlists/listing-expiry.ts';
import { createEndedAlerts } from '../../subgraphs/platform/watchlists/store.ts';
import { peersFor } from '../../subgraphs/kernel/peers.ts';
import { createLogger } from '../../subgraphs/kernel/logging.ts';
import { openWebhookSecret, webhookSecretKey } from '../../subgraphs/platform/watchlists/secret-seal.ts';
import { SHOWCASE_PERSON_ID, TEST_ID_HASH_KEY } from '../support/constants.ts';
import { post, useTestStack } from '../support/stack.ts';
import { waitFor as waitUntil } from '../support/wait-for.ts';

/**
 * Watchlists end to end: watching through the gateway with real tokens, alerts made from the
 * record events of the log, and webhook deliveries to a real local receiver, signed and retried.
 */
// Each test waits on background work (the event consumer, the webhook worker): generous bounds for a shared machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });
const BACKOFF_MS = 150;
// A POST that times out may still have reached the receiver (at-least-once): the tests count
// deliveries exactly, so the request timeout is far above anything a loaded machine takes.
const MAX_ATTEMPTS = 3;
/** A worker beside the stack's that never polls in a test's time (only its start-up work runs). */
const QUIET_WORKER = { pollIntervalMs: 600_000, backoffMs: BACKOFF_MS, maxBackoffMs: 2_000, maxAttempts: MAX_ATTEMPTS, timeoutMs: 5_000, batchSize: 4, allowHttp: true, listingSweepIntervalMs: 0 };
const t = useTestStack({
  settings: {
    events: { intervalMs: 40, maxAttempts: 10 },
    // The listing sweep runs when a test calls it, not on a timer.
    watchWebhooks: { pollIntervalMs: 30, backoffMs: BACKOFF_MS, maxBackoffMs: 2_000, maxAttempts: MAX_ATTEMPTS, timeoutMs: 60_000, batchSize: 20, allowHttp: true, listingSweepIntervalMs: 0 },
  },
});
const AGENCY = '91350100M000100Y43';
const db = () => t.database.drizzle('test');

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real HTTP receiver: records every POST; `answer` picks the status per path and attempt. */
const received: Received[] = [];
const answers = new Map<string, number[]>();
/** Paths whose next answer waits until the test opens the gate (an attempt held in flight). */
const gates = new Map<string, Promise<void>>();
function hold(path: string): () => void {
  let open!: () => void;
  gates.set(path, new Promise<void>((resolve) => (open = resolve)));
  return () => {
    gates.delete(path);
    open();
  };
}
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      await gates.get(path);
      const plan = answers.get(path);
      res.statusCode = plan && plan.length > 0 ? plan.shift()! : 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const found = await rows<{ uscc: string; name: string }>(db(), sql`select uscc, name from platform.legal_person where kind = 'ENTERPRISE' order by uscc limit 12`);
  enterprises.push(...found.map((r) => ({ uscc: r.uscc.trim(), name: r.name })));
  await upsertAgency(db(), { uscc: AGENCY, name: '大连示范征信有限公司', licenceNumber: 'ZX-2102-001', allowedPurposes: ['LOAN_APPROVAL', 'CREDIT_REPORT'] });
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

const enterprises: { uscc: string; name: string }[] = [];
const bearer = async (kind: 'department' | 'agency' | 'subject' | 'admin' | 'partner', id: string, extra: Record<string, string> = {}, options: Parameters<typeof t.auth.token>[2] = {}) => ({
  authorization: `Bearer ${await t.auth.token(kind, id, options)}`,
  ...extra,
});
const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => post(t.stack.gatewayUrl, query, variables, headers);

const WATCH = `mutation($s: [WatchSubjectInput!]!) { watchSubjects(input: { subjects: $s }) {
  accepted duplicates rejected results { index status subject { subjectType subjectId } problems { field reason } } } }`;
const UNWATCH = `mutation($s: [WatchSubjectInput!]!) { unwatchSubjects(input: { subjects: $s }) {
  accepted duplicates rejected results { index status problems { field reason } } } }`;
const REGISTER = `mutation($u: String!, $s: String) { registerWatchWebhook(input: { url: $u, secret: $s }) { secret webhook { url createdAt } } }`;
const ALERTS = `query($f: WatchAlertFilter, $after: String) { watchAlerts(filter: $f, first: 50, after: $after) { totalCount
  pageInfo { hasNextPage endCursor }
  edges { node { id kind occurredAt detailsHidden recordId domain recordType category severity recordDecisionDate listType listName
    subject { subjectType subjectId legalPerson { uscc name } naturalPerson { id maskedName } }
    deliveryStatus delivery { id status attempts lastResponseStatus deliveredAt } } } } }`;

async function alertsOf(headers: Record<string, string>, filter: Record<string, unknown> = {}) {
  const { body } = await gql(ALERTS, { f: filter }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.watchAlerts as { totalCount: number; edges: { node: any }[] };
}

// Deliveries wait on retries with backoff: longer than the shared default.
const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) => waitUntil(read, done, what, 90_000);

let eventNo = 0;
interface TestRecord {
  id: string;
  subjectType: 'LEGAL_PERSON' | 'NATURAL_PERSON';
  subjectId: string;
  polarity: 'NEGATIVE' | 'POSITIVE' | 'NEUTRAL';
  severity?: string;
  listTypes?: string[];
}

/** Appends a `credit-record.published` event as a domain does, by the contract of kernel/events/topics.ts. */
async function publish(records: TestRecord[]): Promise<number> {
  eventNo++;
  const [seq] = await appendEvents(db(), 'government', [
    {
      topic: 'credit-record.published',
      key: `watch-test:${Date.now()}:${eventNo}`,
      payload: {
        domain: 'government',
        recordType: 'AdministrativePenalty',
        departmentUscc: '11210200MB0000001X',
        submitted: records.length,
        duplicates: 0,
        rejected: 0,
        records: records.map((r) => ({ severity: 'GENERAL', category: '警告', decisionDate: '2026-11-20', late: false, listTypes: [], ...r })),
      },
    },
  ]);
  return seq!;
}

const recordId = () => toGlobalId('government', 'AdministrativePenalty', 900_000 + eventNo * 10 + Math.floor(Math.random() * 10));

/**
 * Waits until the worker has finished every attempt claimed so far: a delivery queued now is
 * claimed only by a later run, and runs never overlap in one process.
 */
async function deliveriesSettled(): Promise<void> {
  const h = await bearer('department', 'watch-sentinel');
  const subject = enterprises[1]!;
  await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h);
  await gql(REGISTER, { u: `${receiverUrl}/sentinel` }, h);
  const before = (await alertsOf(h)).totalCount;
  await publish([{ id: `${recordId()}S`, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
  await waitFor(() => alertsOf(h), (a) => a.totalCount === before + 1 && a.edges[0]!.node.deliveryStatus === 'DELIVERED', 'the sentinel delivery');
}

/** The HMAC a receiver computes: t=<unix>,v1=<hex of HMAC-SHA256("t.body")>. */
function verifySignature(header: string | string[] | undefined, body: string, secret: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  if (!m) return false;
  return createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex') === m[2];
}

describe('who may watch', () => {
  it('refuses anonymous callers, subjects and partners; internal callers and agencies get in', async () => {
    const anon = await gql(WATCH, { s: [{ uscc: enterprises[0]!.uscc }] }, {});
    expect(anon.body.data?.watchSubjects ?? null).toBeNull();
    expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(anon.body.errors?.[0]?.extensions?.code);
    const anonAlerts = await gql(ALERTS, {}, {});
    expect(anonAlerts.body.data?.watchAlerts ?? null).toBeNull();
    expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(anonAlerts.body.errors?.[0]?.extensions?.code);
    for (const headers of [await bearer('subject', enterprises[0]!.uscc, {}, { subjectType: 'LEGAL_PERSON' }), await bearer('partner', '2101')]) {
      const res = await gql(WATCH, { s: [{ uscc: enterprises[0]!.uscc }] }, headers);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    const webhook = await gql(REGISTER, { u: `${receiverUrl}/anon` }, {});
    expect(webhook.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('watching subjects in batches', () => {
  it('answers each row: accepted, duplicate, or rejected with the field and reason', async () => {
    const h = await bearer('department', 'watch-batch');
    const [a, b] = enterprises;
    const { body } = await gql(
      WATCH,
      {
        s: [
          { uscc: a!.uscc },
          { uscc: a!.uscc.toLowerCase() },
          { uscc: '91210200MA0000000A' },
          { uscc: '912102000000003340' },
          { naturalPersonId: SHOWCASE_PERSON_ID },
          { naturalPersonId: 'np_0000000000000000' },
          { uscc: b!.uscc, naturalPersonId: SHOWCASE_PERSON_ID },
          {},
        ],
      },
      h,
    );
    expect(body.errors).toBeUndefined();
    const r = body.data.watchSubjects;
    expect(r).toMatchObject({ accepted: 2, duplicates: 1, rejected: 5 });
    expect(r.results.map((x: any) => [x.status, x.problems.map((p: any) => `${p.field}:${p.reason}`)])).toEqual([
      ['ACCEPTED', []],
      ['DUPLICATE', []],
      ['REJECTED', ['subjects.2.uscc:INVALID_USCC']],
      ['REJECTED', ['subjects.3.uscc:UNKNOWN_SUBJECT']],
      ['ACCEPTED', []],
      ['REJECTED', ['subjects.5.naturalPersonId:UNKNOWN_SUBJECT']],
      ['REJECTED', ['subjects.6:AMBIGUOUS_SUBJECT']],
      ['REJECTED', ['subjects.7:REQUIRED']],
    ]);
    expect(r.results[1].subject).toEqual({ subjectType: 'LEGAL_PERSON', subjectId: a!.uscc });
    // Again: the watched ones are duplicates, nothing is added twice.
    const again = await gql(WATCH, { s: [{ uscc: a!.uscc }, { naturalPersonId: SHOWCASE_PERSON_ID }] }, h);
    expect(again.body.data.watchSubjects).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    const list = await gql(`{ myWatchlist(first: 10) { totalCount edges { node { subject { subjectType subjectId legalPerson { name } naturalPerson { maskedName } } consentLive purpose } } } }`, {}, h);
    expect(list.body.data.myWatchlist.totalCount).toBe(2);
    expect(list.body.data.myWatchlist.edges.map((e: any) => e.node.subject.subjectType)).toEqual(['NATURAL_PERSON', 'LEGAL_PERSON']);
    expect(list.body.data.myWatchlist.edges[1].node).toMatchObject({ consentLive: true, purpose: null, subject: { legalPerson: { name: a!.name } } });
    expect(list.body.data.myWatchlist.edges[0].node.subject.naturalPerson.maskedName).toMatch(/^.\*+$/);
    // Another watcher's list is its own.
    const other = await gql(`{ myWatchlist { totalCount } }`, {}, await bearer('department', 'watch-other'));
    expect(other.body.data.myWatchlist.totalCount).toBe(0);
  });

  it('unwatches, refuses what is not watched, and caps a batch at 1,000', async () => {
    const h = await bearer('department', 'watch-unwatch');
    const [a, b] = enterprises;
    await gql(WATCH, { s: [{ uscc: a!.uscc }] }, h);
    const { body } = await gql(UNWATCH, { s: [{ uscc: a!.uscc }, { uscc: a!.uscc }, { uscc: b!.uscc }, { uscc: 'bad' }] }, h);
    expect(body.data.unwatchSubjects.results.map((x: any) => [x.status, x.problems.map((p: any) => p.reason)])).toEqual([
      ['ACCEPTED', []],
      ['DUPLICATE', []],
      ['REJECTED', ['NOT_WATCHED']],
      ['REJECTED', ['INVALID_USCC']],
    ]);
    const tooMany = await gql(WATCH, { s: Array.from({ length: 1001 }, () => ({ uscc: a!.uscc })) }, h);
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.subjects', reason: 'TOO_MANY_SUBJECTS' });
    const empty = await gql(WATCH, { s: [] }, h);
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY' });
  });
});

describe('webhook endpoints', () => {
  it('refuses bad URLs and secrets with the field and reason', async () => {
    const h = await bearer('department', 'watch-urls');
    for (const [url, reason] of [
      ['ftp://example.org/hook', 'UNSUPPORTED_SCHEME'],
      ['javascript:alert(1)', 'UNSUPPORTED_SCHEME'],
      ['file:///etc/passwd', 'UNSUPPORTED_SCHEME'],
      ['not a url', 'INVALID_URL'],
      ['https://user:pw@example.org/hook', 'CREDENTIALS_IN_URL'],
      [`https://example.org/${'x'.repeat(2100)}`, 'TOO_LONG'],
    ] as const) {
      const { body } = await gql(REGISTER, { u: url }, h);
      expect(body.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.url', reason });
    }
    const short = await gql(REGISTER, { u: 'https://example.org/hook', s: 'short' }, h);
    expect(short.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.secret', reason: 'TOO_SHORT' });
    expect((await gql(`{ myWatchWebhook { url } }`, {}, h)).body.data.myWatchWebhook).toBeNull();
  });

  it('refuses addresses inside the network where private addresses are not allowed (as in production)', async () => {
    const h = await bearer('department', 'watch-private');
    // The platform reads its webhook settings at each registration; the stack runs in this process.
    process.env.WATCH_WEBHOOK_ALLOW_PRIVATE = 'false';
    try {
      for (const url of ['https://169.254.169.254/latest/meta-data', 'https://localhost/hook', 'https://[::1]/hook', 'https://10.0.0.8/hook', `${receiverUrl}/private`]) {
        const { body } = await gql(REGISTER, { u: url }, h);
        expect(body.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.url', reason: 'PRIVATE_ADDRESS' });
      }
      expect((await gql(`{ myWatchWebhook { url } }`, {}, h)).body.data.myWatchWebhook).toBeNull();
      const fine = await gql(REGISTER, { u: 'https://hooks.example.org/credit' }, h);
      expect(fine.body.data.registerWatchWebhook.webhook.url).toBe('https://hooks.example.org/credit');
    } finally {
      delete process.env.WATCH_WEBHOOK_ALLOW_PRIVATE;
    }
  });

  it('shows the secret once; rotates and removes it', async () => {
    const h = await bearer('department', 'watch-secret');
    const made = await gql(REGISTER, { u: 'https://example.org/hook#frag' }, h);
    expect(made.body.errors).toBeUndefined();
    expect(made.body.data.registerWatchWebhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(made.body.data.registerWatchWebhook.webhook.url).toBe('https://example.org/hook');
    const read = await gql(`{ myWatchWebhook { url createdAt secretRotatedAt } }`, {}, h);
    expect(read.body.data.myWatchWebhook.url).toBe('https://example.org/hook');
    expect(JSON.stringify(read.body)).not.toContain(made.body.data.registerWatchWebhook.secret);
    // On file only sealed: a copy of the database does not sign alerts.
    const stored = async () => (await rows<{ secret: string }>(db(), sql`select secret from platform.watch_webhook where owner_id = 'watch-secret'`))[0]!.secret;
    const first = await stored();
    expect(first).toMatch(/^sealed:v1:/);
    expect(first).not.toContain(made.body.data.registerWatchWebhook.secret.slice('whsec_'.length));
    expect(openWebhookSecret(webhookSecretKey(TEST_ID_HASH_KEY), { kind: 'department', id: 'watch-secret' }, first)).toBe(made.body.data.registerWatchWebhook.secret);
    const own = 'my-own-signing-secret-of-32-chars!';
    const rotated = await gql(`mutation($s: String) { rotateWatchWebhookSecret(input: { secret: $s }) { secret } }`, { s: own }, h);
    expect(rotated.body.data.rotateWatchWebhookSecret.secret).toBe(own);
    const second = await stored();
    expect(second).toMatch(/^sealed:v1:/);
    expect(second).not.toContain(own);
    // A secret stored in the clear (before sealing existed) is sealed when a delivery worker starts.
    await rows(db(), sql`update platform.watch_webhook set secret = ${own} where owner_id = 'watch-secret'`);
    const worker = startWebhookDelivery(t.database.drizzle('watch-sealer'), { ...QUIET_WORKER, allowPrivate: true }, webhookSecretKey(TEST_ID_HASH_KEY), createLogger({ level: 'silent' }));
    await worker.stop();
    const resealed = await stored();
    expect(resealed).toMatch(/^sealed:v1:/);
    expect(openWebhookSecret(webhookSecretKey(TEST_ID_HASH_KEY), { kind: 'department', id: 'watch-secret' }, resealed)).toBe(own);
    const removed = await gql(`mutation { removeWatchWebhook { removed cancelledDeliveries } }`, {}, h);
    expect(removed.body.data.removeWatchWebhook).toEqual({ removed: true, cancelledDeliveries: 0 });
    const twice = await gql(`mutation { removeWatchWebhook { removed } }`, {}, h);
    expect(twice.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NO_WEBHOOK' });
    const rotateNone = await gql(`mutation { rotateWatchWebhookSecret { secret } }`, {}, h);
    expect(rotateNone.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NO_WEBHOOK' });
  });
});

describe('alerts and their signed webhook deliveries', () => {
  it('alerts on a new negative record and listing, not on a positive record, and posts a signed delivery', async () => {
    const h = await bearer('department', 'watch-alerts');
    const subject = enterprises[2]!;
    await gql(WATCH, { s: [{ uscc: subject.uscc }, { naturalPersonId: SHOWCASE_PERSON_ID }] }, h);
    const reg = await gql(REGISTER, { u: `${receiverUrl}/alerts` }, h);
    const secret = reg.body.data.registerWatchWebhook.secret as string;
    const negative = recordId();
    const positive = `${recordId()}P`;
    const personRecord = `${recordId()}N`;
    await publish([
      { id: negative, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE', severity: 'SEVERE', listTypes: ['BLACK'] },
      { id: positive, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'POSITIVE' },
      { id: personRecord, subjectType: 'NATURAL_PERSON', subjectId: SHOWCASE_PERSON_ID, polarity: 'NEGATIVE' },
      // Somebody nobody here watches.
      { id: `${recordId()}X`, subjectType: 'LEGAL_PERSON', subjectId: enterprises[11]!.uscc, polarity: 'NEGATIVE' },
    ]);
    const alerts = await waitFor(() => alertsOf(h), (a) => a.totalCount === 3 && a.edges.every((e) => e.node.deliveryStatus === 'DELIVERED'), 'three delivered alerts');
    const nodes = alerts.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.kind, n.recordId, n.listType]).sort()).toEqual(
      [
        ['NEW_LISTING', negative, 'BLACK'],
        ['NEW_NEGATIVE_RECORD', negative, null],
        ['NEW_NEGATIVE_RECORD', personRecord, null],
      ].sort(),
    );
    const companyAlert = nodes.find((n) => n.kind === 'NEW_NEGATIVE_RECORD' && n.recordId === negative);
    expect(companyAlert).toMatchObject({
      detailsHidden: false,
      domain: 'GOVERNMENT',
      recordType: 'AdministrativePenalty',
      severity: 'SEVERE',
      recordDecisionDate: '2026-11-20',
      subject: { subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, legalPerson: { uscc: subject.uscc, name: subject.name } },
      delivery: { status: 'DELIVERED', attempts: 1, lastResponseStatus: 200 },
    });
    expect(nodes.some((n) => n.recordId === positive)).toBe(false);

    const posts = received.filter((r) => r.path === '/alerts');
    expect(posts).toHaveLength(3);
    for (const p of posts) {
      expect(p.headers['content-type']).toBe('application/json');
      expect(verifySignature(p.headers['x-credit-signature'], p.body, secret)).toBe(true);
      expect(verifySignature(p.headers['x-credit-signature'], p.body, `${secret}x`)).toBe(false);
      const sent = JSON.parse(p.body);
      expect(sent.deliveryId).toBe(p.headers['x-credit-delivery']);
      expect(nodes.find((n) => n.id === sent.alert.id)?.delivery.id).toBe(sent.deliveryId);
    }
    const personPost = JSON.parse(posts.find((p) => JSON.parse(p.body).alert.recordId === personRecord)!.body);
    expect(personPost.alert.subject).toEqual({ type: 'NATURAL_PERSON', naturalPersonId: SHOWCASE_PERSON_ID, maskedName: expect.stringMatching(/^.\*+$/) });
    // Nothing about the person beyond what the watcher may see: no name in full, no ID number.
    const [person] = await rows<{ name: string; id_number_masked: string }>(db(), sql`select name, id_number_masked from platform.natural_person where id = ${SHOWCASE_PERSON_ID}`);
    const personBody = posts.map((p) => p.body).join('\n');
    expect(personBody).not.toContain(person!.name);
    expect(personBody).not.toMatch(/\d{17}[\dX]/);
    const companyPost = JSON.parse(posts.find((p) => JSON.parse(p.body).alert.kind === 'NEW_LISTING')!.body);
    expect(companyPost.alert).toMatchObject({ kind: 'NEW_LISTING', listType: 'BLACK', recordId: negative, subject: { type: 'LEGAL_PERSON', uscc: subject.uscc, name: subject.name } });

    // Filters and pages.
    expect((await alertsOf(h, { kind: 'NEW_LISTING' })).totalCount).toBe(1);
    expect((await alertsOf(h, { naturalPersonId: SHOWCASE_PERSON_ID })).totalCount).toBe(1);
    expect((await alertsOf(h, { uscc: subject.uscc, deliveryStatus: 'DELIVERED' })).totalCount).toBe(2);
    const page = await gql(`{ watchAlerts(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {}, h);
    const next = await gql(`query($a: String) { watchAlerts(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage } } }`, { a: page.body.data.watchAlerts.pageInfo.endCursor }, h);
    expect(page.body.data.watchAlerts.pageInfo.hasNextPage).toBe(true);
    expect(next.body.data.watchAlerts.edges).toHaveLength(1);
    expect(next.body.data.watchAlerts.pageInfo.hasNextPage).toBe(false);
    // Another watcher sees none of them.
    expect((await alertsOf(await bearer('department', 'watch-other'))).totalCount).toBe(0);
  });

  it('makes no second alert or delivery when the event is delivered again', async () => {
    const h = await bearer('department', 'watch-redeliver');
    const subject = enterprises[3]!;
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h);
    await gql(REGISTER, { u: `${receiverUrl}/redeliver` }, h);
    const seq = await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    await waitFor(() => alertsOf(h), (a) => a.totalCount === 1 && a.edges[0]!.node.deliveryStatus === 'DELIVERED', 'the alert');
    // The consumer gets the event again (at-least-once delivery after a crash, say).
    await rows(db(), sql`update events.delivery set status = 'PENDING', next_attempt_at = now() where consumer = 'platform' and seq = ${seq}`);
    await waitFor(
      () => rows<{ status: string }>(db(), sql`select status from events.delivery where consumer = 'platform' and seq = ${seq}`),
      (r) => r[0]?.status === 'DONE',
      'the event applied again',
    );
    const alerts = await alertsOf(h);
    expect(alerts.totalCount).toBe(1);
    expect(received.filter((r) => r.path === '/redeliver')).toHaveLength(1);
  });

  it('retries a failing receiver with backoff and delivers on the third attempt, with one delivery id', async () => {
    const h = await bearer('department', 'watch-retry');
    const subject = enterprises[4]!;
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h);
    const reg = await gql(REGISTER, { u: `${receiverUrl}/retry` }, h);
    answers.set('/retry', [500, 503]);
    await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    const alerts = await waitFor(() => alertsOf(h), (a) => a.edges[0]?.node.deliveryStatus === 'DELIVERED', 'delivery after retries');
    expect(alerts.edges[0]!.node.delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastResponseStatus: 200 });
    const posts = received.filter((r) => r.path === '/retry');
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.headers['x-credit-delivery'])).size).toBe(1);
    for (const p of posts) expect(verifySignature(p.headers['x-credit-signature'], p.body, reg.body.data.registerWatchWebhook.secret)).toBe(true);
    // Exponential backoff: the second retry waits at least twice the first delay (ordering, not speed).
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(BACKOFF_MS - 5);
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 5);
  });

  it('sets a delivery aside as DEAD after the last attempt; the alert stays queryable', async () => {
    const h = await bearer('department', 'watch-dead');
    const subject = enterprises[5]!;
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h);
    await gql(REGISTER, { u: `${receiverUrl}/dead` }, h);
    answers.set('/dead', Array(10).fill(500));
    await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    const alerts = await waitFor(() => alertsOf(h), (a) => a.edges[0]?.node.deliveryStatus === 'DEAD', 'the delivery to die');
    expect(alerts.edges[0]!.node.delivery).toMatchObject({ status: 'DEAD', attempts: MAX_ATTEMPTS, lastResponseStatus: 500 });
    expect(received.filter((r) => r.path === '/dead')).toHaveLength(MAX_ATTEMPTS);
    expect((await alertsOf(h, { deliveryStatus: 'DEAD' })).totalCount).toBe(1);
  });

  it('keeps alerts without a webhook as NO_WEBHOOK, and cancels pending deliveries when the webhook is removed', async () => {
    const h = await bearer('department', 'watch-nohook');
    const subject = enterprises[6]!;
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h);
    await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    const none = await waitFor(() => alertsOf(h), (a) => a.totalCount === 1, 'the alert');
    expect(none.edges[0]!.node).toMatchObject({ deliveryStatus: 'NO_WEBHOOK', delivery: null });
    // A receiver that keeps failing, then the webhook is removed while the retry waits.
    await gql(REGISTER, { u: `${receiverUrl}/removed` }, h);
    answers.set('/removed', Array(10).fill(500));
    const release = hold('/removed');
    await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    // The first attempt is in flight (held by the receiver) when the webhook is removed.
    await waitFor(async () => received.filter((r) => r.path === '/removed').length, (n) => n === 1, 'the first attempt');
    const removed = await gql(`mutation { removeWatchWebhook { removed cancelledDeliveries } }`, {}, h);
    expect(removed.body.data.removeWatchWebhook).toEqual({ removed: true, cancelledDeliveries: 1 });
    release();
    await deliveriesSettled();
    // The attempt's failure did not bring the cancelled delivery back.
    expect((await alertsOf(h)).edges[0]!.node.deliveryStatus).toBe('CANCELLED');
    expect(received.filter((r) => r.path === '/removed')).toHaveLength(1);
  });

  it('sends each delivery once when several replicas work the outbox at the same time', async () => {
    const h = await bearer('department', 'watch-replicas');
    // Watched by nobody else by now (the first test used it as an unwatched subject).
    const subject = enterprises[11]!;
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h);
    await gql(REGISTER, { u: `${receiverUrl}/replicas` }, h);
    const settings = { pollIntervalMs: 10, backoffMs: BACKOFF_MS, maxBackoffMs: 2_000, maxAttempts: MAX_ATTEMPTS, timeoutMs: 60_000, batchSize: 4, allowHttp: true, allowPrivate: true, listingSweepIntervalMs: 0 };
    // Two more "replicas" beside the stack's own worker, each with its own connection handle.
    const replicas = [1, 2].map((n) => startWebhookDelivery(t.database.drizzle(`watch-replica-${n}`), settings, webhookSecretKey(TEST_ID_HASH_KEY), createLogger({ level: 'silent' })));
    try {
      await publish(Array.from({ length: 30 }, (_, i) => ({ id: `${recordId()}R${i}`, subjectType: 'LEGAL_PERSON' as const, subjectId: subject.uscc, polarity: 'NEGATIVE' as const })));
      await waitFor(() => alertsOf(h, { deliveryStatus: 'DELIVERED' }), (a) => a.totalCount === 30, 'every delivery');
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
    const ids = received.filter((r) => r.path === '/replicas').map((r) => r.headers['x-credit-delivery']);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('makes a constant number of statements per event, whatever the number of watchers', async () => {
    const subject = enterprises[7]!;
    const counter = t.database.counter('watch-count');
    const counted = t.database.drizzle('watch-count');
    const handler = platformEventHandlers['credit-record.published']!;
    const run = async (watchers: number) => {
      await rows(
        db(),
        sql`insert into platform.watch (owner_kind, owner_id, subject_type, subject_id)
            select 'department', 'watch-many-' || g, 'LEGAL_PERSON', ${subject.uscc} from generate_series(1, ${watchers}) g on conflict do nothing`,
      );
      const records = [1, 2, 3].map((i) => ({ id: `${recordId()}C${i}`, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE', severity: 'GENERAL', category: '警告', decisionDate: '2026-11-20', late: false, listTypes: ['KEY_ATTENTION'] }));
      counter.reset();
      await counted.transaction(async (tx) => {
        await handler(tx as never, { seq: 1_000_000 + watchers, topic: 'credit-record.published', key: `count:${watchers}`, producer: 'test', subjectType: null, subjectId: null, payload: { domain: 'government', recordType: 'AdministrativePenalty', departmentUscc: '11210200MB0000001X', submitted: records.length, duplicates: 0, rejected: 0, records }, createdAt: new Date().toISOString(), attempt: 1 });
      });
      const statements = counter.count;
      const [made] = await rows<{ n: unknown }>(db(), sql`select count(*) as n from platform.watch_alert where event_seq = ${1_000_000 + watchers}`);
      return { statements, alerts: Number(made!.n) };
    };
    const one = await run(1);
    const many = await run(60);
    expect(one.alerts).toBe(6);
    expect(many.alerts).toBe(360);
    expect(many.statements).toBe(one.statements);
  });
});

describe('agencies: only with the subject’s live consent', () => {
  it('rejects rows without consent, alerts while the consent is live, and stops and hides when it is revoked', async () => {
    const subject = enterprises[8]!;
    const other = enterprises[9]!;
    const purpose = { 'x-query-purpose': 'LOAN_APPROVAL' };
    const agency = await bearer('agency', AGENCY, purpose);
    const noPurpose = await gql(WATCH, { s: [{ uscc: subject.uscc }] }, await bearer('agency', AGENCY));
    expect(noPurpose.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    const refused = await gql(WATCH, { s: [{ uscc: subject.uscc }] }, agency);
    expect(refused.body.data.watchSubjects.results[0]).toMatchObject({ status: 'REJECTED', problems: [{ field: 'subjects.0', reason: 'NO_CONSENT' }] });

    const self = await bearer('subject', subject.uscc, {}, { subjectType: 'LEGAL_PERSON' });
    const grant = await gql(
      `mutation($e: DateTime!) { grantConsent(input: { agencyUscc: "${AGENCY}", purpose: "LOAN_APPROVAL", expiresAt: $e }) { consent { id } } }`,
      { e: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      self,
    );
    const consentId = grant.body.data.grantConsent.consent.id as string;
    const accepted = await gql(WATCH, { s: [{ uscc: subject.uscc }, { uscc: other.uscc }] }, agency);
    expect(accepted.body.data.watchSubjects.results.map((r: any) => r.status)).toEqual(['ACCEPTED', 'REJECTED']);
    await gql(REGISTER, { u: `${receiverUrl}/agency` }, agency);

    const first = recordId();
    await publish([{ id: first, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    const live = await waitFor(() => alertsOf(agency), (a) => a.edges[0]?.node.deliveryStatus === 'DELIVERED', 'the agency’s alert');
    expect(live.edges[0]!.node).toMatchObject({ detailsHidden: false, recordId: first, subject: { subjectId: subject.uscc } });
    expect(received.filter((r) => r.path === '/agency')).toHaveLength(1);
    // The alert sent to the agency and the one it read are registered in the subject's query log.
    const log = await waitFor(
      () => gql(`{ myQueryRecords(first: 50) { edges { node { callerId fields } } } }`, {}, self),
      (r) => (r.body.data?.myQueryRecords?.edges ?? []).some((e: any) => e.node.fields.includes('WatchAlert.webhook')),
      'the delivery in the query log',
    );
    expect(log.body.data.myQueryRecords.edges.some((e: any) => e.node.callerId === AGENCY && e.node.fields.includes('WatchAlert.subject'))).toBe(true);

    // The subject withdraws its consent: no more alerts, and the old one's details are hidden.
    await gql(`mutation($id: ID!) { revokeConsent(input: { id: $id }) { consent { status } } }`, { id: consentId }, self);
    const list = await gql(`{ myWatchlist { edges { node { consentLive purpose subject { subjectId } } } } }`, {}, agency);
    expect(list.body.data.myWatchlist.edges[0].node).toEqual({ consentLive: false, purpose: 'LOAN_APPROVAL', subject: { subjectId: subject.uscc } });
    const seq = await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    await waitFor(
      () => rows<{ status: string }>(db(), sql`select status from events.delivery where consumer = 'platform' and seq = ${seq}`),
      (r) => r[0]?.status === 'DONE',
      'the event applied',
    );
    const hidden = await alertsOf(agency);
    expect(hidden.totalCount).toBe(1);
    expect(hidden.edges[0]!.node).toMatchObject({ detailsHidden: true, subject: null, recordId: null, domain: null, kind: 'NEW_NEGATIVE_RECORD' });
    expect(received.filter((r) => r.path === '/agency')).toHaveLength(1);
    // An internal watcher of the same subject is still alerted.
    const dept = await bearer('department', 'watch-alongside');
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, dept);
    await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    await waitFor(() => alertsOf(dept), (a) => a.totalCount === 1, 'the department’s alert');
    expect((await alertsOf(agency)).totalCount).toBe(1);
  });

  it('cancels a delivery queued before the consent was revoked', async () => {
    const subject = enterprises[10]!;
    const agency = await bearer('agency', AGENCY, { 'x-query-purpose': 'LOAN_APPROVAL' });
    const self = await bearer('subject', subject.uscc, {}, { subjectType: 'LEGAL_PERSON' });
    const grant = await gql(
      `mutation($e: DateTime!) { grantConsent(input: { agencyUscc: "${AGENCY}", purpose: "LOAN_APPROVAL", expiresAt: $e }) { consent { id } } }`,
      { e: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      self,
    );
    await gql(WATCH, { s: [{ uscc: subject.uscc }] }, agency);
    await gql(REGISTER, { u: `${receiverUrl}/agency-late` }, agency);
    answers.set('/agency-late', Array(10).fill(503));
    const release = hold('/agency-late');
    await publish([{ id: recordId(), subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, polarity: 'NEGATIVE' }]);
    // The first attempt is in flight when the subject revokes; it fails, and the retry must not go out.
    await waitFor(async () => received.filter((r) => r.path === '/agency-late').length, (n) => n === 1, 'the first attempt');
    await gql(`mutation($id: ID!) { revokeConsent(input: { id: $id }) { consent { status } } }`, { id: grant.body.data.grantConsent.consent.id }, self);
    release();
    const [row] = await waitFor(
      () =>
        rows<{ status: string; attempts: number; last_error: string }>(
          db(),
          sql`select d.status, d.attempts, d.last_error from platform.watch_delivery d join platform.watch_alert a on a.id = d.alert_id where a.subject_id = ${subject.uscc} and a.owner_kind = 'agency'`,
        ),
      (r) => r[0]?.status !== 'PENDING',
      'the retry to be cancelled',
    );
    // Cancelled at its retry: only the attempt actually sent is counted.
    expect(row).toEqual({ status: 'CANCELLED', attempts: 1, last_error: 'NO_CONSENT' });
    expect(received.filter((r) => r.path === '/agency-late')).toHaveLength(1);
  });
});

describe('alerts from the domains’ own record events', () => {
  const AUTHORITY = { authorityName: '大连市市场监督管理局', authorityUscc: '11210200MB1550766K' };
  const doc = () => `大市监罚〔2026〕${Math.floor(Math.random() * 1e9)}号`;
  let subject: { uscc: string; name: string };

  beforeAll(async () => {
    // An enterprise without government records, so the lists it gets here are the ones this test makes.
    const [found] = await rows<{ uscc: string; name: string }>(
      db(),
      sql`select uscc, name from platform.legal_person lp where kind = 'ENTERPRISE'
            and not exists (select 1 from government.administrative_penalty r where r.subject_uscc = lp.uscc)
            and not exists (select 1 from government.sector_record r where r.subject_uscc = lp.uscc)
            and not exists (select 1 from government.listing_decision r where r.subject_uscc = lp.uscc)
          order by uscc desc limit 1`,
    );
    subject = { uscc: found!.uscc.trim(), name: found!.name };
    const [authority] = await rows<{ uscc: string; name: string }>(db(), sql`select uscc, name from access.department where code = 'dl-market'`);
    Object.assign(AUTHORITY, { authorityName: authority!.name, authorityUscc: authority!.uscc.trim() });
  });

  async function submit(mutation: string, inputType: string, arg: string, records: unknown[]) {
    const headers = await bearer('department', 'dl-market', {}, { scopes: ['gov:internal', 'gov:write:government'] });
    const { body } = await gql(`mutation($r: [${inputType}!]!) { ${mutation}(input: { ${arg}: $r }) { accepted results { status id problems { field reason } } } }`, { r: records }, headers);
    expect(body.errors).toBeUndefined();
    expect(body.data[mutation].accepted, JSON.stringify(body.data[mutation].results)).toBe(records.length);
    return body.data[mutation].results as { id: string }[];
  }

  it('a department’s penalty, licence and listing decision, and the revocation that ends a listing', async () => {
    const h = await bearer('department', 'watch-real');
    expect((await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h)).body.data.watchSubjects.accepted).toBe(1);
    const secret = (await gql(REGISTER, { u: `${receiverUrl}/real` }, h)).body.data.registerWatchWebhook.secret as string;
    const base = { subjectName: subject.name, subjectCategory: 'LEGAL_PERSON', subjectUscc: subject.uscc, ...AUTHORITY };

    const [penalty] = await submit('submitAdministrativePenalties', 'AdministrativePenaltyInput', 'records', [
      { ...base, documentNumber: doc(), violationType: '虚假宣传', violationFacts: '发布虚假广告', legalBasis: '《广告法》第五十五条', penaltyCategories: ['FINE'],
        penaltyContent: '罚款', fineAmount: '200000.00', decisionDate: '2026-11-25', severity: 'SEVERE' },
    ]);
    await submit('submitAdministrativeLicences', 'AdministrativeLicenceInput', 'records', [
      { ...base, documentName: '食品经营许可决定书', documentNumber: doc(), licenceCategory: 'GENERAL', content: '食品经营', decisionDate: '2026-11-25' },
    ]);
    const negative = await waitFor(() => alertsOf(h), (a) => a.totalCount === 2 && a.edges.every((e) => e.node.deliveryStatus === 'DELIVERED'), 'the penalty’s alerts');
    expect(negative.edges.map((e) => [e.node.kind, e.node.recordId, e.node.listType]).sort()).toEqual(
      [
        ['NEW_LISTING', penalty!.id, 'KEY_ATTENTION'],
        ['NEW_NEGATIVE_RECORD', penalty!.id, null],
      ].sort(),
    );
    expect(negative.edges[0]!.node).toMatchObject({ domain: 'GOVERNMENT', recordType: 'AdministrativePenalty', severity: 'SEVERE', recordDecisionDate: '2026-11-25' });
    const posts = received.filter((r) => r.path === '/real');
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(verifySignature(p.headers['x-credit-signature'], p.body, secret)).toBe(true);

    const [decision] = await submit('submitGovernmentListingDecisions', 'ListingDecisionInput', 'decisions', [
      { ...base, listType: 'BLACK', listName: '严重失信主体名单', facts: '认定事实', legalBasis: '认定依据', documentNumber: doc(), decisionDate: '2026-11-26' },
    ]);
    const listed = await waitFor(() => alertsOf(h, { kind: 'NEW_LISTING' }), (a) => a.totalCount === 2, 'the listing decision’s alert');
    expect(listed.edges[0]!.node).toMatchObject({ kind: 'NEW_LISTING', recordId: decision!.id, listType: 'BLACK', listName: '严重失信主体名单', recordType: 'ListingDecision' });

    // The penalty is revoked (as an upheld objection does): the subject leaves the key-attention list.
    const key = Buffer.from(penalty!.id, 'base64url').toString().split(':')[2]!;
    const spec = governmentLifecycle.types.AdministrativePenalty!;
    await db().transaction(async (tx) => {
      const record = await lockRecord(tx as unknown as Drizzle, spec, key);
      await recordStatusChange(tx as unknown as Drizzle, governmentLifecycle, 'AdministrativePenalty', record!, {
        status: 'REVOKED', effectiveOn: '2026-11-30', reason: '撤销', causeType: 'OBJECTION', causeId: `watch-${key}`,
      });
    });
    const ended = await waitFor(() => alertsOf(h, { kind: 'LISTING_ENDED' }), (a) => a.totalCount === 1, 'the listing’s end');
    expect(ended.edges[0]!.node).toMatchObject({ kind: 'LISTING_ENDED', recordId: penalty!.id, listType: 'KEY_ATTENTION' });
    // Penalty: negative record + key-attention listing; decision: black listing; revocation: the key-attention listing's end.
    expect((await alertsOf(h)).totalCount).toBe(4);
  });

  it('a listing that ends with its period: LISTING_ENDED from the sweep once the subject is off the list, once, and never on a failed read', async () => {
    const h = await bearer('department', 'watch-expiry');
    expect((await gql(WATCH, { s: [{ uscc: subject.uscc }] }, h)).body.data.watchSubjects.accepted).toBe(1);
    const base = { subjectName: subject.name, subjectCategory: 'LEGAL_PERSON', subjectUscc: subject.uscc, ...AUTHORITY };
    const severe = () => ({ ...base, documentNumber: doc(), violationType: '虚假宣传', violationFacts: '发布虚假广告', legalBasis: '《广告法》第五十五条',
      penaltyCategories: ['FINE'], penaltyContent: '罚款', fineAmount: '200000.00', decisionDate: '2026-11-27', severity: 'SEVERE' });
    const [a, b] = await submit('submitAdministrativePenalties', 'AdministrativePenaltyInput', 'records', [severe(), severe()]);
    await waitFor(() => alertsOf(h, { kind: 'NEW_LISTING' }), (x) => x.totalCount === 2, 'the two key-attention listings');
    const ended = async () => (await alertsOf(h, { kind: 'LISTING_ENDED' })).edges.map((e) => e.node);
    const logger = createLogger({ level: 'silent' });
    const peers = (directory: Record<string, string>) => peersFor(directory, { authorization: null, purpose: null, requestId: 'test-sweep' }, { timeoutMs: 10_000, logger });
    const sweep = () => sweepEndedListings(db(), peers(t.stack.subgraphUrls), logger);
    // The period of a record runs out (its end date passes: the same as waiting years).
    const expire = (id: string) =>
      rows(db(), sql`update government.administrative_penalty set publication_end_date = current_date - 1 where id = ${Number(Buffer.from(id, 'base64url').toString().split(':')[2])}`);

    // (Sweeps count the alerts of every watcher: this one's are read back instead.)
    expect((await sweep()).unavailable).toEqual([]);
    expect(await ended()).toEqual([]);
    await expire(a!.id);
    // Still on the key-attention list through the other penalty.
    await sweep();
    expect(await ended()).toEqual([]);
    await expire(b!.id);
    // The domain cannot be read: nothing is taken for ended.
    const { government: _unreachable, ...others } = t.stack.subgraphUrls;
    expect(await sweepEndedListings(db(), peers(others), logger)).toMatchObject({ ended: 0, unavailable: ['government'] });
    expect(await ended()).toEqual([]);

    expect((await sweep()).ended).toBeGreaterThanOrEqual(1);
    const [alert, ...more] = await ended();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: 'LISTING_ENDED', domain: 'GOVERNMENT', listType: 'KEY_ATTENTION', recordId: b!.id, recordType: 'AdministrativePenalty', subject: { subjectId: subject.uscc } });
    // Swept again (or by another replica): told once.
    expect((await sweep()).ended).toBe(0);
    expect(await ended()).toHaveLength(1);
    // Nor told again by an event about the same record afterwards.
    expect(await createEndedAlerts(db(), 9_000_000_000, new Date().toISOString(), b!.id, [])).toBe(0);
    expect(await ended()).toHaveLength(1);

    // Listed again by a new penalty: open once more, and ended again when its period passes.
    const [c] = await submit('submitAdministrativePenalties', 'AdministrativePenaltyInput', 'records', [severe()]);
    await waitFor(() => alertsOf(h, { kind: 'NEW_LISTING' }), (x) => x.totalCount === 3, 'the new listing');
    await sweep();
    expect(await ended()).toHaveLength(1);
    // The process's own sweeper: every interval until stopped; never at 0.
    let calls = 0;
    const counted = (inner: ReturnType<typeof peers>) => ({ entities: ((...args: Parameters<typeof inner.entities>) => (calls++, inner.entities(...args))) as typeof inner.entities });
    const never = startListingSweep(db(), counted(peers(t.stack.subgraphUrls)), { listingSweepIntervalMs: 0 }, logger);
    const sweeper = startListingSweep(db(), counted(peers(t.stack.subgraphUrls)), { listingSweepIntervalMs: 20 }, logger);
    await waitFor(async () => calls, (n) => n >= 2, 'two timed sweeps');
    await Promise.all([sweeper.stop(), never.stop()]);
    const after = calls;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(after);
    await expire(c!.id);
    await sweep();
    expect((await ended()).map((e) => e.recordId)).toEqual([c!.id, b!.id]);
  });
});
