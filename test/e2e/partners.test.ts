import { sql } from 'drizzle-orm';
import { CompactSign, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';

/** Mutual recognition with partner cities (task 14) end to end: registry, attestations both ways, cross-region sanctions. */
const t = useTestStack();
const db = () => t.database.drizzle('test');
const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => post(t.stack.gatewayUrl, query, variables, headers);
const bearer = async (kind: 'partner' | 'admin' | 'department', id: string, scopes?: string[]) => ({ authorization: `Bearer ${await t.auth.token(kind, id, scopes ? { scopes } : {})}` });

const TYP = 'credit-attestation+jws';
const SHENYANG = '2101';
const ANSHAN = '2103';
const KID = 'shenyang-test-2026';
let shenyangKey: CryptoKey;
let strangerKey: CryptoKey;
let anshanKey: CryptoKey;
let clean: string[] = [];

const REGISTER = `mutation($i: RegisterPartnerCityInput!) { registerPartnerCity(input: $i) { city { code name status recognizedTypes keys { kid status } } } }`;
const ADD_KEY = `mutation($i: AddPartnerKeyInput!) { addPartnerKey(input: $i) { city { code keys { kid status jwk } } } }`;
const SUBMIT = `mutation($a: [String!]!) { submitPartnerAttestations(input: { attestations: $a }) { accepted duplicates rejected results { index status jti subjectUscc problems { field reason } } } }`;

async function publicJwk(key: CryptoKey, kid: string): Promise<string> {
  const { kty, crv, x, y } = await exportJWK(key);
  return JSON.stringify({ kty, crv, x, y, kid });
}

function sign(payload: Record<string, unknown>, key: CryptoKey, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid: KID, typ: TYP, ...header }).sign(key);
}

let serial = 0;
const now = () => Math.floor(Date.now() / 1000);
const attestation = (sub: string, results: unknown[], over: Record<string, unknown> = {}) => ({ iss: SHENYANG, sub, jti: `sy-${Date.now()}-${serial++}`, iat: now() - 60, exp: now() + 86_400, results, ...over });
const BLACK = { type: 'BLACK_LIST', listName: '失信被执行人名单', since: '2026-05-01', authorityName: '沈阳市中级人民法院' };

beforeAll(async () => {
  const found = await rows<{ uscc: string }>(
    db(),
    sql`select uscc from platform.legal_person lp where kind = 'ENTERPRISE'
          and not exists (select 1 from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc)
          and not exists (select 1 from judicial.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.tax_credit_rating r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.wage_arrears_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.administrative_penalty r where r.subject_uscc = lp.uscc)
        order by uscc desc limit 6`,
  );
  clean = found.map((r) => r.uscc.trim());
  expect(clean).toHaveLength(6);
  shenyangKey = (await generateKeyPair('ES256', { extractable: true })).privateKey;
  strangerKey = (await generateKeyPair('ES256', { extractable: true })).privateKey;
  anshanKey = (await generateKeyPair('ES256', { extractable: true })).privateKey;
  const admin = await bearer('admin', 'admin-1');
  for (const [code, name, types, key, kid] of [
    [SHENYANG, '沈阳市', ['BLACK_LIST', 'EVALUATION'], shenyangKey, KID],
    [ANSHAN, '鞍山市', ['BLACK_LIST'], anshanKey, 'anshan-1'],
  ] as const) {
    const registered = await gql(REGISTER, { i: { code, name, recognizedTypes: types } }, admin);
    expect(registered.body.errors).toBeUndefined();
    const added = await gql(ADD_KEY, { i: { cityCode: code, jwk: await publicJwk(key, kid) } }, admin);
    expect(added.body.errors).toBeUndefined();
  }
});

describe('partner submissions', () => {
  it('answer every row: forged, tampered, unknown and unrecognized rows are rejected, good rows kept', async () => {
    const good = await sign(attestation(clean[0]!, [BLACK]), shenyangKey);
    const goodEvaluation = await sign(attestation(clean[1]!, [{ type: 'EVALUATION', grade: 'A', score: 95 }]), shenyangKey);
    const forged = await sign(attestation(clean[2]!, [BLACK]), strangerKey);
    const [h, , s] = (await sign(attestation(clean[2]!, [{ type: 'EVALUATION', grade: 'A' }]), shenyangKey)).split('.');
    const tampered = [h, Buffer.from(JSON.stringify(attestation(clean[2]!, [BLACK]))).toString('base64url'), s].join('.');
    const rowsSent = [
      good,
      forged,
      tampered,
      await sign(attestation(clean[2]!, [BLACK], { iss: '2199' }), shenyangKey),
      await sign(attestation(clean[2]!, [BLACK], { iss: ANSHAN }), anshanKey, { kid: 'anshan-1' }),
      await sign(attestation(clean[2]!, [BLACK]), shenyangKey, { kid: 'no-such-key' }),
      await sign(attestation('912102000000003341', [BLACK]), shenyangKey),
      await sign(attestation(clean[2]!, [BLACK], { iat: now() - 7200, exp: now() - 3600 }), shenyangKey),
      await sign(attestation(clean[2]!, [{ type: 'KEY_ATTENTION', listName: '重点关注名单' }]), shenyangKey),
      await sign(attestation(clean[2]!, [BLACK, { type: 'RED_LIST', listName: '守信激励名单' }]), shenyangKey),
      await sign(attestation(clean[2]!, [{ type: 'EVALUATION', grade: 'E' }]), shenyangKey),
      await sign(attestation(clean[2]!, [BLACK]), shenyangKey, { typ: 'JWT' }),
      'not-a-jws',
      goodEvaluation,
    ];
    const partner = await bearer('partner', SHENYANG);
    const { body } = await gql(SUBMIT, { a: rowsSent }, partner);
    expect(body.errors).toBeUndefined();
    const out = body.data.submitPartnerAttestations;
    expect(out.results.map((r: { status: string; problems: { reason: string }[] }) => r.problems[0]?.reason ?? r.status)).toEqual([
      'ACCEPTED',
      'BAD_SIGNATURE',
      'BAD_SIGNATURE',
      'UNKNOWN_CITY',
      'ISSUER_MISMATCH',
      'UNKNOWN_KEY',
      'INVALID_USCC',
      'EXPIRED',
      'RESULT_TYPE_NOT_RECOGNIZED',
      'RESULT_TYPE_NOT_RECOGNIZED',
      'BAD_RESULT',
      'WRONG_TYPE',
      'MALFORMED',
      'ACCEPTED',
    ]);
    expect(out).toMatchObject({ accepted: 2, duplicates: 0, rejected: 12 });
    expect(out.results[1].problems[0].field).toBe('attestations.1');
    expect(out.results[0]).toMatchObject({ subjectUscc: clean[0] });

    // Nothing of the rejected rows was stored (a mixed BLACK + RED row neither); the good ones were, with provenance.
    const stored = await rows<{ subject_uscc: string; result_type: string }>(db(), sql`select subject_uscc, result_type from platform.partner_recognition where partner_code = ${SHENYANG} and subject_uscc = any(${sql.param(clean)}::bpchar[]) order by id`);
    expect(stored.map((r) => [r.subject_uscc.trim(), r.result_type])).toEqual([[clean[0], 'BLACK_LIST'], [clean[1], 'EVALUATION']]);
    const shown = await gql(`query($u: [String!]!) { legalPersons(usccs: $u) { partnerRecognitions { city { code name } kid resultType grade score listName authorityName inForce listing { listType listName domain } attestation } } }`, { u: [clean[0], clean[1], clean[2]] });
    const [black, evaluation, none] = shown.body.data.legalPersons.map((p: { partnerRecognitions: unknown[] }) => p.partnerRecognitions);
    expect(black).toEqual([{ city: { code: SHENYANG, name: '沈阳市' }, kid: KID, resultType: 'BLACK_LIST', grade: null, score: null, listName: '失信被执行人名单', authorityName: '沈阳市中级人民法院', inForce: true,
      listing: { listType: 'BLACK', listName: '跨区域失信联合惩戒对象名单', domain: 'CROSS_REGION' }, attestation: good }]);
    // A recognized evaluation of grade A shows, with no listing: no recognition rule maps grade A.
    expect(evaluation).toEqual([expect.objectContaining({ resultType: 'EVALUATION', grade: 'A', score: 95, inForce: true, listing: null })]);
    expect(none).toEqual([]);

    // The same attestation again is a duplicate, twice in one batch too.
    const again = await gql(SUBMIT, { a: [good, good] }, partner);
    expect(again.body.data.submitPartnerAttestations.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE']);
  });

  it('refuse callers without the scope, and check the batch size', async () => {
    const good = await sign(attestation(clean[3]!, [BLACK]), shenyangKey);
    for (const headers of [await bearer('partner', SHENYANG, []), await bearer('department', 'dl-market'), await bearer('department', 'dl-market', ['partner:recognition']), {}]) {
      const { body } = await gql(SUBMIT, { a: [good] }, headers);
      expect(body.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
      expect(body.data?.submitPartnerAttestations ?? null).toBeNull();
    }
    const read = await gql(`query($u: String!) { legalPerson(uscc: $u) { uscc creditAttestation { jws } } }`, { u: clean[3] }, await bearer('partner', SHENYANG, []));
    expect(read.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(read.body.data.legalPerson).toEqual({ uscc: clean[3], creditAttestation: null });
    const empty = await gql(SUBMIT, { a: [] }, await bearer('partner', SHENYANG));
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.attestations', reason: 'EMPTY' });
    const [count] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from platform.partner_recognition where subject_uscc = ${clean[3]}`);
    expect(Number(count!.n)).toBe(0);
  });
});

const CHECK = `mutation($u: String!) { sanctionsCheck(input: { uscc: $u, scenario: GOVERNMENT_PROCUREMENT }) { case { listings { listType listName domain } measures { action listing { listName domain evidenceRecordIds } } } } }`;

describe('recognized partner results', () => {
  it('put a black-listed subject under our measures (cross-region joint sanctions); an unrecognized type does not', async () => {
    const urban = await bearer('department', 'dl-urban');
    const listed = await gql(CHECK, { u: clean[0] }, urban);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data.sanctionsCheck.case.listings).toEqual([{ listType: 'BLACK', listName: '跨区域失信联合惩戒对象名单', domain: 'CROSS_REGION' }]);
    const [measure] = listed.body.data.sanctionsCheck.case.measures;
    expect(measure).toMatchObject({ action: 'REFUSE', listing: { listName: '跨区域失信联合惩戒对象名单', domain: 'CROSS_REGION' } });
    expect(Buffer.from(measure.listing.evidenceRecordIds[0], 'base64url').toString()).toMatch(/^platform:PartnerRecognition:\d+$/);
    const applicable = await gql(`query($u: String!) { legalPerson(uscc: $u) { creditListings { listType domain } applicableMeasures(scenario: GOVERNMENT_PROCUREMENT) { measure { action } } creditEvaluation { score grade contributions { rule { code } points evidence { recordType domain } } } } }`, { u: clean[0] });
    expect(applicable.body.data.legalPerson.creditListings).toEqual([{ listType: 'BLACK', domain: 'CROSS_REGION' }]);
    expect(applicable.body.data.legalPerson.applicableMeasures).toEqual([{ measure: { action: 'REFUSE' } }]);
    // The evaluation counts the cross-region listing like any other black list.
    expect(applicable.body.data.legalPerson.creditEvaluation.contributions).toContainEqual({ rule: { code: 'BLACK_LISTING' }, points: -300, evidence: { recordType: 'CreditListing', domain: 'CROSS_REGION' } });

    // clean[2] had only refused rows (KEY_ATTENTION is not recognized from 沈阳): no listing, no measure.
    const unlisted = await gql(CHECK, { u: clean[2] }, urban);
    expect(unlisted.body.data.sanctionsCheck.case).toEqual({ listings: [], measures: [] });

    // Suspending the partner ends the effect at once; reinstating it restores it.
    const admin = await bearer('admin', 'admin-1');
    const status = `mutation($c: String!, $s: PartnerCityStatus!) { setPartnerCityStatus(input: { code: $c, status: $s }) { city { status } } }`;
    expect((await gql(status, { c: SHENYANG, s: 'SUSPENDED' }, admin)).body.data.setPartnerCityStatus.city.status).toBe('SUSPENDED');
    expect((await gql(CHECK, { u: clean[0] }, urban)).body.data.sanctionsCheck.case.measures).toEqual([]);
    const refused = await gql(SUBMIT, { a: [await sign(attestation(clean[4]!, [BLACK]), shenyangKey)] }, await bearer('partner', SHENYANG));
    expect(refused.body.data.submitPartnerAttestations.results[0].problems[0].reason).toBe('PARTNER_SUSPENDED');
    await gql(status, { c: SHENYANG, s: 'ACTIVE' }, admin);
    expect((await gql(CHECK, { u: clean[0] }, urban)).body.data.sanctionsCheck.case.measures).toHaveLength(1);

    // No longer recognizing the type ends it too.
    await gql(REGISTER, { i: { code: SHENYANG, name: '沈阳市', recognizedTypes: ['EVALUATION'] } }, admin);
    expect((await gql(CHECK, { u: clean[0] }, urban)).body.data.sanctionsCheck.case.measures).toEqual([]);
    await gql(REGISTER, { i: { code: SHENYANG, name: '沈阳市', recognizedTypes: ['BLACK_LIST', 'EVALUATION'] } }, admin);
  });

  it('follow the recognition rules an admin sets', async () => {
    const admin = await bearer('admin', 'admin-1');
    const SET = `mutation($i: SetPartnerRecognitionRuleInput!) { setPartnerRecognitionRule(input: $i) { rule { resultType partnerGrade listType listName active } } }`;
    const set = await gql(SET, { i: { resultType: 'EVALUATION', partnerGrade: 'A', listType: 'RED', listName: '跨区域信用评价A级守信激励名单' } }, admin);
    expect(set.body.data.setPartnerRecognitionRule.rule).toEqual({ resultType: 'EVALUATION', partnerGrade: 'A', listType: 'RED', listName: '跨区域信用评价A级守信激励名单', active: true });
    const listings = async () => (await gql(`query($u: String!) { legalPerson(uscc: $u) { creditListings { listType listName } } }`, { u: clean[1] })).body.data.legalPerson.creditListings;
    expect(await listings()).toEqual([{ listType: 'RED', listName: '跨区域信用评价A级守信激励名单' }]);
    await gql(SET, { i: { resultType: 'EVALUATION', partnerGrade: 'A', listType: 'RED', listName: '跨区域信用评价A级守信激励名单', active: false } }, admin);
    expect(await listings()).toEqual([]);
    const bad = await gql(SET, { i: { resultType: 'EVALUATION', listType: 'RED', listName: 'x' } }, admin);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.partnerGrade', reason: 'REQUIRED' });
    const bad2 = await gql(SET, { i: { resultType: 'BLACK_LIST', partnerGrade: 'D', listType: 'BLACK', listName: 'x' } }, admin);
    expect(bad2.body.errors?.[0]?.extensions).toMatchObject({ argument: 'input.partnerGrade', reason: 'NOT_ALLOWED' });
    const rules = await gql(`{ partnerRecognitionRules { resultType partnerGrade listType active } }`);
    expect(rules.body.data.partnerRecognitionRules).toContainEqual({ resultType: 'BLACK_LIST', partnerGrade: null, listType: 'BLACK', active: true });
  });
});

describe('our attestations', () => {
  it('verify with jose against the platform JWKS and carry the evaluation and listings', async () => {
    const partner = await bearer('partner', SHENYANG);
    const u = [SHOWCASE.enterprise.uscc, clean[0]];
    const { body } = await gql(`query($u: [String!]!) { legalPersons(usccs: $u) { uscc creditEvaluation { score grade } creditAttestation { jws kid issuer subjectUscc issuedAt expiresAt } } }`, { u }, partner);
    expect(body.errors).toBeUndefined();
    // The keys the gateway publishes for credit reports verify attestations too: one platform key.
    const served = (await (await fetch(new URL('/.well-known/credit-report-keys.json', t.stack.gatewayUrl))).json()) as { keys: JWK[] };
    const jwks = createLocalJWKSet(served);
    for (const lp of body.data.legalPersons) {
      const a = lp.creditAttestation;
      expect(a).toMatchObject({ issuer: '2102', subjectUscc: lp.uscc });
      expect(served.keys.map((k) => k.kid)).toContain(a.kid);
      const { payload, protectedHeader } = await compactVerify(a.jws, jwks, { algorithms: ['ES256'] });
      expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: TYP, kid: a.kid });
      const claims = JSON.parse(new TextDecoder().decode(payload));
      expect(claims).toMatchObject({ iss: '2102', sub: lp.uscc });
      expect(claims.exp - claims.iat).toBe(30 * 86_400);
      expect(claims.results[0]).toMatchObject({ type: 'EVALUATION', grade: lp.creditEvaluation.grade, score: lp.creditEvaluation.score });
      // A changed byte breaks it.
      const [h, p, s] = a.jws.split('.');
      const changed = Buffer.from(JSON.stringify({ ...claims, results: [{ type: 'EVALUATION', grade: 'A', score: 2000 }] })).toString('base64url');
      await expect(compactVerify([h, changed, s].join('.'), jwks)).rejects.toThrow();
      expect(p).toBeTruthy();
    }
    const [showcase, crossListed] = body.data.legalPersons.map((lp: { creditAttestation: { jws: string } }) => JSON.parse(Buffer.from(lp.creditAttestation.jws.split('.')[1]!, 'base64url').toString()));
    expect(showcase.results).toContainEqual(expect.objectContaining({ type: 'BLACK_LIST', listName: '失信被执行人名单' }));
    expect(showcase.results).toContainEqual(expect.objectContaining({ type: 'RED_LIST', listName: 'A级纳税人名单' }));
    // Cross-region listings are not echoed back to partners as ours.
    expect(crossListed.results.map((r: { type: string }) => r.type)).toEqual(['EVALUATION']);
  });
});

describe('the partner registry', () => {
  it('is managed by admins with validated input', async () => {
    const admin = await bearer('admin', 'admin-1');
    const refusal = async (query: string, i: Record<string, unknown>, headers = admin) => (await gql(query, { i }, headers)).body.errors?.[0]?.extensions;
    expect(await refusal(REGISTER, { code: '21x1', name: '错', recognizedTypes: ['BLACK_LIST'] })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.code', reason: 'INVALID_CITY_CODE' });
    expect(await refusal(REGISTER, { code: '2102', name: '大连市', recognizedTypes: ['BLACK_LIST'] })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.code', reason: 'OWN_CITY' });
    expect(await refusal(REGISTER, { code: '2104', name: '抚顺市', recognizedTypes: [] })).toMatchObject({ argument: 'input.recognizedTypes', reason: 'REQUIRED' });
    expect(await refusal(REGISTER, { code: '2104', name: '抚顺市', recognizedTypes: ['BLACK_LIST'] }, await bearer('department', 'dl-market'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(REGISTER, { code: '2104', name: '抚顺市', recognizedTypes: ['BLACK_LIST'] }, await bearer('partner', SHENYANG))).toMatchObject({ code: 'FORBIDDEN' });

    const privateJwk = JSON.stringify({ ...(await exportJWK(strangerKey)), kid: 'p' });
    expect(await refusal(ADD_KEY, { cityCode: SHENYANG, jwk: privateJwk })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.jwk', reason: 'PRIVATE_KEY' });
    expect(await refusal(ADD_KEY, { cityCode: SHENYANG, jwk: '{nope' })).toMatchObject({ reason: 'INVALID_JWK' });
    expect(await refusal(ADD_KEY, { cityCode: SHENYANG, jwk: JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'r' }) })).toMatchObject({ reason: 'UNSUPPORTED_KEY' });
    const { kty, crv, x, y } = await exportJWK(strangerKey);
    expect(await refusal(ADD_KEY, { cityCode: SHENYANG, jwk: JSON.stringify({ kty, crv, x, y }) })).toMatchObject({ reason: 'MISSING_KID' });
    expect(await refusal(ADD_KEY, { cityCode: SHENYANG, jwk: await publicJwk(strangerKey, KID) })).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_KEY' });
    expect(await refusal(ADD_KEY, { cityCode: '2114', jwk: await publicJwk(strangerKey, 'h') })).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_CITY' });

    // Rotation: a new key works at once; the retired one stops.
    const next = (await generateKeyPair('ES256', { extractable: true })).privateKey;
    expect((await gql(ADD_KEY, { i: { cityCode: SHENYANG, jwk: await publicJwk(next, 'shenyang-next') } }, admin)).body.errors).toBeUndefined();
    const retire = await gql(`mutation { retirePartnerKey(input: { cityCode: "${SHENYANG}", kid: "${KID}" }) { city { keys { kid status retiredAt } } } }`, {}, admin);
    expect(retire.body.data.retirePartnerKey.city.keys.filter((k: { kid: string }) => !k.kid.startsWith('dev-')).map((k: { kid: string; status: string }) => [k.kid, k.status])).toEqual([[KID, 'RETIRED'], ['shenyang-next', 'ACTIVE']]);
    const partner = await bearer('partner', SHENYANG);
    const out = await gql(SUBMIT, { a: [await sign(attestation(clean[5]!, [BLACK]), shenyangKey), await sign(attestation(clean[5]!, [BLACK]), next, { kid: 'shenyang-next' })] }, partner);
    expect(out.body.data.submitPartnerAttestations.results.map((r: { status: string; problems: { reason: string }[] }) => r.problems[0]?.reason ?? r.status)).toEqual(['UNKNOWN_KEY', 'ACCEPTED']);
    // Results recognized under the retired key stay.
    const cities = await gql(`{ partnerCities { code status recognizedTypes keys { kid status } } }`, {}, admin);
    expect(cities.body.data.partnerCities.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining([SHENYANG, ANSHAN]));
    expect((await gql(`{ partnerCities { code } }`)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the demo seed', () => {
  it('registers 沈阳 with a labelled development key and a verifiable black-list entry of the showcase enterprise', async () => {
    const admin = await bearer('admin', 'admin-1');
    const { body } = await gql(`{ partnerCities { code name keys { kid jwk status } } }`, {}, admin);
    const shenyang = body.data.partnerCities.find((c: { code: string }) => c.code === SHENYANG);
    const dev = shenyang.keys.find((k: { kid: string }) => k.kid.startsWith('dev-'));
    expect(dev.kid).toMatch(/not-for-production/);
    const jwk = JSON.parse(dev.jwk);
    expect(jwk.d).toBeUndefined();
    const shown = await gql(`query($u: String!) { legalPerson(uscc: $u) { partnerRecognitions { kid resultType inForce attestation listing { listType } } } }`, { u: SHOWCASE.enterprise.uscc });
    const seeded = shown.body.data.legalPerson.partnerRecognitions.find((r: { kid: string }) => r.kid === dev.kid);
    expect(seeded).toMatchObject({ resultType: 'BLACK_LIST', inForce: true, listing: { listType: 'BLACK' } });
    const { payload } = await compactVerify(seeded.attestation, await importJWK(jwk, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ iss: SHENYANG, sub: SHOWCASE.enterprise.uscc });
  });
});
