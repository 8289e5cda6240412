import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { createExclusively, isCode, readJson } from './auth/dev-keys.ts';
import type { Config } from './config.ts';

/**
 * The platform's own signing key: what it signs (credit reports) must verify years later and
 * outside our code, so the public half is published as a JWKS and retired keys stay in it.
 * This key is separate from the identity provider's token keys: those belong to whoever issues
 * bearer tokens, this one to the platform as the issuer of documents.
 */

/** A public key as published: the members a verifier needs and nothing private. */
export interface PublicSigningJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface PlatformJwks {
  keys: PublicSigningJwk[];
}

export interface PlatformSigner {
  readonly kid: string;
  /** True for the development key, which is never accepted in production. */
  readonly development: boolean;
  /** A compact JWS (ES256) over the canonical JSON of `payload`, with `kid` and `typ` in the header. */
  sign(payload: Record<string, unknown>, options: { typ: string }): Promise<string>;
  /** The current public key first, then the previous ones (rotation). */
  jwks(): PlatformJwks;
}

/** Why a JWS was refused; stable strings clients may branch on. */
export type JwsFailureReason = 'MALFORMED' | 'BAD_SIGNATURE' | 'UNKNOWN_KEY' | 'WRONG_ALGORITHM' | 'WRONG_TYPE';

export class PlatformJwsError extends Error {
  constructor(
    readonly reason: JwsFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformJwsError';
  }
}

/** The label every development key's kid carries, so a leaked dev-signed document is recognisable. */
export const DEV_SIGNING_KID_PREFIX = 'dev-platform-';
const DEV_SIGNING_FILE = 'platform-signing.private.jwk.json';

/**
 * JSON with object keys sorted at every level and no insignificant space: the same document always
 * gives the same bytes, so its hash and signature do not depend on how it was assembled.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** A setting holding JSON inline, or else the path of a file holding it. */
async function jsonSetting(name: string, raw: string): Promise<unknown> {
  const text = raw.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  let content: string;
  try {
    content = await readFile(text, 'utf8');
  } catch (error) {
    throw new Error(`${name}: cannot read ${text}: ${isCode(error, 'ENOENT') ? 'no such file' : (error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new Error(`${name}: ${text} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function isP256(jwk: JWK): boolean {
  return jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string';
}

async function publicOf(jwk: JWK, name: string): Promise<PublicSigningJwk> {
  if (!isP256(jwk)) throw new Error(`${name}: only ES256 (EC P-256) keys are accepted`);
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') throw new Error(`${name}: key alg is ${jwk.alg}, expected ES256`);
  const { kty, crv, x, y } = jwk;
  const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : await calculateJwkThumbprint({ kty, crv, x, y });
  return { kty: 'EC', crv: 'P-256', x: x!, y: y!, kid, alg: 'ES256', use: 'sig' };
}

async function privateKeyOf(jwk: JWK, name: string): Promise<CryptoKey> {
  if (!isP256(jwk) || typeof jwk.d !== 'string') throw new Error(`${name} must be an ES256 (EC P-256) private JWK with "d"`);
  const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }, 'ES256');
  if (key instanceof Uint8Array) throw new Error(`${name} is not an asymmetric key`);
  return key;
}

/** PLATFORM_SIGNING_PREVIOUS_KEYS: a JWKS, an array of JWKs or one JWK; private members are dropped. */
async function previousKeys(raw: string | undefined): Promise<PublicSigningJwk[]> {
  if (!raw) return [];
  const name = 'PLATFORM_SIGNING_PREVIOUS_KEYS';
  const value = await jsonSetting(name, raw);
  const list = Array.isArray(value) ? value : Array.isArray((value as { keys?: unknown })?.keys) ? (value as { keys: unknown[] }).keys : [value];
  const keys: PublicSigningJwk[] = [];
  for (const [i, item] of list.entries()) {
    if (item === null || typeof item !== 'object') throw new Error(`${name}: key ${i} is not a JWK object`);
    keys.push(await publicOf(item as JWK, `${name} key ${i}`));
  }
  return keys;
}

async function devSigningJwk(dir: string): Promise<JWK> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, DEV_SIGNING_FILE);
  let stored = await readJson(path);
  if (stored === undefined) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const fresh = { ...jwk, kid: `${DEV_SIGNING_KID_PREFIX}${(await calculateJwkThumbprint(jwk)).slice(0, 16)}`, alg: 'ES256', use: 'sig' };
    // Several processes (gateway, platform) start at once and must end up with the same key.
    stored = (await createExclusively(path, `${JSON.stringify(fresh)}\n`)) ? fresh : await readJson(path);
  }
  return stored as JWK;
}

/**
 * The signer from PLATFORM_SIGNING_KEY (a private JWK, inline or as a file path) and the retired
 * public keys in PLATFORM_SIGNING_PREVIOUS_KEYS. Without a key: refused in production; otherwise
 * a development key made once in DEV_KEY_DIR and shared by every process of the checkout, its kid
 * starting with "dev-platform-".
 */
export async function createPlatformSigner(config: Config): Promise<PlatformSigner> {
  let jwk: JWK;
  let development = false;
  if (config.platformSigningKey) {
    const value = await jsonSetting('PLATFORM_SIGNING_KEY', config.platformSigningKey);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('PLATFORM_SIGNING_KEY must be one private JWK');
    jwk = value as JWK;
  } else {
    if (config.nodeEnv === 'production') {
      throw new Error('PLATFORM_SIGNING_KEY must be set in production: credit reports are never signed with the development key there');
    }
    jwk = await devSigningJwk(config.devKeyDir);
    development = true;
  }
  const privateKey = await privateKeyOf(jwk, 'PLATFORM_SIGNING_KEY');
  const current = await publicOf(jwk, 'PLATFORM_SIGNING_KEY');
  if (!development && current.kid.startsWith(DEV_SIGNING_KID_PREFIX) && config.nodeEnv === 'production') {
    throw new Error('PLATFORM_SIGNING_KEY carries a development kid; make a production key');
  }
  const published: PublicSigningJwk[] = [current];
  for (const key of await previousKeys(config.platformSigningPreviousKeys)) {
    const same = published.find((k) => k.kid === key.kid);
    if (!same) published.push(key);
    else if (same.x !== key.x || same.y !== key.y) {
      throw new Error(`PLATFORM_SIGNING_PREVIOUS_KEYS: kid ${key.kid} is already used by a different key`);
    }
  }
  const jwks: PlatformJwks = { keys: published };
  return {
    kid: current.kid,
    development,
    async sign(payload, { typ }) {
      return new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
        .setProtectedHeader({ alg: 'ES256', kid: current.kid, typ })
        .sign(privateKey);
    },
    jwks: () => structuredClone(jwks),
  };
}

export interface VerifiedPlatformJws {
  payload: Record<string, unknown>;
  protectedHeader: { alg: string; kid?: string; typ?: string; [name: string]: unknown };
}

/**
 * Checks a compact JWS against a JWKS (ES256 only, the key chosen by kid) and, when asked, its typ.
 * Throws PlatformJwsError with the reason; the payload must be a JSON object.
 */
export async function verifyPlatformJws(jws: string, jwks: PlatformJwks | { keys: JWK[] }, options: { typ?: string } = {}): Promise<VerifiedPlatformJws> {
  if (typeof jws !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(jws.trim())) {
    throw new PlatformJwsError('MALFORMED', 'not a compact JWS (three base64url parts)');
  }
  const compact = jws.trim();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(compact);
  } catch {
    throw new PlatformJwsError('MALFORMED', 'the protected header is not base64url JSON');
  }
  if (header.alg !== 'ES256') throw new PlatformJwsError('WRONG_ALGORITHM', `alg ${String(header.alg)} is not accepted; only ES256`);
  if (typeof header.kid !== 'string' || header.kid === '') throw new PlatformJwsError('UNKNOWN_KEY', 'the header names no kid');
  if (options.typ !== undefined && header.typ !== options.typ) {
    throw new PlatformJwsError('WRONG_TYPE', `typ is ${String(header.typ)}, expected ${options.typ}`);
  }
  if (!jwks.keys.some((k) => k.kid === header.kid)) throw new PlatformJwsError('UNKNOWN_KEY', `no published key has kid ${header.kid}`);
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(compact, createLocalJWKSet(jwks as { keys: JWK[] }), { algorithms: ['ES256'] });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new PlatformJwsError('BAD_SIGNATURE', 'the signature does not match the content');
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') throw new PlatformJwsError('UNKNOWN_KEY', `no published key has kid ${header.kid}`);
    if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') throw new PlatformJwsError('WRONG_ALGORITHM', 'only ES256 is accepted');
    throw new PlatformJwsError('MALFORMED', (error as Error).message);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.payload));
  } catch {
    throw new PlatformJwsError('MALFORMED', 'the payload is not JSON');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new PlatformJwsError('MALFORMED', 'the payload is not a JSON object');
  return { payload: payload as Record<string, unknown>, protectedHeader: verified.protectedHeader as VerifiedPlatformJws['protectedHeader'] };
}
