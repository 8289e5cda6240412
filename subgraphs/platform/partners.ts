import { randomUUID } from 'node:crypto';
import { decodeJwt, importJWK, type JWK } from 'jose';
import { shanghaiDate } from '../kernel/calendar.ts';
import type { CatalogListingRule } from '../kernel/catalog.ts';
import { badUserInput } from '../kernel/errors.ts';
import { toGlobalId } from '../kernel/global-id.ts';
import { type CreditListing, LIST_TYPES, type ListType } from '../kernel/listings.ts';
import { PlatformJwsError, verifyPlatformJws } from '../kernel/signing.ts';
import { checkUscc } from '../kernel/uscc.ts';
import type { EvaluationModel } from './evaluation.ts';
import type { NewRecognition, PartnerCityModel, RecognitionRuleRow, RecognitionWithCity } from './partners-store.ts';

/**
 * Mutual recognition with partner cities (跨区域信用互认, task 14). Partners and the platform
 * exchange attestations: compact JWS (ES256, typ `credit-attestation+jws`) whose payload is
 * `{ iss: <city code>, sub: <USCC>, jti, iat, exp?, results: [...] }`, each result one of
 *   { type: "EVALUATION", grade: "A"–"D", score?, ruleSetVersion?, evaluatedAt? }
 *   { type: "BLACK_LIST" | "RED_LIST" | "KEY_ATTENTION", listName, since?, until?, authorityName? }.
 * A partner's results are recognized per the registry (which types, which keys, its status) and
 * take effect through the recognition rules as cross-region listings, derived when read.
 */
export const ATTESTATION_TYP = 'credit-attestation+jws';
export const RESULT_TYPES = ['EVALUATION', 'BLACK_LIST', 'RED_LIST', 'KEY_ATTENTION'] as const;
export type ResultType = (typeof RESULT_TYPES)[number];
export const MAX_RESULTS_PER_ATTESTATION = 20;
export const MAX_ATTESTATIONS = 1000;
const RESULT_OF_LIST: Record<ListType, ResultType> = { BLACK: 'BLACK_LIST', RED: 'RED_LIST', KEY_ATTENTION: 'KEY_ATTENTION' };
const GRADES = ['A', 'B', 'C', 'D'];
const CITY_CODE = /^\d{4}(\d{2})?$/;

export interface RecognitionModel extends RecognitionWithCity {
  inForce: boolean;
  listing: CreditListing | null;
}

export interface AttestationModel {
  jws: string;
  kid: string;
  issuer: string;
  subjectUscc: string;
  issuedAt: string;
  expiresAt: string;
}

export const recognitionGlobalId = (id: number) => toGlobalId('platform', 'PartnerRecognition', id);

/** The listing rule code of a partner's result type, as listings cite it and the catalog publishes it. */
export const crossRegionRuleCode = (resultType: string) => `PARTNER_${resultType}`;

/** The active recognition rules as the information catalog publishes them (名单认定标准, cross-region). */
export function crossRegionCatalogRules(rules: readonly RecognitionRuleRow[]): CatalogListingRule[] {
  return rules
    .filter((r) => r.status === 'ACTIVE')
    .map((r) => ({
      code: crossRegionRuleCode(r.resultType),
      domain: 'cross_region',
      listTypes: [r.listType as ListType],
      listName: r.listName,
      recordType: 'PartnerRecognition',
      description:
        r.resultType === 'EVALUATION'
          ? `A partner city's credit evaluation result${r.partnerGrade ? ` of grade ${r.partnerGrade}` : ''}, received and in force (mutual recognition, task 14).`
          : `A partner city's ${r.resultType} result, received and in force (mutual recognition, task 14).`,
    }));
}

/** A result counts while its city is active and still recognizes its type, and until it expires. */
export function inForce(r: RecognitionWithCity, now = new Date()): boolean {
  return r.cityStatus === 'ACTIVE' && r.cityRecognizes.includes(r.resultType) && (r.expiresAt === null || new Date(r.expiresAt) > now);
}

export function ruleFor(r: RecognitionWithCity, rules: readonly RecognitionRuleRow[]): RecognitionRuleRow | undefined {
  return rules.find((rule) => rule.status === 'ACTIVE' && rule.resultType === r.resultType && (rule.partnerGrade === null ? r.resultType !== 'EVALUATION' : rule.partnerGrade === r.grade));
}

/** Each received result with whether it is in force and the cross-region listing it makes here. */
export function recognitionModels(found: readonly RecognitionWithCity[], rules: readonly RecognitionRuleRow[], now = new Date()): RecognitionModel[] {
  return found.map((r) => {
    const live = inForce(r, now);
    const rule = live ? ruleFor(r, rules) : undefined;
    const listing: CreditListing | null = rule
      ? {
          listType: rule.listType as ListType,
          listName: rule.listName,
          rule: crossRegionRuleCode(r.resultType),
          domain: 'CROSS_REGION',
          since: shanghaiDate(new Date(r.issuedAt)),
          until: r.expiresAt ? shanghaiDate(new Date(r.expiresAt)) : null,
          evidenceRecordIds: [recognitionGlobalId(r.id)],
          authorityName: r.authorityName ? `${r.cityName}·${r.authorityName}` : r.cityName,
          authorityUscc: null,
        }
      : null;
    return { ...r, inForce: live, listing };
  });
}

/** A subject's cross-region listings: one per list, spanning its results (earliest start, latest end). */
export function crossRegionListings(models: readonly RecognitionModel[]): CreditListing[] {
  const byList = new Map<string, CreditListing>();
  for (const m of [...models].reverse()) {
    if (!m.listing) continue;
    const key = `${m.listing.listType}\u0000${m.listing.listName}`;
    const seen = byList.get(key);
    if (!seen) {
      byList.set(key, { ...m.listing, evidenceRecordIds: [...m.listing.evidenceRecordIds] });
      continue;
    }
    seen.evidenceRecordIds.push(...m.listing.evidenceRecordIds);
    if (m.listing.since < seen.since) seen.since = m.listing.since;
    seen.until = seen.until === null || m.listing.until === null ? null : seen.until > m.listing.until ? seen.until : m.listing.until;
    seen.authorityName = m.listing.authorityName;
  }
  return [...byList.values()].sort((a, b) => LIST_TYPES.indexOf(b.listType) - LIST_TYPES.indexOf(a.listType) || a.listName.localeCompare(b.listName));
}

/** The results of our attestation: the evaluation and the subject's own listings (not cross-region ones). */
export function attestationPayload(
  uscc: string,
  evaluation: EvaluationModel,
  listings: readonly CreditListing[],
  o: { issuer: string; validityDays: number; now?: Date },
): Record<string, unknown> {
  const iat = Math.floor((o.now ?? new Date()).getTime() / 1000);
  return {
    iss: o.issuer,
    sub: uscc,
    jti: randomUUID(),
    iat,
    exp: iat + o.validityDays * 86_400,
    results: [
      { type: 'EVALUATION', grade: evaluation.grade.grade, score: evaluation.score, ruleSetVersion: evaluation.ruleSetVersion, evaluatedAt: evaluation.evaluatedAt },
      ...listings
        .filter((l) => l.domain !== 'CROSS_REGION')
        .map((l) => ({ type: RESULT_OF_LIST[l.listType], listName: l.listName, since: l.since, until: l.until, authorityName: l.authorityName })),
    ],
  };
}

export interface Problem {
  field: string;
  reason: string;
  message: string;
}

export type AttestationCheck =
  | { ok: true; partnerCode: string; jti: string; subjectUscc: string; rows: NewRecognition[] }
  | { ok: false; jti: string | null; subjectUscc: string | null; problem: Problem };

const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() !== '' && v.length <= max ? v.trim() : null);

/**
 * Checks one submitted attestation against the registry, in the order a verifier must: what it
 * claims (issuer, key) only selects the key; nothing in the payload is believed before the
 * signature is verified with that key.
 */
export async function checkAttestation(jws: string, index: number, o: { callerCity: string; cities: ReadonlyMap<string, PartnerCityModel>; now?: Date }): Promise<AttestationCheck> {
  const field = `attestations.${index}`;
  const fail = (reason: string, message: string, jti: string | null = null, subjectUscc: string | null = null): AttestationCheck => ({ ok: false, jti, subjectUscc, problem: { field, reason, message } });
  let claimed: Record<string, unknown>;
  try {
    claimed = decodeJwt(jws.trim()) as Record<string, unknown>;
  } catch {
    return fail('MALFORMED', 'not a compact JWS with a JSON payload');
  }
  const iss = typeof claimed.iss === 'string' ? claimed.iss : '';
  const city = o.cities.get(iss);
  if (!city) return fail('UNKNOWN_CITY', `${iss || 'no issuer'} is not a registered partner city`);
  if (iss !== o.callerCity) return fail('ISSUER_MISMATCH', `a partner submits its own results; this one is issued by ${iss}`);
  if (city.status !== 'ACTIVE') return fail('PARTNER_SUSPENDED', `${city.name} is suspended`);
  const keys = city.keys.filter((k) => k.status === 'ACTIVE').map((k) => k.jwk as JWK);
  let payload: Record<string, unknown>;
  let kid: string;
  try {
    const verified = await verifyPlatformJws(jws, { keys }, { typ: ATTESTATION_TYP });
    payload = verified.payload;
    kid = verified.protectedHeader.kid!;
  } catch (error) {
    if (error instanceof PlatformJwsError) {
      const retired = error.reason === 'UNKNOWN_KEY' && city.keys.some((k) => k.status === 'RETIRED');
      return fail(error.reason, retired ? `${error.message} (or the key is retired)` : error.message);
    }
    throw error;
  }
  const jti = text(payload.jti, 200);
  if (!jti) return fail('MALFORMED', 'jti must be a string of 1–200 characters');
  const uscc = checkUscc(typeof payload.sub === 'string' ? payload.sub : '');
  if (!uscc.valid) return fail('INVALID_USCC', `sub: ${uscc.message}`, jti, typeof payload.sub === 'string' ? payload.sub : null);
  const now = (o.now ?? new Date()).getTime() / 1000;
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return fail('MALFORMED', 'iat must be a NumericDate', jti, uscc.code);
  if (payload.iat > now + 300) return fail('MALFORMED', 'iat is in the future', jti, uscc.code);
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || payload.exp <= payload.iat)) return fail('MALFORMED', 'exp must be a NumericDate after iat', jti, uscc.code);
  if (typeof payload.exp === 'number' && payload.exp <= now) return fail('EXPIRED', `expired at ${new Date(payload.exp * 1000).toISOString()}`, jti, uscc.code);
  const results = payload.results;
  if (!Array.isArray(results) || results.length === 0 || results.length > MAX_RESULTS_PER_ATTESTATION) {
    return fail('BAD_RESULT', `results must hold 1–${MAX_RESULTS_PER_ATTESTATION} results`, jti, uscc.code);
  }
  const rows: NewRecognition[] = [];
  for (const [i, r] of results.entries()) {
    const result = (r ?? {}) as Record<string, unknown>;
    const type = result.type as ResultType;
    if (!(RESULT_TYPES as readonly string[]).includes(type)) return fail('UNKNOWN_RESULT_TYPE', `results.${i}.type must be one of ${RESULT_TYPES.join(', ')}`, jti, uscc.code);
    if (!city.recognizedTypes.includes(type)) return fail('RESULT_TYPE_NOT_RECOGNIZED', `${type} results of ${city.name} are not recognized here`, jti, uscc.code);
    const grade = type === 'EVALUATION' ? (typeof result.grade === 'string' && GRADES.includes(result.grade) ? result.grade : null) : null;
    if (type === 'EVALUATION' && !grade) return fail('BAD_RESULT', `results.${i}.grade must be A, B, C or D`, jti, uscc.code);
    const listName = type === 'EVALUATION' ? null : text(result.listName, 100);
    if (type !== 'EVALUATION' && !listName) return fail('BAD_RESULT', `results.${i}.listName must be 1–100 characters`, jti, uscc.code);
    const score = typeof result.score === 'number' && Number.isSafeInteger(result.score) ? result.score : null;
    rows.push({
      partnerCode: city.code,
      kid,
      jti,
      resultIndex: i,
      subjectUscc: uscc.code,
      resultType: type,
      grade,
      score,
      listName,
      authorityName: text(result.authorityName, 200),
      decidedOn: text(result.since ?? result.evaluatedAt, 40),
      issuedAt: new Date(payload.iat * 1000).toISOString(),
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null,
      attestation: jws.trim(),
    });
  }
  return { ok: true, partnerCode: city.code, jti, subjectUscc: uscc.code, rows };
}

export function checkCityCode(code: string, argument: string, ownCity: string): string {
  const c = code.trim();
  if (!CITY_CODE.test(c)) throw badUserInput(argument, 'INVALID_CITY_CODE', 'a division code of 4 or 6 digits (GB/T 2260), e.g. 2101');
  if (c.startsWith(ownCity) || ownCity.startsWith(c)) throw badUserInput(argument, 'OWN_CITY', `${c} is this platform's own city (${ownCity})`);
  return c;
}

/** A partner key: an EC P-256 public JWK with a kid; anything private is refused outright. */
export async function checkPartnerJwk(raw: string, argument: string): Promise<{ kid: string; jwk: JWK }> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badUserInput(argument, 'INVALID_JWK', 'is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badUserInput(argument, 'INVALID_JWK', 'is not a JWK object');
  const jwk = value as JWK;
  if ('d' in jwk || 'p' in jwk || 'k' in jwk) throw badUserInput(argument, 'PRIVATE_KEY', 'holds private key material: register the public key only');
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw badUserInput(argument, 'UNSUPPORTED_KEY', 'only EC P-256 keys (ES256) are accepted');
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') throw badUserInput(argument, 'UNSUPPORTED_KEY', `alg ${jwk.alg}; only ES256`);
  const kid = text(jwk.kid, 200);
  if (!kid) throw badUserInput(argument, 'MISSING_KID', 'the key needs a kid of 1–200 characters');
  try {
    await importJWK({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, 'ES256');
  } catch {
    throw badUserInput(argument, 'INVALID_JWK', 'is not a valid P-256 public key');
  }
  return { kid, jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' } };
}
