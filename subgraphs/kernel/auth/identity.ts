import { readFileSync, statSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import type { GraphQLError } from 'graphql';
import { codedError } from '../errors.ts';
import { principalFromClaims, PUBLIC_PRINCIPAL, type Principal } from './principal.ts';

/** Why a bearer token was refused: `extensions.reason` of the UNAUTHENTICATED error. */
export type AuthFailureReason =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'BAD_CLAIMS'
  | 'UNKNOWN_KEY'
  | 'JWKS_UNAVAILABLE';

export interface TokenVerifierOptions {
  jwksPath?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Verified tokens remembered (0 turns the cache off). */
  cacheSize?: number;
}

export interface TokenVerifier {
  verify(authorization: string | null | undefined): Promise<Principal>;
}

// Symmetric algorithms are excluded on purpose: with a JWKS of public keys, accepting HS256 would
// let anyone who has read the JWKS forge tokens.
const ALGORITHMS = ['RS256', 'ES256'];
const CLOCK_TOLERANCE_S = 30;
// A token verified once is trusted this long without checking it again, so that the gateway and
// every subgraph in one process do not each pay for the signature on every request.
const CACHE_TTL_MS = 60_000;
const DEFAULT_CACHE_SIZE = 10_000;
// How stale a JWKS file may be before a removed key stops working. A new key is picked up at once,
// because an unknown key id forces a check.
const JWKS_RECHECK_MS = 1_000;
const MAX_TOKEN_LENGTH = 8_192;
const BEARER = /^Bearer +([^\s]+)$/i;

type GetKey = (header?: JWSHeaderParameters, token?: FlattenedJWSInput) => Promise<CryptoKey>;

interface KeySource {
  getKey: GetKey;
  /** Re-reads the keys if they changed; true when they did. `force` skips the throttle. */
  refresh(force: boolean): boolean;
}

/** Failures to obtain the keys at all, told apart from a token naming a key that is not there. */
class KeySetUnavailable extends Error {}

function fail(reason: AuthFailureReason, message: string): GraphQLError {
  return codedError('UNAUTHENTICATED', message, { reason });
}

function readJwksFile(path: string): GetKey {
  return createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')));
}

function fileStamp(path: string): string {
  const s = statSync(path);
  return `${s.mtimeMs}:${s.size}:${s.ino}`;
}

function fileKeySource(path: string): KeySource {
  let stamp: string;
  let getKey: GetKey;
  try {
    stamp = fileStamp(path);
    getKey = readJwksFile(path);
  } catch (error) {
    throw new Error(`cannot load the JWKS file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let checkedAt = Date.now();
  return {
    getKey: (header, token) => getKey(header, token),
    refresh(force) {
      const now = Date.now();
      if (!force && now - checkedAt < JWKS_RECHECK_MS) return false;
      checkedAt = now;
      try {
        const current = fileStamp(path);
        if (current === stamp) return false;
        getKey = readJwksFile(path);
        stamp = current;
        return true;
      } catch {
        // Missing or half-written during a rewrite: keep the keys we have and try again later.
        return false;
      }
    },
  };
}

function keySource(options: TokenVerifierOptions): KeySource {
  if (options.jwksPath && options.jwksUrl) throw new Error('give a JWKS file or a JWKS URL, not both');
  if (options.jwksPath) return fileKeySource(options.jwksPath);
  // The remote set refetches by itself when a token names a key it does not have.
  if (options.jwksUrl) return { getKey: createRemoteJWKSet(new URL(options.jwksUrl)), refresh: () => false };
  throw new Error('a token verifier needs a JWKS file (jwksPath) or URL (jwksUrl)');
}

function classify(error: unknown): GraphQLError {
  // Not the caller's fault: the token may be good, so it is a retryable outage, not a refusal.
  if (error instanceof KeySetUnavailable) {
    return codedError('SERVICE_UNAVAILABLE', 'the keys that verify tokens are unavailable; try again later', { reason: 'JWKS_UNAVAILABLE' });
  }
  if (error instanceof errors.JWTExpired) return fail('EXPIRED', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return fail('WRONG_ISSUER', 'the token was not issued by the issuer this API trusts');
    if (error.claim === 'aud') return fail('WRONG_AUDIENCE', 'the token is not meant for this API (audience)');
    if (error.claim === 'nbf' && error.reason === 'check_failed') return fail('NOT_YET_VALID', 'the token is not valid yet (nbf)');
    if (error.claim === 'exp') return fail('BAD_CLAIMS', 'the token must carry a numeric expiry (exp)');
    return fail('BAD_CLAIMS', `the token's "${error.claim}" claim is not valid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return fail('BAD_SIGNATURE', 'the token signature does not verify');
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return fail('BAD_SIGNATURE', 'the token must be signed with RS256 or ES256');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return fail('UNKNOWN_KEY', 'no key this API trusts matches the token (kid and alg)');
  }
  return fail('MALFORMED', 'the token is not a well-formed signed JWT');
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const source = keySource(options);
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = new Map<string, { principal: Principal; until: number }>();
  // Bumped when the keys change, so a verification that began under the old keys is not cached.
  let keysVersion = 0;
  const keysChanged = (): void => {
    keysVersion++;
    cache.clear();
  };
  // Concurrent requests with one token share one verification.
  const pending = new Map<string, Promise<Principal>>();
  const verifyOptions: JWTVerifyOptions = {
    algorithms: ALGORITHMS,
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: CLOCK_TOLERANCE_S,
    requiredClaims: ['exp'],
  };

  const getKey: GetKey = async (header, token) => {
    try {
      return await source.getKey(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable('JWKS unavailable', { cause: error });
    }
  };

  async function checkSignature(token: string): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, getKey, verifyOptions)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      // Several keys fit a token without kid (e.g. mid-rotation): the signature decides.
      for await (const key of error) {
        try {
          return (await jwtVerify(token, key, verifyOptions)).payload;
        } catch (inner) {
          if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
        }
      }
      throw new errors.JWSSignatureVerificationFailed();
    }
  }

  async function verifyToken(token: string): Promise<Principal> {
    let version = keysVersion;
    let payload: JWTPayload;
    try {
      try {
        payload = await checkSignature(token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey && source.refresh(true))) throw error;
        keysChanged();
        version = keysVersion;
        payload = await checkSignature(token);
      }
    } catch (error) {
      throw classify(error);
    }
    const claims = principalFromClaims(payload);
    if (!claims.valid) throw fail('BAD_CLAIMS', claims.message);
    if (cacheSize > 0 && version === keysVersion) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      cache.set(token, { principal: claims.principal, until: Math.min(payload.exp! * 1000, Date.now() + CACHE_TTL_MS) });
    }
    return claims.principal;
  }

  return {
    async verify(authorization) {
      const header = authorization?.trim();
      if (!header) return PUBLIC_PRINCIPAL;
      const token = header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header)?.[1] : undefined;
      if (!token) throw fail('MALFORMED', 'the Authorization header must be "Bearer <token>"');
      // Keys removed from the file must stop cached tokens too.
      if (source.refresh(false)) keysChanged();
      const hit = cache.get(token);
      if (hit) {
        if (hit.until > Date.now()) return hit.principal;
        cache.delete(token);
      }
      let inFlight = pending.get(token);
      if (!inFlight) {
        inFlight = verifyToken(token).finally(() => pending.delete(token));
        pending.set(token, inFlight);
      }
      return inFlight;
    },
  };
}
