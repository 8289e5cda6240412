import { checkUscc } from '../uscc.ts';

/** Who is calling (DESIGN.md, API conventions: callers and scopes). */
export type CallerKind = 'public' | 'agency' | 'department' | 'partner' | 'subject' | 'admin';
/** The kinds a token can carry; `public` is the absence of a token. */
export type TokenKind = Exclude<CallerKind, 'public'>;
export type SubjectType = 'LEGAL_PERSON' | 'NATURAL_PERSON';

export interface Principal {
  kind: CallerKind;
  /** agency USCC, department code, partner city code (4 or 6 digits), the subject's USCC or natural-person id, admin id; null for public */
  id: string | null;
  scopes: ReadonlySet<string>;
  /** for kind 'subject': whether id is a USCC (LEGAL_PERSON) or a person id (NATURAL_PERSON) */
  subjectType?: 'LEGAL_PERSON' | 'NATURAL_PERSON';
}

export const TOKEN_KINDS: readonly TokenKind[] = Object.freeze(['agency', 'department', 'partner', 'subject', 'admin']);
export const SUBJECT_TYPES: readonly SubjectType[] = Object.freeze(['LEGAL_PERSON', 'NATURAL_PERSON']);

// Principals are shared between requests (the verifier caches them), so they are frozen.
export const PUBLIC_PRINCIPAL: Principal = Object.freeze({ kind: 'public', id: null, scopes: new Set<string>() });

/** What a token of each kind carries when its issuer does not say otherwise (used when minting). */
export const DEFAULT_SCOPES: Record<TokenKind, string[]> = Object.freeze({
  agency: ['credit:authorized'],
  department: ['gov:internal'],
  partner: ['partner:recognition'],
  subject: ['self'],
  admin: ['platform:admin', 'gov:internal'],
});

export function isTokenKind(value: unknown): value is TokenKind {
  return typeof value === 'string' && (TOKEN_KINDS as readonly string[]).includes(value);
}

export function isSubjectType(value: unknown): value is SubjectType {
  return typeof value === 'string' && (SUBJECT_TYPES as readonly string[]).includes(value);
}

const PARTNER_CODE = /^(\d{4}|\d{6})$/;
const DEPARTMENT_CODE = /^[A-Za-z0-9_:-]{1,64}$/;
// Natural-person and admin ids are opaque here; only keep them printable and bounded, since they
// end up in the query log.
const OPAQUE_ID = /^[\x21-\x7e]{1,128}$/;

export type IdCheck = { valid: true; id: string } | { valid: false; message: string };

/** Checks a caller id against its kind and gives its canonical form (USCCs upper-cased). */
export function checkCallerId(kind: TokenKind, id: string, subjectType?: SubjectType): IdCheck {
  const uscc = (what: string): IdCheck => {
    const result = checkUscc(id);
    return result.valid ? { valid: true, id: result.code } : { valid: false, message: `${what} must be a valid USCC: ${result.message}` };
  };
  switch (kind) {
    case 'agency':
      return uscc('an agency id');
    case 'subject':
      if (subjectType === 'LEGAL_PERSON') return uscc('a legal-person subject id');
      if (subjectType === 'NATURAL_PERSON') {
        return OPAQUE_ID.test(id) ? { valid: true, id } : { valid: false, message: 'a natural-person id must be 1–128 printable ASCII characters' };
      }
      return { valid: false, message: 'a subject needs a subject type (LEGAL_PERSON or NATURAL_PERSON)' };
    case 'partner':
      return PARTNER_CODE.test(id) ? { valid: true, id } : { valid: false, message: 'a partner id is a city code of 4 or 6 digits' };
    case 'department':
      return DEPARTMENT_CODE.test(id)
        ? { valid: true, id }
        : { valid: false, message: 'a department id is 1–64 characters of A–Z, a–z, 0–9, _, - and :' };
    case 'admin':
      return OPAQUE_ID.test(id) ? { valid: true, id } : { valid: false, message: 'an admin id must be 1–128 printable ASCII characters' };
  }
}

export type ClaimsCheck = { valid: true; principal: Principal } | { valid: false; message: string };

/**
 * The principal a verified token's claims describe: `sub` (the id), `kind`, `scope` (OAuth-style,
 * space-separated) and, for subjects, `subject_type`.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): ClaimsCheck {
  const { sub, kind, scope, subject_type: subjectType } = claims;
  if (!isTokenKind(kind)) {
    return { valid: false, message: `the "kind" claim must be one of ${TOKEN_KINDS.join(', ')}` };
  }
  if (typeof sub !== 'string' || sub === '') return { valid: false, message: 'the "sub" claim (the caller id) is missing' };
  if (scope !== undefined && typeof scope !== 'string') {
    return { valid: false, message: 'the "scope" claim must be a space-separated string' };
  }
  if (kind === 'subject' && !isSubjectType(subjectType)) {
    return { valid: false, message: 'a subject token needs a "subject_type" claim of LEGAL_PERSON or NATURAL_PERSON' };
  }
  const type = kind === 'subject' ? (subjectType as SubjectType) : undefined;
  const id = checkCallerId(kind, sub, type);
  if (!id.valid) return { valid: false, message: `the "sub" claim is not a valid ${kind} id: ${id.message}` };
  const scopes = new Set(scope ? scope.split(/\s+/).filter(Boolean) : []);
  const principal: Principal = type ? { kind, id: id.id, scopes, subjectType: type } : { kind, id: id.id, scopes };
  return { valid: true, principal: Object.freeze(principal) };
}
