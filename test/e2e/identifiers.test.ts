import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { upsertAgency } from '../../subgraphs/kernel/access/agencies.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { hashIdNumber, idNumberCheckChar, maskIdNumber, personIdFor } from '../../subgraphs/kernel/id-number.ts';
import { recordLegalPersonCodes } from '../../subgraphs/kernel/legal-person-codes.ts';
import { organizationCodeCheckChar, registrationNumberCheckDigit } from '../../subgraphs/kernel/uscc.ts';
import { SHOWCASE_PERSON_ID, TEST_ID_HASH_KEY } from '../support/constants.ts';
import { type GraphQLResponse, post, useTestStack } from '../support/stack.ts';

const t = useTestStack();
const db = () => t.database.drizzle('test');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const withCheck = (body17: string) => body17 + idNumberCheckChar(body17);
/** Sequences below 100 are never used by the seed: these persons are new to the registry. */
const NEW_PERSON = { idNumber: withCheck('21020319900101012'), name: '赵新民' };
const SECOND_PERSON = { idNumber: withCheck('21021119851231023'), name: '钱晓梅' };
const UNKNOWN_PERSON = withCheck('21020219700707034');
const AUTHORITY = { authorityName: '大连市市场监督管理局', authorityUscc: '11210202000000019H' };
const AGENCY = '91350100M000100Y43';

let market: Record<string, string>;
let court: Record<string, string>;

beforeAll(async () => {
  market = bearer(await t.auth.token('department', 'dl-market', { scopes: ['gov:internal', 'gov:write:government', 'gov:write:business', 'gov:write:social'] }));
  court = bearer(await t.auth.token('department', 'dl-court', { scopes: ['gov:internal', 'gov:write:judicial'] }));
  await upsertAgency(db(), { uscc: AGENCY, name: '大连示范征信有限公司', licenceNumber: 'ZX-2102-001', allowedPurposes: ['LOAN_APPROVAL'] });
});

const doc = () => `测〔2026〕${Math.floor(Math.random() * 1e9)}号`;

function sectorRow(sector: string, subject: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    sector,
    category: '不良记录',
    polarity: 'NEGATIVE',
    severity: 'GENERAL',
    title: '未履行法定义务',
    facts: '经查，当事人未按规定履行法定义务。',
    documentNumber: doc(),
    decisionDate: '2026-10-20',
    ...AUTHORITY,
    ...subject,
    ...overrides,
  };
}

function penaltyRow(subject: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    documentNumber: doc(),
    violationType: '违反食品安全管理规定',
    violationFacts: '经查，当事人经营超过保质期的食品。',
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
    penaltyCategories: ['FINE'],
    penaltyContent: '罚款人民币5000元',
    fineAmount: '5000.00',
    decisionDate: '2026-11-02',
    ...AUTHORITY,
    ...subject,
    ...overrides,
  };
}

const person = (p: { idNumber: string; name: string }) => ({ subjectCategory: 'NATURAL_PERSON', subjectIdNumber: p.idNumber, subjectName: p.name });

const RESULT = 'accepted duplicates rejected results { status id problems { field reason message } }';
const submitSector = (typ: string, records: unknown[], headers: Record<string, string>) =>
  post(t.stack.gatewayUrl, `mutation($r: [${typ}Input!]!) { submit${typ}s(input: { records: $r }) { ${RESULT} } }`, { r: records }, headers);
const submitPenalties = (records: unknown[]) =>
  post(t.stack.gatewayUrl, `mutation($r: [AdministrativePenaltyInput!]!) { submitAdministrativePenalties(input: { records: $r }) { ${RESULT} } }`, { r: records }, market);

/** Every response of this file, scanned at the end for full ID numbers. */
const responses: GraphQLResponse[] = [];
function keep<T extends { body: GraphQLResponse }>(r: T): T {
  responses.push(r.body);
  return r;
}

async function eventually<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const PERSON_LISTS = `query($id: ID!) { naturalPerson(id: $id) { id maskedName maskedIdNumber region { code }
  socialRecords { totalCount edges { node { subjectName subjectUscc sector } } }
  judicialRecords { totalCount edges { node { subjectName } } }
  businessRecords { totalCount edges { node { subjectName } } }
  administrativePenalties { totalCount edges { node { subjectName subjectUscc fineAmount } } } } }`;

describe('natural persons in submissions', () => {
  const id = personIdFor(NEW_PERSON.idNumber, TEST_ID_HASH_KEY);

  it('accepts records about a new person by ID number in every domain; the registry learns the person by event', async () => {
    const social = keep(await submitSector('SocialRecord', [sectorRow('EDUCATION', person(NEW_PERSON))], market));
    expect(social.body.errors).toBeUndefined();
    expect(social.body.data.submitSocialRecords).toMatchObject({ accepted: 1, rejected: 0 });
    const business = keep(await submitSector('BusinessRecord', [sectorRow('SAFETY_PRODUCTION', person(NEW_PERSON))], market));
    expect(business.body.data.submitBusinessRecords).toMatchObject({ accepted: 1 });
    const judicial = keep(await submitSector('JudicialRecord', [sectorRow('TRAFFIC_SAFETY', person(NEW_PERSON))], court));
    expect(judicial.body.data.submitJudicialRecords).toMatchObject({ accepted: 1 });
    const government = keep(await submitSector('GovernmentRecord', [sectorRow('CIVIL_SERVANT_INTEGRITY', person(NEW_PERSON))], market));
    expect(government.body.data.submitGovernmentRecords).toMatchObject({ accepted: 1 });
    const penalty = keep(await submitPenalties([penaltyRow(person(NEW_PERSON))]));
    expect(penalty.body.errors).toBeUndefined();
    expect(penalty.body.data.submitAdministrativePenalties).toMatchObject({ accepted: 1 });

    // The records are stored under the person's pseudonymous id, never with the number.
    const stored = await rows<{ subject_person_id: string; subject_uscc: string | null }>(
      db(),
      sql`select subject_person_id, subject_uscc from social.sector_record where subject_name = ${NEW_PERSON.name}`,
    );
    expect(stored).toEqual([{ subject_person_id: id, subject_uscc: null }]);

    // The platform consumes natural-person.observed and registers the person once.
    const found = await eventually(async () => {
      const r = keep(await post(t.stack.gatewayUrl, PERSON_LISTS, { id }));
      return r.body.data?.naturalPerson ? r.body : null;
    }, 'the person in the registry');
    expect(found.errors).toBeUndefined();
    const p = found.data!.naturalPerson as any;
    expect(p).toMatchObject({ id, maskedName: '赵**', maskedIdNumber: maskIdNumber(NEW_PERSON.idNumber), region: { code: '210203' } });
    expect(p.socialRecords.totalCount).toBe(1);
    expect(p.socialRecords.edges[0].node).toEqual({ subjectName: '赵**', subjectUscc: null, sector: 'EDUCATION' });
    expect(p.judicialRecords.edges.map((e: any) => e.node.subjectName)).toEqual(['赵**']);
    expect(p.businessRecords.edges.map((e: any) => e.node.subjectName)).toEqual(['赵**']);
    expect(p.administrativePenalties.edges).toEqual([{ node: { subjectName: '赵**', subjectUscc: null, fineAmount: '5000.00' } }]);

    const [registered] = await rows<{ id_number_hash: string; id_number_masked: string; birth_year: number; division_code: string }>(
      db(),
      sql`select id_number_hash, id_number_masked, birth_year, division_code from platform.natural_person where id = ${id}`,
    );
    expect(registered).toEqual({
      id_number_hash: hashIdNumber(NEW_PERSON.idNumber, TEST_ID_HASH_KEY),
      id_number_masked: maskIdNumber(NEW_PERSON.idNumber),
      birth_year: 1990,
      division_code: '210203',
    });
    // Five submissions, one event: the person id is the event's idempotency key.
    const events = await rows<{ n: string | number; payload: string }>(
      db(),
      sql`select count(*) over () as n, payload::text as payload from events.event where topic = 'natural-person.observed' and key = ${id}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).not.toContain(NEW_PERSON.idNumber);

    // Internal callers see the government file; the person's civil-servant record is there.
    const internal = keep(
      await post(t.stack.gatewayUrl, 'query($id: ID!) { naturalPerson(id: $id) { name civilServantIntegrityRecords { totalCount } administrativePenaltiesOnFile { totalCount } } }', { id }, {
        ...market,
        'x-query-purpose': 'CREDIT_SUPERVISION',
      }),
    );
    expect(internal.body.errors).toBeUndefined();
    expect(internal.body.data.naturalPerson).toEqual({ name: NEW_PERSON.name, civilServantIntegrityRecords: { totalCount: 1 }, administrativePenaltiesOnFile: { totalCount: 1 } });
  });

  it('puts a record about a seeded person on that person, without a second registry entry', async () => {
    const showcase = { idNumber: SHOWCASE.naturalPerson.idNumber, name: SHOWCASE.naturalPerson.name };
    const before = await post(t.stack.gatewayUrl, 'query($id: ID!) { naturalPerson(id: $id) { socialRecords { totalCount } } }', { id: SHOWCASE_PERSON_ID });
    const r = keep(await submitSector('SocialRecord', [sectorRow('EDUCATION', person(showcase))], market));
    expect(r.body.data.submitSocialRecords.accepted).toBe(1);
    const after = await post(t.stack.gatewayUrl, 'query($id: ID!) { naturalPerson(id: $id) { maskedName socialRecords { totalCount } } }', { id: SHOWCASE_PERSON_ID });
    expect(after.body.data.naturalPerson.socialRecords.totalCount).toBe(before.body.data.naturalPerson.socialRecords.totalCount + 1);
    const [n] = await rows<{ n: string | number }>(db(), sql`select count(*) as n from platform.natural_person where id_number_hash = ${hashIdNumber(showcase.idNumber, TEST_ID_HASH_KEY)}`);
    expect(Number(n!.n)).toBe(1);
  });

  it('re-submission is idempotent: duplicates, no new rows, no new events', async () => {
    const rowsOf = [sectorRow('EDUCATION', person(SECOND_PERSON)), penaltyRow(person(SECOND_PERSON))];
    const first = keep(await submitSector('SocialRecord', [rowsOf[0]], market));
    const firstPenalty = keep(await submitPenalties([rowsOf[1]]));
    expect(first.body.data.submitSocialRecords.accepted).toBe(1);
    expect(firstPenalty.body.data.submitAdministrativePenalties.accepted).toBe(1);
    const count = async () => {
      const [r] = await rows<{ records: string | number; events: string | number }>(
        db(),
        sql`select (select count(*) from social.sector_record where subject_name = ${SECOND_PERSON.name})
                 + (select count(*) from government.administrative_penalty where subject_name = ${SECOND_PERSON.name}) as records,
                   (select count(*) from events.event where topic = 'natural-person.observed') as events`,
      );
      return { records: Number(r!.records), events: Number(r!.events) };
    };
    const before = await count();
    const again = keep(await submitSector('SocialRecord', [rowsOf[0]], market));
    const againPenalty = keep(await submitPenalties([rowsOf[1]]));
    expect(again.body.data.submitSocialRecords).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(again.body.data.submitSocialRecords.results[0].id).toBe(first.body.data.submitSocialRecords.results[0].id);
    expect(againPenalty.body.data.submitAdministrativePenalties).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await count()).toEqual(before);
    expect(before.records).toBe(2);
  });

  it.each([
    [{ subjectIdNumber: null }, 'subjectIdNumber', 'REQUIRED'],
    [{ subjectIdNumber: '2102031990010101' }, 'subjectIdNumber', 'LENGTH'],
    [{ subjectIdNumber: '21020319900101012A' }, 'subjectIdNumber', 'CHARACTER'],
    [{ subjectIdNumber: withCheck('21020319901301012') }, 'subjectIdNumber', 'BIRTH_DATE'],
    [{ subjectIdNumber: withCheck('21020319900230012') }, 'subjectIdNumber', 'BIRTH_DATE'],
    [{ subjectIdNumber: NEW_PERSON.idNumber.slice(0, 17) + (NEW_PERSON.idNumber.endsWith('1') ? '2' : '1') }, 'subjectIdNumber', 'CHECK_CHARACTER'],
    [{ subjectUscc: SHOWCASE.enterprise.uscc }, 'subjectUscc', 'NOT_A_LEGAL_PERSON'],
    [{ subjectLegacyCode: SHOWCASE.enterprise.registrationNumber }, 'subjectLegacyCode', 'NOT_A_LEGAL_PERSON'],
  ])('rejects a natural-person row with %j: %s %s, in sector records and 双公示 alike', async (overrides, field, reason) => {
    const sector = keep(await submitSector('SocialRecord', [sectorRow('EDUCATION', { ...person(NEW_PERSON), ...overrides })], market));
    const penalty = keep(await submitPenalties([penaltyRow({ ...person(NEW_PERSON), ...overrides })]));
    for (const result of [sector.body.data.submitSocialRecords, penalty.body.data.submitAdministrativePenalties]) {
      expect(result.results[0].status).toBe('REJECTED');
      expect(result.results[0].problems).toContainEqual(expect.objectContaining({ field, reason }));
    }
  });

  it('rejects a legal representative on a 双公示 decision about a natural person', async () => {
    const r = keep(await submitPenalties([penaltyRow({ ...person(NEW_PERSON), legalRepresentative: '张三' })]));
    expect(r.body.data.submitAdministrativePenalties.results[0].problems).toContainEqual(expect.objectContaining({ field: 'legalRepresentative', reason: 'NOT_A_LEGAL_PERSON' }));
  });

  it('rejects an ID number for a legal-person subject', async () => {
    const r = keep(
      await submitSector(
        'SocialRecord',
        [sectorRow('EDUCATION', { subjectCategory: 'LEGAL_PERSON', subjectName: SHOWCASE.enterprise.name, subjectUscc: SHOWCASE.enterprise.uscc, subjectIdNumber: NEW_PERSON.idNumber })],
        market,
      ),
    );
    expect(r.body.data.submitSocialRecords.results[0].problems).toContainEqual(expect.objectContaining({ field: 'subjectIdNumber', reason: 'NOT_A_NATURAL_PERSON' }));
  });
});

describe('old codes at submission', () => {
  let oldOrg: { code: string; uscc: string } | undefined;
  let registration: { code: string; uscc: string } | undefined;
  const ambiguous = '0Z000001' + organizationCodeCheckChar('0Z000001');
  const unknownOrg = '0Y999999' + organizationCodeCheckChar('0Y999999');
  const unknownRegistration = '21020209999999' + registrationNumberCheckDigit('21020209999999');

  beforeAll(async () => {
    [oldOrg] = await rows<{ code: string; uscc: string }>(
      db(),
      sql`select code, uscc from identity.legal_person_code where code_type = 'ORGANIZATION_CODE' and source = 'OLD_CODE' order by code limit 1`,
    );
    [registration] = await rows<{ code: string; uscc: string }>(
      db(),
      sql`select code, uscc from identity.legal_person_code where code_type = 'REGISTRATION_NUMBER' and uscc <> ${SHOWCASE.enterprise.uscc} order by code limit 1`,
    );
    await recordLegalPersonCodes(db(), [
      { code: ambiguous, codeType: 'ORGANIZATION_CODE', uscc: SHOWCASE.enterprise.uscc, source: 'OLD_CODE' },
      { code: ambiguous, codeType: 'ORGANIZATION_CODE', uscc: SHOWCASE.publicBody.uscc, source: 'OLD_CODE' },
    ]);
  });

  const legal = (code: string, extra: Record<string, unknown> = {}) => ({ subjectCategory: 'LEGAL_PERSON', subjectName: '某公司', subjectLegacyCode: code, ...extra });

  it('maps an organisation code (old, or the one inside a USCC, with or without hyphen) and a registration number to the USCC', async () => {
    const embedded = SHOWCASE.socialOrganization.uscc.slice(8, 17);
    const cases = [
      { code: oldOrg!.code, uscc: oldOrg!.uscc, stored: oldOrg!.code },
      { code: `${embedded.slice(0, 8)}-${embedded[8]}`, uscc: SHOWCASE.socialOrganization.uscc, stored: embedded },
      { code: embedded.toLowerCase(), uscc: SHOWCASE.socialOrganization.uscc, stored: embedded },
      { code: registration!.code, uscc: registration!.uscc, stored: registration!.code },
    ];
    const sector = keep(await submitSector('BusinessRecord', cases.map((c) => sectorRow('SAFETY_PRODUCTION', legal(c.code))), market));
    expect(sector.body.errors).toBeUndefined();
    expect(sector.body.data.submitBusinessRecords).toMatchObject({ accepted: 4, rejected: 0 });
    const penalty = keep(await submitPenalties([penaltyRow(legal(registration!.code))]));
    expect(penalty.body.data.submitAdministrativePenalties).toMatchObject({ accepted: 1 });

    const ids = sector.body.data.submitBusinessRecords.results.map((r: { id: string }) => Number(Buffer.from(r.id, 'base64url').toString().split(':')[2]));
    const stored = await rows<{ id: number | string; subject_uscc: string; subject_legacy_code: string }>(
      db(),
      sql`select id, subject_uscc, subject_legacy_code from business.sector_record where id in (${sql.join(ids.map((i: number) => sql`${i}`), sql`, `)}) order by id`,
    );
    expect(stored.map((s) => ({ uscc: s.subject_uscc, stored: s.subject_legacy_code }))).toEqual(cases.map((c) => ({ uscc: c.uscc, stored: c.stored })));

    // The record is on the legal person's list like any other.
    const list = await post(t.stack.gatewayUrl, 'query($u: String!) { legalPerson(uscc: $u) { administrativePenalties(first: 100) { edges { node { id } } } } }', { u: registration!.uscc });
    const penaltyId = penalty.body.data.submitAdministrativePenalties.results[0].id;
    expect(list.body.data.legalPerson.administrativePenalties.edges.map((e: any) => e.node.id)).toContain(penaltyId);
  });

  it.each([
    [{ subjectLegacyCode: 'ABC' }, 'subjectLegacyCode', 'OLD_CODE_FORMAT'],
    [{ subjectLegacyCode: '0Y999999' + (organizationCodeCheckChar('0Y999999') === '1' ? '2' : '1') }, 'subjectLegacyCode', 'ORGANIZATION_CODE_CHECK'],
    [{ subjectLegacyCode: '21020209999999' + ((Number(registrationNumberCheckDigit('21020209999999')) + 1) % 10) }, 'subjectLegacyCode', 'REGISTRATION_NUMBER_CHECK'],
    [{ subjectLegacyCode: unknownOrg }, 'subjectLegacyCode', 'UNKNOWN_ORGANIZATION_CODE'],
    [{ subjectLegacyCode: unknownRegistration }, 'subjectLegacyCode', 'UNKNOWN_REGISTRATION_NUMBER'],
    [{ subjectLegacyCode: ambiguous }, 'subjectLegacyCode', 'AMBIGUOUS_ORGANIZATION_CODE'],
    [{ subjectLegacyCode: SHOWCASE.enterprise.registrationNumber, subjectUscc: SHOWCASE.publicBody.uscc }, 'subjectLegacyCode', 'CODE_MISMATCH'],
    [{ subjectLegacyCode: null }, 'subjectUscc', 'REQUIRED'],
  ])('rejects %j: %s %s, keeping the good row beside it', async (overrides, field, reason) => {
    const good = sectorRow('SAFETY_PRODUCTION', legal(SHOWCASE.enterprise.registrationNumber));
    const r = keep(await submitSector('BusinessRecord', [sectorRow('SAFETY_PRODUCTION', legal('', overrides)), good], market));
    const result = r.body.data.submitBusinessRecords;
    expect(result.results.map((x: { status: string }) => x.status)).toEqual(['REJECTED', 'ACCEPTED']);
    expect(result.results[0].problems).toContainEqual(expect.objectContaining({ field, reason }));
    const penalty = keep(await submitPenalties([penaltyRow(legal('', overrides))]));
    expect(penalty.body.data.submitAdministrativePenalties.results[0].problems).toContainEqual(expect.objectContaining({ field, reason }));
  });

  it('accepts a USCC and an old code that agree', async () => {
    const r = keep(await submitPenalties([penaltyRow(legal(SHOWCASE.enterprise.registrationNumber, { subjectUscc: SHOWCASE.enterprise.uscc }))]));
    expect(r.body.data.submitAdministrativePenalties).toMatchObject({ accepted: 1 });
  });

  it('maps the old codes of a whole submission in a constant number of statements', async () => {
    const statementsFor = async (n: number) => {
      const records = Array.from({ length: n }, (_, i) => sectorRow('SAFETY_PRODUCTION', legal(i % 2 ? registration!.code : oldOrg!.code)));
      t.database.counter('business').reset();
      const r = keep(await submitSector('BusinessRecord', records, market));
      expect(r.body.data.submitBusinessRecords.accepted).toBe(n);
      return t.database.counter('business').count;
    };
    expect(await statementsFor(20)).toBe(await statementsFor(2));
  });

  it('platform search uses the same store', async () => {
    const q = 'query($q: String!) { searchLegalPersons(query: $q) { edges { matchedBy node { uscc } } } }';
    const byOld = await post(t.stack.gatewayUrl, q, { q: oldOrg!.code });
    expect(byOld.body.data.searchLegalPersons.edges).toEqual([{ matchedBy: 'ORGANIZATION_CODE', node: { uscc: oldOrg!.uscc } }]);
    const both = await post(t.stack.gatewayUrl, q, { q: ambiguous });
    expect(both.body.data.searchLegalPersons.edges.map((e: any) => e.node.uscc).sort()).toEqual([SHOWCASE.enterprise.uscc, SHOWCASE.publicBody.uscc].sort());
  });
});

describe('naturalPersonByIdNumber', () => {
  const Q = 'query($n: String!) { naturalPersonByIdNumber(idNumber: $n) { id maskedName maskedIdNumber name } }';
  const lookup = async (n: string, headers: Record<string, string>) => keep(await post(t.stack.gatewayUrl, Q, { n }, headers));
  const showcase = SHOWCASE.naturalPerson;

  it('is FORBIDDEN to the public and to callers without the scope, before any subgraph is asked', async () => {
    const anonymous = await lookup(showcase.idNumber, {});
    expect(anonymous.body.data.naturalPersonByIdNumber).toBeNull();
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_SCOPE' });
    const partner = await lookup(showcase.idNumber, bearer(await t.auth.token('partner', '2101')));
    expect(partner.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_SCOPE' });
  });

  it('answers a government caller with a statutory purpose; without one it is refused', async () => {
    const noPurpose = await lookup(showcase.idNumber, market);
    expect(noPurpose.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STATUTORY_PURPOSE_REQUIRED' });
    const ok = await lookup(showcase.idNumber, { ...market, 'x-query-purpose': 'ADMINISTRATIVE_ENFORCEMENT' });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.naturalPersonByIdNumber).toEqual({ id: SHOWCASE_PERSON_ID, maskedName: '刘**', maskedIdNumber: showcase.idNumberMasked, name: showcase.name });
    const unknown = await lookup(UNKNOWN_PERSON, { ...market, 'x-query-purpose': 'ADMINISTRATIVE_ENFORCEMENT' });
    expect(unknown.body.errors).toBeUndefined();
    expect(unknown.body.data.naturalPersonByIdNumber).toBeNull();
  });

  it.each([
    ['2102', 'LENGTH'],
    ['21020219850315051Z', 'CHARACTER'],
    [withCheck('21020219851315051'), 'BIRTH_DATE'],
    [showcase.idNumber.slice(0, 17) + (showcase.idNumber.endsWith('1') ? '2' : '1'), 'CHECK_CHARACTER'],
  ])('refuses the invalid number %s with BAD_USER_INPUT %s', async (n, reason) => {
    const r = await lookup(n, { ...market, 'x-query-purpose': 'ADMINISTRATIVE_ENFORCEMENT' });
    expect(r.body.data?.naturalPersonByIdNumber ?? null).toBeNull();
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'idNumber', reason });
  });

  it('answers the person itself, and refuses another person', async () => {
    const own = bearer(await t.auth.token('subject', SHOWCASE_PERSON_ID, { subjectType: 'NATURAL_PERSON' }));
    const mine = await lookup(showcase.idNumber, own);
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.naturalPersonByIdNumber).toMatchObject({ id: SHOWCASE_PERSON_ID, name: showcase.name });
    const other = await lookup(NEW_PERSON.idNumber, own);
    expect(other.body.data.naturalPersonByIdNumber).toBeNull();
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_SELF' });
    const company = await lookup(showcase.idNumber, bearer(await t.auth.token('subject', SHOWCASE.enterprise.uscc, { subjectType: 'LEGAL_PERSON' })));
    expect(company.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_SELF' });
  });

  it('answers an agency only with the person’s consent, and registers each access in the query log', async () => {
    const agency = { ...bearer(await t.auth.token('agency', AGENCY)), 'x-query-purpose': 'LOAN_APPROVAL' };
    const refused = await lookup(showcase.idNumber, agency);
    expect(refused.body.data.naturalPersonByIdNumber).toBeNull();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    // A number nobody consented for is refused the same way: the agency learns nothing about existence.
    expect((await lookup(UNKNOWN_PERSON, agency)).body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    const own = bearer(await t.auth.token('subject', SHOWCASE_PERSON_ID, { subjectType: 'NATURAL_PERSON' }));
    const grant = await post(
      t.stack.gatewayUrl,
      `mutation($e: DateTime!) { grantConsent(input: { agencyUscc: "${AGENCY}", purpose: "LOAN_APPROVAL", expiresAt: $e }) { consent { status } } }`,
      { e: new Date(Date.now() + 86_400_000).toISOString() },
      own,
    );
    expect(grant.body.data.grantConsent.consent.status).toBe('ACTIVE');
    const allowed = await lookup(showcase.idNumber, agency);
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data.naturalPersonByIdNumber).toMatchObject({ id: SHOWCASE_PERSON_ID, name: showcase.name });

    const log = await post(t.stack.gatewayUrl, '{ myQueryRecords(first: 100) { edges { node { callerKind callerId fields purpose } } } }', {}, own);
    const byAgency = log.body.data.myQueryRecords.edges.map((e: any) => e.node).filter((n: any) => n.callerId === AGENCY);
    expect(byAgency).toEqual([{ callerKind: 'AGENCY', callerId: AGENCY, fields: ['NaturalPerson.name', 'Query.naturalPersonByIdNumber'], purpose: 'LOAN_APPROVAL' }]);
    const byDepartment = log.body.data.myQueryRecords.edges.map((e: any) => e.node).filter((n: any) => n.callerId === 'dl-market');
    expect(byDepartment.length).toBeGreaterThanOrEqual(1);
    expect(byDepartment[0].fields).toContain('Query.naturalPersonByIdNumber');
  });
});

describe('personal data', () => {
  it('no response of this file holds a full ID number', () => {
    const text = JSON.stringify(responses);
    expect(responses.length).toBeGreaterThan(20);
    for (const n of [NEW_PERSON.idNumber, SECOND_PERSON.idNumber, SHOWCASE.naturalPerson.idNumber, UNKNOWN_PERSON]) expect(text).not.toContain(n);
  });
});
