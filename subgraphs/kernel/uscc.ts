import { badUserInput } from './errors.ts';

/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015, with its embedded
 * organisation code (组织机构代码), GB 11714. See DOMAIN.md, Identifiers.
 */

/** The 31 characters a USCC may use: digits and upper-case letters without I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccInvalidReason =
  | 'LENGTH'
  | 'CHARACTER'
  | 'REGISTRATION_AUTHORITY'
  | 'ORGANIZATION_CODE_CHECK'
  | 'CHECK_CHARACTER';

export type UsccCheck =
  | { valid: true; code: string }
  | { valid: false; reason: UsccInvalidReason; message: string };

/** Value of an organisation-code character: digits 0–9, letters A–Z as 10–35. */
function orgCodeValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** Check character of an 8-character organisation-code body (GB 11714). */
export function organizationCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCodeValue(body8[i]!) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Check character of the first 17 USCC characters (GB 32100). 31 maps to '0', not to index 31. */
export function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body17[i]!) * USCC_WEIGHTS[i]!;
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[c]!;
}

/** Registration authorities (登记管理部门), the USCC's first character. */
export const REGISTRATION_AUTHORITIES: Record<string, string> = {
  '1': 'ORGANIZATION_ESTABLISHMENT',
  '2': 'FOREIGN_AFFAIRS',
  '3': 'JUSTICE_ADMINISTRATION',
  '4': 'CULTURE',
  '5': 'CIVIL_AFFAIRS',
  '6': 'TOURISM',
  '7': 'RELIGIOUS_AFFAIRS',
  '8': 'TRADE_UNION',
  '9': 'MARKET_REGULATION',
  A: 'MILITARY_ESTABLISHMENT',
  N: 'AGRICULTURE',
  Y: 'OTHER',
};

/**
 * Validates a USCC. Lower-case input is accepted and upper-cased (codes are often typed by
 * hand); whitespace is not trimmed, because a code with spaces is a different string.
 */
export function checkUscc(input: string): UsccCheck {
  const code = input.toUpperCase();
  if (code.length !== 18) {
    return { valid: false, reason: 'LENGTH', message: `a USCC has 18 characters, got ${code.length}` };
  }
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(code[i]!)) {
      return {
        valid: false,
        reason: 'CHARACTER',
        message: `character ${i + 1} ('${code[i]}') is not allowed in a USCC (digits and A–Z without I, O, S, V, Z)`,
      };
    }
  }
  if (!(code[0]! in REGISTRATION_AUTHORITIES)) {
    return {
      valid: false,
      reason: 'REGISTRATION_AUTHORITY',
      message: `character 1 ('${code[0]}') is not a registration-authority code`,
    };
  }
  const orgCheck = organizationCodeCheckChar(code.slice(8, 16));
  if (code[16] !== orgCheck) {
    return {
      valid: false,
      reason: 'ORGANIZATION_CODE_CHECK',
      message: `the organisation code (characters 9–17) fails its GB 11714 check: expected '${orgCheck}' at character 17`,
    };
  }
  const check = usccCheckChar(code.slice(0, 17));
  if (code[17] !== check) {
    return {
      valid: false,
      reason: 'CHECK_CHARACTER',
      message: `the check character (character 18) should be '${check}'`,
    };
  }
  return { valid: true, code };
}

/** Validates a 9-character organisation code, with or without the hyphen before its check character. */
export function checkOrganizationCode(input: string): { valid: true; code: string } | { valid: false; message: string } {
  const code = input.toUpperCase().replace('-', '');
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return { valid: false, message: 'an organisation code has 8 digits or letters and a check character' };
  const check = organizationCodeCheckChar(code.slice(0, 8));
  if (code[8] !== check) return { valid: false, message: `the check character should be '${check}'` };
  return { valid: true, code };
}

/** ISO 7064 MOD 11,10 check digit, the one 15-digit business registration numbers (工商注册号) carry. */
export function registrationNumberCheckDigit(body14: string): string {
  let p = 10;
  for (const ch of body14) {
    let s = (p + Number(ch)) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

export type OldCodeCheck =
  | { valid: true; code: string; codeType: 'ORGANIZATION_CODE' | 'REGISTRATION_NUMBER' }
  | { valid: false; reason: 'OLD_CODE_FORMAT' | 'ORGANIZATION_CODE_CHECK' | 'REGISTRATION_NUMBER_CHECK'; message: string };

/**
 * An old identifier a record may still name its subject by: a 9-character organisation code
 * (hyphen before the check character optional) or a 15-digit registration number.
 */
export function checkOldCode(input: string): OldCodeCheck {
  const compact = input.trim().toUpperCase();
  if (/^\d{15}$/.test(compact)) {
    const check = registrationNumberCheckDigit(compact.slice(0, 14));
    if (compact[14] !== check) return { valid: false, reason: 'REGISTRATION_NUMBER_CHECK', message: `the registration number's check digit should be '${check}'` };
    return { valid: true, code: compact, codeType: 'REGISTRATION_NUMBER' };
  }
  if (/^[0-9A-Z]{8}-?[0-9A-Z]$/.test(compact)) {
    const org = checkOrganizationCode(compact);
    if (!org.valid) return { valid: false, reason: 'ORGANIZATION_CODE_CHECK', message: `not a valid organisation code: ${org.message}` };
    return { valid: true, code: org.code, codeType: 'ORGANIZATION_CODE' };
  }
  return { valid: false, reason: 'OLD_CODE_FORMAT', message: 'an old code is a 9-character organisation code (组织机构代码) or a 15-digit registration number (工商注册号)' };
}

/** Completes a USCC from its first 16 characters (authority, type, division, organisation-code body). */
export function completeUscc(first16: string): string {
  const body17 = first16 + organizationCodeCheckChar(first16.slice(8, 16));
  return body17 + usccCheckChar(body17);
}

export interface UsccParts {
  registrationAuthority: string;
  organizationType: string;
  divisionCode: string;
  organizationCode: string;
}

export function usccParts(code: string): UsccParts {
  return {
    registrationAuthority: code[0]!,
    organizationType: code[1]!,
    divisionCode: code.slice(2, 8),
    organizationCode: code.slice(8, 17),
  };
}

/**
 * The kind of legal person, from the registration authority and the organisation type
 * (characters 1 and 2 of the code, GB 32100 appendix).
 */
export function legalPersonKind(code: string): string {
  const a = code[0];
  const t = code[1];
  switch (a) {
    case '1':
      return t === '1' ? 'GOVERNMENT_AGENCY' : t === '2' ? 'PUBLIC_INSTITUTION' : t === '3' ? 'MASS_ORGANIZATION' : 'OTHER';
    case '5':
      return t === '1' ? 'SOCIAL_ORGANIZATION' : t === '2' ? 'PRIVATE_NON_ENTERPRISE_UNIT' : t === '3' ? 'FOUNDATION' : 'OTHER';
    case '9':
      return t === '1' ? 'ENTERPRISE' : t === '2' ? 'INDIVIDUAL_BUSINESS' : t === '3' ? 'FARMERS_COOPERATIVE' : 'OTHER';
    case '3':
      return t === '1' ? 'LAW_FIRM' : t === '2' ? 'NOTARY_OFFICE' : t === '4' ? 'FORENSIC_INSTITUTION' : t === '5' ? 'ARBITRATION_COMMISSION' : 'OTHER';
    case '7':
      return 'RELIGIOUS_ACTIVITY_SITE';
    case '8':
      return 'TRADE_UNION';
    default:
      return 'OTHER';
  }
}

/** A USCC argument, upper-cased, or a BAD_USER_INPUT error naming the argument and the reason. */
export function parseUsccArgument(value: string, argument: string): string {
  const result = checkUscc(value);
  if (!result.valid) throw badUserInput(argument, result.reason, result.message);
  return result.code;
}
