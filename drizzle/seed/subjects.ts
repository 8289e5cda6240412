import { legalPerson, naturalPerson } from '../schema/platform.ts';
import { DALIAN_DISTRICTS } from '../../subgraphs/kernel/divisions.ts';
import { hashIdNumber, idNumberCheckChar, maskIdNumber, personIdFor } from '../../subgraphs/kernel/id-number.ts';
import { completeUscc, legalPersonKind, registrationNumberCheckDigit, USCC_ALPHABET } from '../../subgraphs/kernel/uscc.ts';

export { registrationNumberCheckDigit };
import {
  cooperativeName,
  enterpriseName,
  INDIVIDUAL_BUSINESS_INDUSTRIES,
  individualBusinessName,
  personName,
  publicBodyName,
  socialOrganizationName,
} from './names.ts';
import { dayNumber, deriveSeed, isoDate, Random, scatter, STREAM, weighted } from './random.ts';

/**
 * The subjects of the registry: legal persons and natural persons, each a pure function of
 * (seed, index). Identifiers are bijections of the index, so they never collide at any size and
 * need no lookup of what was generated before.
 */

export type LegalPersonInsert = typeof legalPerson.$inferInsert;
export type NaturalPersonInsert = typeof naturalPerson.$inferInsert;

/** Which records a subject can carry; finer than `kind` because it also drives names and templates. */
export type SubjectGroup = 'enterprise' | 'individual' | 'cooperative' | 'social' | 'public';

export interface GeneratedLegalPerson {
  row: LegalPersonInsert & { divisionCode: string; registrationDate: string; name: string; uscc: string };
  group: SubjectGroup;
  /** The subject's generator, positioned after the subject's own fields: its records draw from it. */
  rng: Random;
}

const GROUPS = weighted<SubjectGroup>([
  ['enterprise', 78],
  ['individual', 6],
  ['cooperative', 1],
  ['social', 8],
  ['public', 7],
]);

/** Districts weighted roughly by how many businesses they register. */
export const DISTRICT_WEIGHTS = weighted(
  (
    [
      ['210202', 10], ['210203', 8], ['210204', 10], ['210211', 20], ['210212', 5],
      ['210213', 20], ['210214', 6], ['210224', 2], ['210281', 9], ['210283', 8],
    ] as const
  ).map(([d, w]) => [d as string, w] as const),
);

const RURAL_DISTRICT_WEIGHTS = weighted(
  (
    [
      ['210212', 2], ['210213', 3], ['210214', 5], ['210224', 2], ['210281', 5], ['210283', 5],
    ] as const
  ).map(([d, w]) => [d as string, w] as const),
);

const ENTERPRISE_INDUSTRIES = weighted(
  (
    [
      ['C', 20], ['F', 22], ['I', 9], ['E', 10], ['L', 10], ['K', 6], ['G', 6], ['H', 5], ['M', 4], ['A', 2],
      ['O', 2], ['R', 2], ['P', 1], ['Q', 1], ['N', 1], ['D', 0.5], ['B', 0.3], ['J', 1],
    ] as const
  ).map(([s, w]) => [s as string, w] as const),
);

/** Registrations grow over the years; most subjects predate the 2015 switch to the USCC. */
const REGISTRATION_YEARS = weighted(Array.from({ length: 31 }, (_, i) => [1995 + i, 1 + i * 0.02] as const));

const STATUS = weighted([
  ['ACTIVE', 88],
  ['REVOKED', 4],
  ['DEREGISTERED', 7],
  ['MOVED_OUT', 1],
] as const);

/** Codes issued after the USCC took effect carry a new body instead of an old organisation code. */
export const USCC_START = '2015-10-01';

function base31(value: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++, value = Math.floor(value / 31)) s = USCC_ALPHABET[value % 31]! + s;
  return s;
}

/**
 * The 8-character organisation-code body of generated row `index`. Subjects registered before the
 * USCC keep an 8-digit old code (1xxxxxxx–9xxxxxxx); newer ones get `MA` (market regulation),
 * `MJ` (civil affairs) or `MB` (establishment) and six base-31 characters. Both are bijections of
 * the index and the ranges are disjoint, and disjoint from the fixed subjects' `00`/`01` bodies.
 */
export function organizationCodeBody(index: number, authority: string, registeredBeforeUscc: boolean): string {
  if (registeredBeforeUscc) return String(10_000_000 + scatter(index, 7_368_787, 24_601_337, 90_000_000));
  const prefix = authority === '9' ? 'MA' : authority === '5' ? 'MJ' : 'MB';
  return prefix + base31(scatter(index, 48_271, 20_151_001, 31 ** 6), 6);
}

export function generateLegalPerson(seed: number, index: number): GeneratedLegalPerson {
  const rng = Random.forRow(seed, STREAM.legalPerson, index);
  const group = rng.weighted(GROUPS);
  // Farmers' cooperatives are in the rural districts and counties, not the old city centre.
  const divisionCode = rng.weighted(group === 'cooperative' ? RURAL_DISTRICT_WEIGHTS : DISTRICT_WEIGHTS);
  const year = rng.weighted(REGISTRATION_YEARS);
  const registrationDate = rng.date(`${year}-01-01`, year === 2025 ? '2025-12-31' : `${year}-12-31`);
  let authority: string;
  let type: string;
  let industryCode: string;
  let name: string;
  switch (group) {
    case 'enterprise':
      [authority, type] = ['9', '1'];
      industryCode = rng.weighted(ENTERPRISE_INDUSTRIES);
      name = enterpriseName(index, rng, industryCode);
      break;
    case 'individual':
      [authority, type] = ['9', '2'];
      industryCode = rng.weighted(INDIVIDUAL_BUSINESS_INDUSTRIES);
      name = individualBusinessName(index, rng, industryCode, divisionCode);
      break;
    case 'cooperative':
      [authority, type] = ['9', '3'];
      industryCode = 'A';
      name = cooperativeName(index, rng, divisionCode);
      break;
    case 'social': {
      authority = '5';
      const r = rng.next();
      type = r < 0.5 ? '1' : r < 0.92 ? '2' : '3';
      name = socialOrganizationName(index, rng, type, divisionCode);
      industryCode = type !== '2' ? 'S' : /学校|幼儿园/.test(name) ? 'P' : 'Q';
      break;
    }
    case 'public':
      authority = '1';
      type = rng.chance(0.3) ? '1' : '2';
      industryCode = 'S';
      name = publicBodyName(index, rng, type, divisionCode);
      break;
  }
  const body = organizationCodeBody(index, authority, registrationDate < USCC_START);
  const uscc = completeUscc(`${authority}${type}${divisionCode}${body}`);
  const status = group === 'public' ? (rng.chance(0.03) ? 'DEREGISTERED' : 'ACTIVE') : rng.weighted(STATUS);
  const row = {
    uscc,
    name,
    kind: legalPersonKind(uscc),
    divisionCode,
    industryCode,
    registrationDate,
    status,
    legalRepresentative: personName(rng),
  };
  return { row, group, rng };
}

// ---- natural persons ----

const DISTRICT_CODES = Object.keys(DALIAN_DISTRICTS);
const BIRTH_FROM = dayNumber('1950-01-01');
const BIRTH_DAYS = dayNumber('2005-12-31') - BIRTH_FROM + 1;
/** Generated sequence numbers are 100–999; 000–099 are left to the fixed showcase persons. */
const SEQUENCES = 900;
const ID_SPACE = DISTRICT_CODES.length * BIRTH_DAYS * SEQUENCES;
const ID_MULTIPLIER = 1_000_003;
if (gcd(ID_MULTIPLIER, ID_SPACE) !== 1) throw new Error('seed: ID multiplier must be coprime to the ID space');

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A valid GB 11643 ID number, a bijection of the index: (district, birth date, sequence). */
export function idNumberOf(seed: number, index: number): string {
  let v = scatter(index, ID_MULTIPLIER, deriveSeed(seed, 17, 0) % ID_SPACE, ID_SPACE);
  const district = DISTRICT_CODES[v % DISTRICT_CODES.length]!;
  v = Math.floor(v / DISTRICT_CODES.length);
  const sequence = 100 + (v % SEQUENCES);
  const birth = isoDate(BIRTH_FROM + Math.floor(v / SEQUENCES)).replaceAll('-', '');
  const body = `${district}${birth}${sequence}`;
  return body + idNumberCheckChar(body);
}

export interface GeneratedNaturalPerson {
  row: NaturalPersonInsert & { id: string; name: string; divisionCode: string };
  rng: Random;
}

/**
 * A natural person: the ID number lives only inside this function; the row has its hash and
 * mask. The id is the keyed pseudonym every domain computes from a submitted number
 * (personIdFor), so a record submitted about a seeded person lands on the same person.
 */
export function naturalPersonRow(name: string, idNumber: string, idHashKey: string): GeneratedNaturalPerson['row'] {
  return {
    id: personIdFor(idNumber, idHashKey),
    name,
    idNumberHash: hashIdNumber(idNumber, idHashKey),
    idNumberMasked: maskIdNumber(idNumber),
    divisionCode: idNumber.slice(0, 6),
    birthYear: Number(idNumber.slice(6, 10)),
  };
}

export function generateNaturalPerson(seed: number, index: number, idHashKey: string): GeneratedNaturalPerson {
  const rng = Random.forRow(seed, STREAM.naturalPerson, index);
  const idNumber = idNumberOf(seed, index);
  // GB 11643: an odd 17th digit is a man.
  const male = Number(idNumber[16]) % 2 === 1;
  return { row: naturalPersonRow(personName(rng, male), idNumber, idHashKey), rng };
}

// ---- old identifiers (identity.legal_person_code) ----

/** 15-digit registration number: division, 8-digit serial 1xxxxxxx–9xxxxxxx (a bijection), check digit. */
export function registrationNumberOf(index: number, division: string): string {
  const body = `${division}${10_000_000 + scatter(index, 7_368_787, 31_415_927, 90_000_000)}`;
  return body + registrationNumberCheckDigit(body);
}

/** An old 8-character organisation-code body `02xxxxxx`–`09xxxxxx`, outside every USCC body range. */
export function oldOrganizationCodeBody(index: number): string {
  return `0${2_000_000 + scatter(index, 1_299_709, 4_242_424, 8_000_000)}`;
}
