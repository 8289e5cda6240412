import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { EXAMPLE_QUERY } from '../../gateway/src/query-page.ts';
import { ensureDevKeys, mintToken } from '../../subgraphs/kernel/auth/dev-keys.ts';
import { isPurposeSyntax } from '../../subgraphs/kernel/access/purposes.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import { checkUscc, USCC_ALPHABET } from '../../subgraphs/kernel/uscc.ts';
import { TEST_AUDIENCE, TEST_ISSUER, testAuth } from '../support/auth.ts';
import { post, useTestStack } from '../support/stack.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';

/**
 * Over a thousand generated bad requests through the gateway, the same ones every run (seeded).
 * Each must get a clear error with a code — no 5xx, no INTERNAL_SERVER_ERROR, nothing internal in
 * the answer — and none may write a row.
 */

const SEED = 0x5eed_2019;
const ENTERPRISE = SHOWCASE.enterprise.uscc;
const PERSON = { ...SHOWCASE.naturalPerson, id: SHOWCASE_PERSON_ID };

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

// Codes an answer may carry: the API's own, and Apollo's for requests refused before execution.
const ALLOWED_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);
// What must never reach a caller, whatever it sent.
const INTERNALS = /stacktrace|node_modules|\/work\/|DrizzleQueryError|Failed query|PostgresError|PGlite|ECONNREFUSED|127\.0\.0\.1:\d+\/graphql|at [\w.<>]+ \(/;

type Req =
  | { kind: 'http'; method: string; search?: string; headers: Record<string, string>; body?: string }
  | { kind: 'raw'; text: string };

interface Case {
  category: string;
  request: Req;
  /** 'error': at least one error, each with an allowed code. 'answer': may succeed (a search for odd text is still a search). */
  expect: 'error' | 'answer';
}

const json = (query: string, variables?: unknown, headers: Record<string, string> = {}): Req => ({
  kind: 'http',
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
});

// Valid operations without string literals, so a character inserted anywhere is outside a string.
const POOL: [string, Record<string, unknown>][] = [
  ['query($u: String!) { legalPerson(uscc: $u) { uscc name kind region { code name } industry { name } } }', { u: ENTERPRISE }],
  ['query($u: [String!]!) { legalPersons(usccs: $u) { uscc name status } }', { u: [ENTERPRISE] }],
  ['query($q: String!, $n: Int) { searchLegalPersons(query: $q, first: $n) { totalCount edges { matchedBy node { uscc } } } }', { q: '港湾示范', n: 5 }],
  ['query($id: ID!) { naturalPerson(id: $id) { maskedName maskedIdNumber region { name } } }', { id: PERSON.id }],
  ['query($u: String!, $a: String) { legalPerson(uscc: $u) { administrativePenalties(first: 2, after: $a) { totalCount edges { cursor node { documentNumber } } } } }', { u: ENTERPRISE, a: null }],
  ['query Named($u: String!) { legalPerson(uscc: $u) { publishedTaxCreditRatings(first: 3) { edges { node { year grade } } } } }', { u: ENTERPRISE }],
];

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE platform.legal_person; --",
  '"; DELETE FROM business.tax_credit_rating; --',
  '1; SELECT pg_sleep(5)',
  "%' UNION SELECT usename, passwd FROM pg_shadow --",
  "\\'; TRUNCATE kernel.consent CASCADE; --",
  '$$; COPY (SELECT 1) TO PROGRAM \'id\'; $$',
  '{"$ne": null}',
  '{"__proto__": {"admin": true}}',
  '}}]]"\\',
  '\u0000',
  'abc\u0000def',
  '\u202e9121020201201206801',
  '\u200b\u200b\u200b',
  '\ufeff912102020120120680',
  '９１２１０２０２０１２０１２０６８０',
  '😀😀😀😀',
  '\ud800',
  '\x01\x02\x03\x1b[31m',
  '\r\nX-Injected: 1',
  '../../../../etc/passwd',
  '%s%s%s%n',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '*',
  '%_%',
  'NULL',
  '港湾示范\'); --',
];

/** A payload as a header value: printable ASCII kept, every other byte percent-encoded. */
function headerSafe(text: string): string {
  const safe = Array.from(Buffer.from(text, 'utf8'), (b) => (b >= 0x21 && b <= 0x7e ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
  return safe || 'x';
}

function invalidUscc(r: Rng): string {
  for (;;) {
    const len = r.pick([18, 18, 18, 17, 19, 1, 40]);
    const alphabet = r.next() < 0.7 ? USCC_ALPHABET : `${USCC_ALPHABET}IOSVZ-_ ilo*`;
    const code = Array.from({ length: len }, () => r.pick([...alphabet])).join('');
    if (!checkUscc(code).valid) return code;
  }
}

function wrongCheckCharacter(r: Rng): string {
  const body = ENTERPRISE.slice(0, 17);
  for (;;) {
    const code = body + r.pick([...USCC_ALPHABET]);
    if (code !== ENTERPRISE) return code;
  }
}

function malformedGraphql(r: Rng): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < 160; i++) {
    const [query, variables] = r.pick(POOL);
    const mode = i % 4;
    let broken: string;
    if (mode === 0) broken = query.slice(0, r.int(1, query.lastIndexOf('}') - 1));
    else if (mode === 1) {
      const at = r.int(0, query.length);
      broken = query.slice(0, at) + r.pick(['%', '^', '~', ';', '?', "'", '<', '>', '*', '+', '/', '`', '\\']) + query.slice(at);
    } else if (mode === 2) {
      const tokens = ['{', '}', '(', ')', '[', ']', ':', '!', '$', '@', '...', 'query', 'mutation', 'fragment', 'on', 'legalPerson', 'uscc', '"x"', '1', 'true', 'null', '=', '|', '&'];
      broken = ')' + Array.from({ length: r.int(1, 40) }, () => r.pick(tokens)).join(r.pick([' ', '', '\n']));
    } else {
      broken = query.replace(/\{/g, () => (r.next() < 0.3 ? '' : '{'));
      if (broken === query) broken = query + '}';
    }
    cases.push({ category: 'malformed GraphQL', request: json(broken, variables), expect: 'error' });
  }
  for (const text of ['', ' ', '#', '# only a comment', '{', '}', '{}', 'query', 'subscription { x }', '"unterminated', '"""', '\u0000', '{ a(b: "\\uD800") }']) {
    cases.push({ category: 'malformed GraphQL', request: json(text), expect: 'error' });
  }
  return cases;
}

function hugeStrings(r: Rng): Case[] {
  const cases: Case[] = [];
  for (const n of [1_000, 10_000, 100_000, 500_000]) {
    const big = 'A'.repeat(n);
    const chinese = '港'.repeat(Math.floor(n / 3));
    cases.push({ category: 'huge strings', request: json('query($u: String!) { legalPerson(uscc: $u) { name } }', { u: big }), expect: 'error' });
    cases.push({ category: 'huge strings', request: json('query($q: String!) { searchLegalPersons(query: $q) { totalCount } }', { q: chinese }), expect: 'error' });
    cases.push({ category: 'huge strings', request: json('query($a: String) { legalPerson(uscc: "' + ENTERPRISE + '") { administrativeLicences(after: $a) { totalCount } } }', { a: big }), expect: 'error' });
    cases.push({ category: 'huge strings', request: json(`{ legalPerson(uscc: "${big}") { name } }`), expect: 'error' });
    cases.push({ category: 'huge strings', request: json(`query ${'Q'.repeat(Math.min(n, 100_000))} { __typename } query B { __typename }`), expect: 'error' });
  }
  for (let i = 0; i < 30; i++) {
    const n = r.int(1_000_001, 1_400_000);
    cases.push({ category: 'huge strings', request: json('query($u: String!) { legalPerson(uscc: $u) { name } }', { u: 'x'.repeat(n) }), expect: 'error' });
  }
  // Oversized headers never reach the handler; the server still answers in JSON.
  cases.push({ category: 'huge strings', request: { kind: 'raw', text: `POST /graphql HTTP/1.1\r\nhost: x\r\ncookie: ${'c'.repeat(20_000)}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n` }, expect: 'error' });
  cases.push({ category: 'huge strings', request: { kind: 'raw', text: `GET /graphql?query=${'%7B'.repeat(8_000)} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n` }, expect: 'error' });
  return cases;
}

function invalidCodes(r: Rng): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < 160; i++) {
    const code = i % 3 === 0 ? wrongCheckCharacter(r) : invalidUscc(r);
    const which = i % 4;
    const request =
      which === 0
        ? json('query($u: String!) { legalPerson(uscc: $u) { name } }', { u: code })
        : which === 1
          ? json(`{ legalPerson(uscc: ${JSON.stringify(code)}) { uscc } }`)
          : which === 2
            ? json('query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', { u: [ENTERPRISE, code, code] })
            : // Only code-shaped text is taken as a code; other 18-character text is a name search.
              json('query($q: String!) { searchLegalPersons(query: $q) { totalCount } }', { q: wrongCheckCharacter(r) });
    cases.push({ category: 'invalid codes', request, expect: 'error' });
  }
  return cases;
}

function injections(r: Rng): Case[] {
  const cases: Case[] = [];
  for (const payload of INJECTIONS) {
    const wrapped = [payload, `${ENTERPRISE}${payload}`, `${payload}${ENTERPRISE.slice(0, 18 - Math.min(payload.length, 18))}`];
    for (const value of wrapped) {
      cases.push({ category: 'injection', request: json('query($u: String!) { legalPerson(uscc: $u) { name } }', { u: value }), expect: checkUscc(value).valid ? 'answer' : 'error' });
      cases.push({ category: 'injection', request: json('query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', { u: [value] }), expect: checkUscc(value).valid ? 'answer' : 'error' });
    }
    cases.push({ category: 'injection', request: json(`query($a: String) { legalPerson(uscc: "${ENTERPRISE}") { administrativePenalties(after: $a) { totalCount } } }`, { a: payload }), expect: 'error' });
    // A search for odd text is still a search: an answer or a refusal, never a failure.
    cases.push({ category: 'injection', request: json('query($q: String!) { searchLegalPersons(query: $q, first: 3) { totalCount edges { node { uscc } } } }', { q: payload }), expect: 'answer' });
    cases.push({ category: 'injection', request: json('query($q: String!) { searchLegalPersons(query: $q, first: 3) { totalCount } }', { q: `港湾${payload}` }), expect: 'answer' });
    cases.push({ category: 'injection', request: json('query($id: ID!) { naturalPerson(id: $id) { maskedName } }', { id: payload }), expect: 'answer' });
    const purpose = headerSafe(payload);
    cases.push({ category: 'injection', request: json('query($u: String!) { legalPerson(uscc: $u) { name } }', { u: ENTERPRISE }, { 'x-query-purpose': purpose }), expect: isPurposeSyntax(purpose) ? 'answer' : 'error' });
    cases.push({ category: 'injection', request: json('{ __typename }', undefined, { 'x-request-id': headerSafe(payload), authorization: `Bearer ${headerSafe(payload)}` }), expect: 'error' });
    cases.push({ category: 'injection', request: { kind: 'http', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query A { __typename }', operationName: payload }) }, expect: 'error' });
  }
  for (let i = 0; i < 20; i++) {
    const payload = r.pick(INJECTIONS);
    cases.push({ category: 'injection', request: json(`{ legalPerson(uscc: ${JSON.stringify(payload)}) { name } }`), expect: 'error' });
  }
  // Control characters in header values are refused by the HTTP parser itself.
  for (const c of ['\u0000', '\u0001', '\u007f', '\u001b']) {
    cases.push({ category: 'injection', request: { kind: 'raw', text: `POST /graphql HTTP/1.1\r\nhost: x\r\nx-query-purpose: LOAN${c}APPROVAL\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}` }, expect: 'error' });
  }
  return cases;
}

function deepNesting(): Case[] {
  const cases: Case[] = [];
  for (const depth of [20, 100, 1_000, 3_000]) {
    cases.push({ category: 'deep nesting', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") ${'{ region '.repeat(depth)}{ code }${' }'.repeat(depth)} }`), expect: 'error' });
    cases.push({ category: 'deep nesting', request: json(`{ legalPersons(usccs: ${'['.repeat(depth)}"${ENTERPRISE}"${']'.repeat(depth)}) { uscc } }`), expect: 'error' });
    cases.push({ category: 'deep nesting', request: json('query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', { u: JSON.parse('['.repeat(depth) + ']'.repeat(depth)) }), expect: 'error' });
    cases.push({ category: 'deep nesting', request: { kind: 'http', method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"{ __typename }","variables":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"x":` }, expect: 'error' });
  }
  cases.push({ category: 'deep nesting', request: { kind: 'http', method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(200_000) }, expect: 'error' });
  // Fragments spreading fragments: small to send, astronomically large to expand.
  for (const n of [10, 20, 40, 60]) {
    const fragments = Array.from({ length: n }, (_, i) => (i === n - 1 ? `fragment F${i} on LegalPerson { name }` : `fragment F${i} on LegalPerson { ...F${i + 1} a${i}: name ...F${i + 1} }`)).join(' ');
    cases.push({ category: 'deep nesting', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { ...F0 } } ${fragments}`), expect: 'error' });
  }
  cases.push({ category: 'deep nesting', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { ...A } } fragment A on LegalPerson { ...B } fragment B on LegalPerson { ...A }`), expect: 'error' });
  return cases;
}

function giantLists(r: Rng): Case[] {
  const cases: Case[] = [];
  for (const n of [1_001, 1_500, 5_000, 20_000, 60_000]) {
    cases.push({ category: 'giant lists', request: json('query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', { u: Array.from({ length: n }, () => ENTERPRISE) }), expect: 'error' });
  }
  for (const n of [1_001, 2_500, 6_000]) {
    cases.push({ category: 'giant lists', request: json(`{ legalPersons(usccs: [${Array.from({ length: n }, () => `"${ENTERPRISE}"`).join(',')}]) { uscc } }`), expect: 'error' });
  }
  for (let i = 0; i < 20; i++) {
    const n = r.int(21, 200);
    cases.push({ category: 'giant lists', request: json(`{ ${Array.from({ length: n }, (_, k) => `f${k}: legalPerson(uscc: "${ENTERPRISE}") { name }`).join(' ')} }`), expect: 'error' });
    cases.push({ category: 'giant lists', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { ${Array.from({ length: r.int(31, 400) }, (_, k) => `n${k}: name`).join(' ')} } }`), expect: 'error' });
    cases.push({ category: 'giant lists', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { administrativePenalties(first: ${r.pick([101, 1_000, 2 ** 31 - 1, -1, -100])}) { totalCount } } }`), expect: 'error' });
  }
  cases.push({ category: 'giant lists', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { administrativePenalties(first: 99999999999999999999) { totalCount } } }`), expect: 'error' });
  return cases;
}

function wrongTypes(): Case[] {
  const cases: Case[] = [];
  // Each variable with values its type cannot take.
  const ops: [string, string, unknown[]][] = [
    ['query($u: String!) { legalPerson(uscc: $u) { name } }', 'u', [1, 1.5, true, null, {}, [], [ENTERPRISE], { uscc: ENTERPRISE }]],
    ['query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', 'u', [1, true, null, {}, [1], [null], ['a', 1], [[ENTERPRISE]], { 0: ENTERPRISE }]],
    ['query($n: Int) { searchLegalPersons(query: "港湾示范", first: $n) { totalCount } }', 'n', [1.5, true, '5', {}, [], [5], 2 ** 31, -(2 ** 31) - 1, 1e308, 'NaN']],
    ['query($id: ID!) { naturalPerson(id: $id) { maskedName } }', 'id', [1.5, true, null, {}, [], [PERSON.id], { id: PERSON.id }]],
    ['query($q: String!) { searchLegalPersons(query: $q) { totalCount } }', 'q', [1, false, null, {}, ['港湾示范'], '', '港']],
    ['query($s: CreditAgencyStatus!) { __typename }', 's', ['ACTIV', 'active', 1, null, {}, ['ACTIVE']]],
    ['query($f: QueryRecordFilter) { queryRecords(filter: $f) { totalCount } }', 'f', ['x', 1, [], { nope: 1 }, { callerId: 1 }]],
  ];
  for (const [query, name, values] of ops) {
    for (const value of values) cases.push({ category: 'wrong types', request: json(query, { [name]: value }), expect: 'error' });
    if (query.includes('!)')) cases.push({ category: 'wrong types', request: json(query, {}), expect: 'error' });
  }
  const literals = ['legalPerson(uscc: 1)', 'legalPerson(uscc: true)', 'legalPerson(uscc: null)', 'legalPerson(uscc: [])', 'legalPerson(uscc: {a: 1})', 'legalPerson(uscc: ENUM)', 'legalPerson', 'legalPerson(uscc: $undeclared)', `legalPerson(uscc: "${ENTERPRISE}", extra: 1)`, 'searchLegalPersons(query: "港湾示范", first: "5")', 'searchLegalPersons(query: "港湾示范", first: 5.5)'];
  for (const field of literals) cases.push({ category: 'wrong types', request: json(`{ ${field} { __typename } }`), expect: 'error' });
  cases.push({ category: 'wrong types', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { name { x } } }`), expect: 'error' });
  cases.push({ category: 'wrong types', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { region } }`), expect: 'error' });
  cases.push({ category: 'wrong types', request: json(`{ legalPerson(uscc: "${ENTERPRISE}") { unknownField } }`), expect: 'error' });
  cases.push({ category: 'wrong types', request: json(`query($u: String!) { legalPerson(uscc: $u) { name } }`, [ENTERPRISE]), expect: 'error' });
  cases.push({ category: 'wrong types', request: json(`query($u: String!) { legalPerson(uscc: $u) { name } }`, 'u'), expect: 'error' });
  return cases;
}

async function badTokens(r: Rng): Promise<Case[]> {
  const keys = await ensureDevKeys(inject('testKeysDir'));
  const mint = (claims: Partial<Parameters<typeof mintToken>[2]>) =>
    mintToken(keys.privateKey, keys.kid, { kind: 'agency', id: '91350100M000100Y43', issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...claims } as Parameters<typeof mintToken>[2]);
  const real = await mint({});
  const [h, p, s] = real.split('.') as [string, string, string];
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const tokens: string[] = [
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    `Token ${real}`,
    `Bearer ${real}x`,
    `Bearer ${real.slice(0, -5)}`,
    `Bearer ${h}.${p}`,
    `Bearer ${h}.${b64({ kind: 'admin', sub: 'admin-1', scope: 'platform:admin', iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 4e9 })}.${s}`,
    `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ kind: 'admin', sub: 'admin-1', iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 4e9 })}.`,
    `Bearer ${b64({ alg: 'HS256', typ: 'JWT', kid: keys.kid })}.${p}.${s}`,
    `Bearer ${await mint({ expiresInSeconds: -120 })}`,
    `Bearer ${await mint({ issuer: 'someone-else' })}`,
    `Bearer ${await mint({ audience: 'another-api' })}`,
    `Bearer ${await mint({ kind: 'subject' as const })}`,
    `Bearer ${await mint({ kind: 'agency', id: '123' })}`,
    `Bearer ${await mint({ kind: 'partner', id: 'dalian' })}`,
    `Bearer ${'a'.repeat(9_000)}`,
    `Bearer ${real} ${real}`,
    `Bearer ${real},Bearer ${real}`,
  ];
  const cases: Case[] = [];
  for (const authorization of tokens) {
    for (const [query, variables] of POOL.slice(0, 3)) cases.push({ category: 'bad tokens', request: json(query, variables, { authorization }), expect: 'error' });
  }
  for (let i = 0; i < 40; i++) {
    const garbage = Array.from({ length: r.int(1, 300) }, () => String.fromCharCode(r.int(0x21, 0x7e))).join('');
    cases.push({ category: 'bad tokens', request: json('{ __typename }', undefined, { authorization: `Bearer ${garbage}` }), expect: 'error' });
  }
  return cases;
}

function badHeaders(r: Rng): Case[] {
  const cases: Case[] = [];
  const body = JSON.stringify({ query: '{ __typename }' });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain; charset=utf-8']) {
    cases.push({ category: 'bad headers', request: { kind: 'http', method: 'POST', headers: { 'content-type': type }, body }, expect: 'error' });
  }
  for (const type of ['application/xml', 'text/html', 'image/png', 'application/graphql']) {
    cases.push({ category: 'bad headers', request: { kind: 'http', method: 'POST', headers: { 'content-type': type, 'apollo-require-preflight': 'true' }, body }, expect: 'error' });
  }
  cases.push({ category: 'bad headers', request: { kind: 'http', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/xml' }, body }, expect: 'error' });
  const purposes = ['loan_approval', 'LOAN APPROVAL', 'LOAN-APPROVAL', '1LOAN', 'LOAN_APPROVAL;DROP', 'A'.repeat(5_000), '%00', '__proto__', 'LOAN_APPROVAL\tX'];
  for (const purpose of purposes) {
    cases.push({ category: 'bad headers', request: json('{ __typename }', undefined, { 'x-query-purpose': purpose }), expect: 'error' });
  }
  for (let i = 0; i < 30; i++) {
    const purpose = Array.from({ length: r.int(1, 40) }, () => r.pick([...'abcxyz019 -_.:/?&=%'])).join('');
    cases.push({ category: 'bad headers', request: json('{ nope }', undefined, { 'x-query-purpose': purpose }), expect: 'error' });
  }
  const raw = (headers: string, payload = body) => `POST /graphql HTTP/1.1\r\nhost: x\r\n${headers}connection: close\r\n\r\n${payload}`;
  // A purpose in Chinese, as UTF-8 bytes (fetch only sends Latin-1 header values).
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: raw(`content-type: application/json\r\ncontent-length: ${body.length}\r\nx-query-purpose: ${Buffer.from('贷款审批').toString('latin1')}\r\n`) }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: raw(`content-type: application/json\r\ncontent-length: abc\r\n`) }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: raw(`content-type: application/json\r\ntransfer-encoding: chunked\r\n`, 'zz\r\nnot-a-chunk\r\n') }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: raw(`content-type: application/json\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n`) }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: raw(`bad header line\r\n`) }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: `POST /graphql HTTP/9.9\r\nhost: x\r\n\r\n` }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: `NOT-A-METHOD /graphql HTTP/1.1\r\nhost: x\r\n\r\n` }, expect: 'error' });
  cases.push({ category: 'bad headers', request: { kind: 'raw', text: `GET http://[:: HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n` }, expect: 'error' });
  return cases;
}

function badJsonBodies(r: Rng): Case[] {
  const bodies = [
    '{"query":',
    '{"query": "{ __typename }"',
    '[]',
    '"{ __typename }"',
    '123',
    'null',
    'true',
    '{}',
    '{"query": 5}',
    '{"query": null}',
    '{"query": ["{ __typename }"]}',
    '{"query": {"a": 1}}',
    '{"query": "{ __typename }", "variables": "x"}',
    '{"query": "{ __typename }", "variables": [1]}',
    '{"query": "{ __typename }", "variables": 5}',
    '{"query": "{ __typename }", "operationName": 5}',
    '{"query": "{ __typename }", "operationName": "Missing"}',
    '{"query": "{ __typename }", "extensions": "x"}',
    '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}',
    '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0000000000000000000000000000000000000000000000000000000000000000"}}}',
    '{"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "x"}}}',
    '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
    '\ufeff{"query": "{ __typename }"}',
    '{"query": "{ __typename }"}garbage',
    "{'query': '{ __typename }'}",
    '{"query": "{ __typename }",}',
    'NaN',
    '{"query": "\\ud800"}',
    '',
  ];
  const cases: Case[] = bodies.map((body) => ({ category: 'bad JSON', request: { kind: 'http', method: 'POST', headers: { 'content-type': 'application/json' }, body }, expect: 'error' }) as Case);
  for (let i = 0; i < 60; i++) {
    const valid = JSON.stringify({ query: r.pick(POOL)[0], variables: r.pick(POOL)[1] });
    const cut = valid.slice(0, r.int(0, valid.length - 1));
    const flipped = cut + r.pick(['"', '{', '[', ',', ':', '\\', '\u0000', 'undefined', '}}}}']);
    cases.push({ category: 'bad JSON', request: { kind: 'http', method: 'POST', headers: { 'content-type': 'application/json' }, body: flipped }, expect: 'error' });
  }
  // Bytes that are not UTF-8.
  cases.push({ category: 'bad JSON', request: { kind: 'raw', text: `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 4\r\nconnection: close\r\n\r\n\u00ff\u00fe{}` }, expect: 'error' });
  return cases;
}

function getRequests(r: Rng): Case[] {
  const cases: Case[] = [];
  const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
  const pre = { 'apollo-require-preflight': 'true' };
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: q({ query: '{ __typename }' }), headers: {} }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: '', headers: pre }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: q({ query: 'mutation { __typename }' }), headers: pre }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: q({ query: '{ __typename }', variables: '{bad' }), headers: pre }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: q({ query: '{ __typename }', extensions: '[' }), headers: pre }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: q({ query: '{ __typename }', variables: '"x"' }), headers: pre }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: `?query=${'%'.repeat(50)}`, headers: pre }, expect: 'error' });
  cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: '?query=%E0%A4%A', headers: pre }, expect: 'error' });
  for (let i = 0; i < 60; i++) {
    const [query, variables] = r.pick(POOL);
    const broken = query.slice(0, r.int(1, query.lastIndexOf('}') - 1));
    const withPreflight = i % 3 !== 0;
    cases.push({ category: 'GET', request: { kind: 'http', method: 'GET', search: q({ query: withPreflight ? broken : query, variables: JSON.stringify(variables) }), headers: withPreflight ? pre : {} }, expect: 'error' });
  }
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    cases.push({ category: 'other methods', request: { kind: 'http', method, headers: { 'content-type': 'application/json' }, body: method === 'OPTIONS' ? undefined : '{"query":"{ __typename }"}' }, expect: 'error' });
  }
  cases.push({ category: 'other methods', request: { kind: 'raw', text: `TRACE /graphql HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n` }, expect: 'error' });
  cases.push({ category: 'other methods', request: { kind: 'raw', text: `CONNECT 127.0.0.1:5432 HTTP/1.1\r\nhost: x\r\n\r\n` }, expect: 'error' });
  return cases;
}

async function badMutations(r: Rng, auth: Awaited<ReturnType<typeof testAuth>>): Promise<Case[]> {
  const admin = { authorization: `Bearer ${await t.auth.token('admin', 'admin-1')}` };
  const subject = { authorization: `Bearer ${await t.auth.token('subject', ENTERPRISE, { subjectType: 'LEGAL_PERSON' })}` };
  const cases: Case[] = [];
  for (let i = 0; i < 40; i++) {
    const uscc = invalidUscc(r);
    const name = r.pick([...INJECTIONS, '', 'x'.repeat(10_000)]);
    cases.push({
      category: 'bad mutations',
      request: json('mutation($i: RegisterCreditAgencyInput!) { registerCreditAgency(input: $i) { agency { uscc } } }', { i: { uscc, name, licenceNumber: name, allowedPurposes: [r.pick(['LOAN_APPROVAL', 'not a purpose', ''])] } }, admin),
      expect: 'error',
    });
    cases.push({ category: 'bad mutations', request: json('mutation($i: SetCreditAgencyStatusInput!) { setCreditAgencyStatus(input: $i) { agency { uscc } } }', { i: { uscc, status: r.pick(['SUSPENDED', 'ACTIVE', 'NOPE']) } }, admin), expect: 'error' });
    cases.push({
      category: 'bad mutations',
      request: json('mutation($i: GrantConsentInput!) { grantConsent(input: $i) { consent { id } } }', { i: { agencyUscc: uscc, purpose: 'LOAN_APPROVAL', expiresAt: r.pick(['2099-01-01T00:00:00Z', 'yesterday', '1970-01-01T00:00:00Z', '']) } }, subject),
      expect: 'error',
    });
    cases.push({ category: 'bad mutations', request: json('mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { consent { id } } }', { i: { id: r.pick(INJECTIONS) } }, subject), expect: 'error' });
  }
  // The same mutations without the right caller.
  cases.push({ category: 'bad mutations', request: json('mutation { registerCreditAgency(input: { uscc: "91350100M000100Y43", name: "x", licenceNumber: "x", allowedPurposes: ["LOAN_APPROVAL"] }) { agency { uscc } } }'), expect: 'error' });
  cases.push({ category: 'bad mutations', request: json('mutation { registerCreditAgency(input: { uscc: "91350100M000100Y43", name: "x", licenceNumber: "x", allowedPurposes: ["LOAN_APPROVAL"] }) { agency { uscc } } }', undefined, subject), expect: 'error' });
  return cases;
}

/** One request on a bare socket, for what fetch refuses to send. */
function rawRequest(port: number, text: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const response = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
      const head = response.indexOf('\r\n\r\n');
      let body = head >= 0 ? response.slice(head + 4) : '';
      if (/transfer-encoding: chunked/i.test(response.slice(0, head))) body = body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/gi, '');
      resolve({ status, text: Buffer.from(body, 'latin1').toString('utf8') });
    });
    socket.end(Buffer.from(text, 'latin1'));
  });
}

const t = useTestStack();

/** Rows in every table of every schema the platform owns. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = t.database.drizzle('fuzz');
  const tables = await rows<{ s: string; t: string }>(
    db,
    sql`select table_schema as s, table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const counts: Record<string, number> = {};
  for (const { s, t } of tables) {
    const [row] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${s}"."${t}"`));
    counts[`${s}.${t}`] = row!.n;
  }
  return counts;
}

/** Enough of a request to reproduce it from a failure message. */
function summary(req: Req): string {
  if (req.kind === 'raw') return `raw ${JSON.stringify(req.text.slice(0, 120))}`;
  const headers = Object.entries(req.headers).filter(([k]) => k !== 'content-type').map(([k, v]) => `${k}: ${v.slice(0, 40)}`);
  return `${req.method}${req.search ? ` ${req.search.slice(0, 120)}` : ''} ${headers.join(' | ')} ${JSON.stringify((req.body ?? '').slice(0, 200))}`;
}

function verdict(c: Case, status: number, text: string): string | null {
  if (status === 0) return 'no HTTP answer';
  if (status >= 500) return `status ${status}`;
  if (INTERNALS.test(text)) return `internals in the answer: ${INTERNALS.exec(text)![0]}`;
  let body: { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return `answer is not JSON (status ${status}): ${text.slice(0, 80)}`;
  }
  const errors = body.errors ?? [];
  for (const e of errors) {
    if (typeof e.message !== 'string') return 'an error without a message';
    if (!ALLOWED_CODES.has(String(e.extensions?.code))) return `error code ${String(e.extensions?.code)}: ${e.message.slice(0, 120)}`;
  }
  if (c.expect === 'error' && errors.length === 0) return `accepted (status ${status})`;
  if (status >= 400 && errors.length === 0) return `status ${status} without an error`;
  if (status === 200 && body.data === undefined && errors.length === 0) return 'status 200 without data or errors';
  return null;
}

describe('bad input fuzz through the gateway', () => {
  it('answers every one of 1,000+ generated bad requests with a coded error, and writes nothing', async () => {
    const r = prng(SEED);
    const cases: Case[] = [
      ...malformedGraphql(r),
      ...hugeStrings(r),
      ...invalidCodes(r),
      ...injections(r),
      ...deepNesting(),
      ...giantLists(r),
      ...wrongTypes(),
      ...(await badTokens(r)),
      ...badHeaders(r),
      ...badJsonBodies(r),
      ...getRequests(r),
      ...(await badMutations(r, t.auth)),
    ];
    expect(cases.length).toBeGreaterThanOrEqual(1_000);

    const before = await rowCounts();
    const port = Number(new URL(t.stack.gatewayUrl).port);
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const spent = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index]!;
        let status: number;
        let text: string;
        const t0 = performance.now();
        try {
          if (c.request.kind === 'raw') {
            ({ status, text } = await rawRequest(port, c.request.text));
          } else {
            const res = await fetch(t.stack.gatewayUrl + (c.request.search ?? ''), { method: c.request.method, headers: c.request.headers, body: c.request.body });
            status = res.status;
            text = await res.text();
          }
        } catch (error) {
          failures.push(`#${index} ${c.category}: request failed: ${(error as Error).message}`);
          continue;
        }
        spent.set(c.category, (spent.get(c.category) ?? 0) + performance.now() - t0);
        const problem = verdict(c, status, text);
        if (problem) failures.push(`#${index} ${c.category}: ${problem} — ${summary(c.request)} → ${text.slice(0, 160)}`);
        for (const code of text.match(/"code":"[A-Z_]+"/g) ?? []) codes.set(code.slice(8, -1), (codes.get(code.slice(8, -1)) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    if (process.env.FUZZ_PROFILE) console.log([...spent].map(([k, ms]) => `${k}: ${Math.round(ms)} ms over ${cases.filter((c) => c.category === k).length}`).join('\n'));
    expect(failures.slice(0, Number(process.env.FUZZ_SHOW ?? 25)), `${failures.length} of ${cases.length} cases failed`).toEqual([]);

    // Refusals come with specific codes, not one catch-all.
    for (const code of ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
    expect(await rowCounts()).toEqual(before);

    // Still up and answering normally.
    const after = await post(t.stack.gatewayUrl, EXAMPLE_QUERY, { uscc: ENTERPRISE });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.legalPerson.name).toBe(SHOWCASE.enterprise.name);
  }, 120_000);
});
