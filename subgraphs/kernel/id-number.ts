import { createHmac } from 'node:crypto';
import { badUserInput } from './errors.ts';

/** Resident ID number (居民身份证号码), GB 11643. Personal information: never returned whole. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberCheck =
  | { valid: true; idNumber: string; birthDate: string }
  | { valid: false; reason: 'LENGTH' | 'CHARACTER' | 'BIRTH_DATE' | 'CHECK_CHARACTER'; message: string };

export function idNumberCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function checkIdNumber(input: string): IdNumberCheck {
  const id = input.toUpperCase();
  if (id.length !== 18) return { valid: false, reason: 'LENGTH', message: `an ID number has 18 characters, got ${id.length}` };
  if (!/^\d{17}[\dX]$/.test(id)) return { valid: false, reason: 'CHARACTER', message: 'an ID number is 17 digits and a digit or X' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { valid: false, reason: 'BIRTH_DATE', message: 'characters 7–14 are not a valid birth date' };
  }
  const check = idNumberCheckChar(id.slice(0, 17));
  if (id[17] !== check) return { valid: false, reason: 'CHECK_CHARACTER', message: 'the check character does not match' };
  return { valid: true, idNumber: id, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

/** The masked form shown instead of the number: division prefix and the last four kept. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;
}

/**
 * Keyed hash used to find a person by ID number without storing the number. The key comes from
 * configuration (ID_HASH_KEY); with another key the same number gives another hash, so a leaked
 * table cannot be reversed by hashing all possible numbers.
 */
export function hashIdNumber(id: string, key: string): string {
  return createHmac('sha256', key).update(id.toUpperCase()).digest('hex');
}

/** A masked personal name for public display: the family name and one star per other character. */
export function maskPersonName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * A natural person's opaque platform id (`np_` and 16 hex characters): a keyed pseudonym of the
 * ID number. Every domain computes the same id from a submitted number without asking the
 * registry, and the id reveals nothing without the key. The HMAC input is prefixed, so the id
 * is not a prefix of the lookup hash made with the same key.
 */
export function personIdFor(id: string, key: string): string {
  return `np_${createHmac('sha256', key).update('natural-person-id\u0000').update(id.toUpperCase()).digest('hex').slice(0, 16)}`;
}

/** What the platform keeps of a person seen in a submission: never the number itself. */
export interface ObservedPerson {
  id: string;
  name: string;
  idNumberHash: string;
  idNumberMasked: string;
  divisionCode: string;
  birthYear: number;
}

/** The registry's facts of a person from a valid ID number (see checkIdNumber) and a name. */
export function observePerson(idNumber: string, name: string, key: string): ObservedPerson {
  const id = idNumber.toUpperCase();
  return {
    id: personIdFor(id, key),
    name,
    idNumberHash: hashIdNumber(id, key),
    idNumberMasked: maskIdNumber(id),
    divisionCode: id.slice(0, 6),
    birthYear: Number(id.slice(6, 10)),
  };
}

/** An ID-number argument, upper-cased, or BAD_USER_INPUT naming the argument and the reason (never the number). */
export function parseIdNumberArgument(value: string, argument: string): string {
  const check = checkIdNumber(value.trim());
  if (!check.valid) throw badUserInput(argument, check.reason, check.message);
  return check.idNumber;
}

export type PersonIdCheck = { valid: true; id: string } | { valid: false; reason: string; message: string };

const PERSON_ID = /^np_[0-9a-f]{16}$/;
const ID_NUMBER_SHAPE = /^\d{17}[\dXx]$/;

/**
 * A natural person named by the platform's id. An ID number sent instead is refused by its own
 * reason and never repeated, so it reaches no case, result or log.
 */
export function checkPersonId(input: string): PersonIdCheck {
  const value = input.trim();
  if (PERSON_ID.test(value)) return { valid: true, id: value };
  // Shaped like a number is enough (a wrong check character is still someone's number, mistyped).
  if (ID_NUMBER_SHAPE.test(value) || checkIdNumber(value).valid) return { valid: false, reason: 'ID_NUMBER_NOT_ACCEPTED', message: "name the person by the platform's id (NaturalPerson.id), not the ID number" };
  return { valid: false, reason: 'INVALID_PERSON_ID', message: "is not a natural person's platform id (np_ and 16 hex characters)" };
}

/** A person-id argument, or BAD_USER_INPUT naming the argument and the reason (never the value). */
export function parsePersonIdArgument(value: string, argument: string): string {
  const check = checkPersonId(value);
  if (!check.valid) throw badUserInput(argument, check.reason, check.message);
  return check.id;
}
