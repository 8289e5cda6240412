import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { EXAMPLE_QUERY } from '../../gateway/src/query-page.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import { idNumberCheckChar } from '../../subgraphs/kernel/id-number.ts';
import { createLogger, redactMessage } from '../../subgraphs/kernel/logging.ts';
import type { RunningStack } from '../../src/stack.ts';
import { testAuth } from '../support/auth.ts';
import { openTestDatabase } from '../support/database.ts';
import { post, startTestStack } from '../support/stack.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';

let database: Database;
let closeDb: () => Promise<void>;
let stack: RunningStack;
let auth: Awaited<ReturnType<typeof testAuth>>;
const captured: string[] = [];
const tokens: string[] = [];

const ENTERPRISE = SHOWCASE.enterprise.uscc;
const PERSON = { ...SHOWCASE.naturalPerson, id: SHOWCASE_PERSON_ID };
const NEW_PERSON = { idNumber: '21020319900101012' + idNumberCheckChar('21020319900101012'), name: '赵新民' };

beforeAll(async () => {
  ({ database, close: closeDb } = await openTestDatabase());
  auth = await testAuth();
  // Everything the stack logs, at the most talkative level, to scan afterwards.
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void captured.push(line) } });
  stack = await startTestStack(database, auth.verifier, { logger });
});

afterAll(async () => {
  await stack?.close();
  await closeDb?.();
});

async function traffic(): Promise<void> {
  const department = await auth.token('department', 'dl-tax');
  const person = await auth.token('subject', PERSON.id, { subjectType: 'NATURAL_PERSON' });
  const expired = await auth.token('agency', '91350100M000100Y43', { expiresInSeconds: -3600 });
  tokens.push(department, person, expired);
  const asDepartment = { authorization: `Bearer ${department}`, 'x-query-purpose': 'CREDIT_SUPERVISION', 'x-request-id': 'obs-req-1' };
  await post(stack.gatewayUrl, EXAMPLE_QUERY, { uscc: ENTERPRISE });
  await post(stack.gatewayUrl, 'query Ratings($u: String!) { legalPerson(uscc: $u) { legalRepresentative taxCreditRatings { edges { node { grade } } } } }', { u: ENTERPRISE }, asDepartment);
  const own = await post(stack.gatewayUrl, 'query Me($id: ID!) { naturalPerson(id: $id) { name birthYear maskedIdNumber } }', { id: PERSON.id }, { authorization: `Bearer ${person}` });
  // The answer holds the name; the logs must not.
  expect(own.body.data.naturalPerson.name).toBe(PERSON.name);
  await post(stack.gatewayUrl, 'query Find($q: String!) { searchLegalPersons(query: $q) { totalCount } }', { q: PERSON.name });
  await post(stack.gatewayUrl, 'query Find($q: String!) { searchLegalPersons(query: $q) { totalCount } }', { q: PERSON.idNumber });
  await post(stack.gatewayUrl, `{ legalPerson(uscc: "${PERSON.idNumber}") { name } }`);
  await post(stack.gatewayUrl, '{ __typename }', {}, { authorization: `Bearer ${expired}` });
  await post(stack.gatewayUrl, '{ legalPerson(uscc: ', {}, { authorization: `Bearer ${person}` });
  await fetch(stack.gatewayUrl.replace(/graphql$/, PERSON.idNumber));
  // Lookups by ID number, allowed and refused, and submissions naming persons by ID number.
  const lookup = 'query Lookup($n: String!) { naturalPersonByIdNumber(idNumber: $n) { maskedName name } }';
  const found = await post(stack.gatewayUrl, lookup, { n: PERSON.idNumber }, asDepartment);
  expect(found.body.data.naturalPersonByIdNumber.name).toBe(PERSON.name);
  await post(stack.gatewayUrl, lookup, { n: PERSON.idNumber.slice(0, 17) + (PERSON.idNumber.endsWith('1') ? '2' : '1') }, asDepartment);
  await post(stack.gatewayUrl, lookup, { n: PERSON.idNumber });
  await post(stack.gatewayUrl, lookup, { n: PERSON.idNumber }, { authorization: `Bearer ${person}` });
  const market = await auth.token('department', 'dl-market', { scopes: ['gov:write:social'] });
  tokens.push(market);
  const row = (subjectIdNumber: string) => ({
    sector: 'EDUCATION', category: '不良记录', subjectCategory: 'NATURAL_PERSON', subjectName: NEW_PERSON.name, subjectIdNumber, polarity: 'NEGATIVE',
    severity: 'GENERAL', title: '考试作弊', facts: '经查属实。', documentNumber: `观〔2026〕${subjectIdNumber.length}号`, decisionDate: '2026-10-20',
    authorityName: '大连市教育局', authorityUscc: '11210202000000019H',
  });
  const submitted = await post(
    stack.gatewayUrl,
    'mutation Submit($r: [SocialRecordInput!]!) { submitSocialRecords(input: { records: $r }) { accepted rejected } }',
    { r: [row(NEW_PERSON.idNumber), row(NEW_PERSON.idNumber.slice(0, 17))] },
    { authorization: `Bearer ${market}` },
  );
  expect(submitted.body.data.submitSocialRecords).toEqual({ accepted: 1, rejected: 1 });
  // Let platform's consumer apply the natural-person.observed event, so its logs are scanned too.
  await new Promise((r) => setTimeout(r, 1000));
}

describe('structured logs', () => {
  beforeAll(traffic);

  it('are one JSON object a line, with the request id, route, status, duration and operation name', () => {
    expect(captured.length).toBeGreaterThan(10);
    const lines = captured.map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.filter((l) => l.msg === 'request' && l.route === '/graphql');
    expect(access.length).toBeGreaterThan(10);
    for (const l of access) {
      expect(l).toMatchObject({ level: expect.any(String), service: expect.any(String), requestId: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number) });
    }
    expect(access.some((l) => l.service === 'gateway' && l.operation === 'Profile' && l.status === 200)).toBe(true);
    expect(access.some((l) => l.service === 'gateway' && l.status === 401 && JSON.stringify(l.errors) === '["UNAUTHENTICATED"]')).toBe(true);
  });

  it('carry one request id from the gateway to every subgraph it called', () => {
    const lines = captured.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === 'obs-req-1' && l.msg === 'request');
    expect(new Set(lines.map((l) => l.service))).toEqual(new Set(['gateway', 'platform', 'business']));
  });

  it('hold no token, no ID number, no person name and no query variables', () => {
    const text = captured.join('');
    for (const token of tokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2]);
    }
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    expect(text).not.toContain(PERSON.idNumber.slice(0, 10));
    expect(text).not.toContain(NEW_PERSON.idNumber.slice(0, 10));
    for (const name of [PERSON.name, NEW_PERSON.name, SHOWCASE.enterprise.legalRepresentative]) expect(text).not.toContain(name);
    expect(text).not.toMatch(/"variables":|"query":|Bearer/);
  });

  it('redact values quoted in driver messages', () => {
    const m = redactMessage(`invalid input syntax for type uuid: "${PERSON.name} ${PERSON.idNumber}"\nparams: ${PERSON.idNumber}`);
    expect(m).not.toContain(PERSON.name);
    expect(m).not.toMatch(/\d{6}/);
    expect(redactMessage('duplicate key value violates unique constraint "x" Key (uscc)=(912102020120120680) already exists')).not.toMatch(/912102/);
  });
});

describe('request ids', () => {
  it('echoes a valid x-request-id and makes one when it is absent or malformed', async () => {
    const echo = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' }, body: '{"query":"{ __typename }"}' });
    expect(echo.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id <script>' }, body: '{"query":"{ __typename }"}' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Prometheus metrics', () => {
  async function metricsOf(graphqlUrl: string): Promise<string> {
    const res = await fetch(graphqlUrl.replace(/graphql$/, 'metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  }
  /** The value of the series with this name and these labels, whatever the order of labels. */
  const value = (text: string, name: string, labels: Record<string, string>) => {
    for (const line of text.split('\n')) {
      const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const has = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
      if (Object.entries(labels).every(([k, v]) => has[k] === v) && Object.keys(has).length === Object.keys(labels).length) return Number(m[3]);
    }
    return NaN;
  };

  it('counts requests, latency and errors by code on every process, and subgraph fetches at the gateway', async () => {
    await post(stack.gatewayUrl, `{ legalPerson(uscc: "${ENTERPRISE}") { name administrativePenalties(first: 1) { totalCount } } }`);
    await post(stack.gatewayUrl, '{ legalPerson(uscc: "9121") { name } }');
    const gateway = await metricsOf(stack.gatewayUrl);
    expect(value(gateway, 'http_requests_total', { route: '/graphql', status: '200', service: 'gateway' })).toBeGreaterThanOrEqual(2);
    expect(value(gateway, 'http_request_duration_seconds_count', { route: '/graphql', service: 'gateway' })).toBeGreaterThanOrEqual(2);
    expect(value(gateway, 'graphql_errors_total', { code: 'BAD_USER_INPUT', service: 'gateway' })).toBeGreaterThanOrEqual(1);
    expect(value(gateway, 'subgraph_fetch_duration_seconds_count', { subgraph: 'government', service: 'gateway' })).toBeGreaterThanOrEqual(1);
    expect(value(gateway, 'subgraph_fetch_errors_total', { subgraph: 'platform', code: 'BAD_USER_INPUT', service: 'gateway' })).toBeGreaterThanOrEqual(1);
    expect(gateway).toMatch(/^process_cpu_user_seconds_total \S+$/m);
    for (const name of SUBGRAPH_NAMES) {
      const text = await metricsOf(stack.subgraphUrls[name]);
      expect(text, name).toContain(`service="${name}"`);
    }
    const platform = await metricsOf(stack.subgraphUrls.platform);
    expect(value(platform, 'http_requests_total', { route: '/graphql', status: '200', service: 'platform' })).toBeGreaterThanOrEqual(2);
    expect(value(platform, 'graphql_errors_total', { code: 'BAD_USER_INPUT', service: 'platform' })).toBeGreaterThanOrEqual(1);
  });
});
