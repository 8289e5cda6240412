import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Config } from '../config.ts';
import { DEFAULT_SCOPES, type SubjectType, type TokenKind } from './principal.ts';

/**
 * The development signing key: made once per checkout so that the demo and the tests run without
 * an identity provider. Production verifies against JWKS_PATH / JWKS_URL instead.
 */
export interface DevKeys {
  jwksPath: string;
  privateKey: CryptoKey;
  kid: string;
}

const PRIVATE_FILE = 'private.jwk.json';
const JWKS_FILE = 'jwks.json';

export function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

export async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function tempName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Writes the private key unless another process (several servers starting at once) got there first. */
export async function createExclusively(path: string, content: string): Promise<boolean> {
  const temp = tempName(path);
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    // link() is atomic and refuses an existing name: no reader ever sees a half-written key.
    await link(temp, path);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

/** Replaces a file in one step, because verifiers re-read the JWKS whenever it changes. */
async function replaceFile(path: string, content: string): Promise<void> {
  const temp = tempName(path);
  await writeFile(temp, content, { mode: 0o644 });
  await rename(temp, path);
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

function checkPrivateJwk(value: unknown, path: string): JWK & { kid: string } {
  const jwk = value as JWK | undefined;
  if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') {
    throw new Error(`${path} is not an ES256 private key with a kid; delete it to have a new one made`);
  }
  return jwk as JWK & { kid: string };
}

/** Publishes our public key in jwks.json, keeping any other key placed there (e.g. for rotation). */
async function publish(jwksPath: string, jwk: JWK & { kid: string }): Promise<void> {
  const { kty, crv, x, y, kid } = jwk;
  const existing = (await readJson(jwksPath).catch(() => undefined)) as { keys?: unknown } | undefined;
  const keys = Array.isArray(existing?.keys) ? (existing.keys as JWK[]) : [];
  if (keys.some((k) => k.kid === kid && k.x === x && k.y === y)) return;
  const others = keys.filter((k) => k.kid !== kid);
  await replaceFile(jwksPath, `${JSON.stringify({ keys: [...others, { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }] }, null, 2)}\n`);
}

export async function ensureDevKeys(dir: string): Promise<DevKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_FILE);
  const jwksPath = join(dir, JWKS_FILE);
  let stored = await readJson(privatePath);
  if (stored === undefined) {
    const fresh = await newPrivateJwk();
    stored = (await createExclusively(privatePath, `${JSON.stringify(fresh)}\n`)) ? fresh : await readJson(privatePath);
  }
  const jwk = checkPrivateJwk(stored, privatePath);
  await publish(jwksPath, jwk);
  const privateKey = await importJWK(jwk, 'ES256');
  if (privateKey instanceof Uint8Array) throw new Error(`${privatePath} is not an asymmetric key`);
  return { jwksPath, privateKey, kid: jwk.kid };
}

export interface MintClaims {
  kind: TokenKind;
  id: string;
  /** Defaults to DEFAULT_SCOPES[kind]; an empty list leaves the scope claim out. */
  scopes?: readonly string[];
  subjectType?: SubjectType;
  expiresInSeconds?: number;
  issuer: string;
  audience: string;
}

function algorithmOf(key: CryptoKey): 'ES256' | 'RS256' {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' && algorithm.hash?.name === 'SHA-256') return 'RS256';
  throw new Error(`cannot mint with a ${algorithm.name} key: only ES256 (P-256) and RS256 keys are accepted`);
}

/**
 * Signs a token in the shape the verifier expects. It does not check the claims, so tests can mint
 * tokens the verifier must refuse; the CLI checks them before calling it.
 */
export async function mintToken(privateKey: CryptoKey, kid: string, claims: MintClaims): Promise<string> {
  const scopes = claims.scopes ?? DEFAULT_SCOPES[claims.kind];
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    kind: claims.kind,
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    ...(claims.subjectType ? { subject_type: claims.subjectType } : {}),
  })
    .setProtectedHeader({ alg: algorithmOf(privateKey), kid, typ: 'JWT' })
    .setSubject(claims.id)
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.expiresInSeconds ?? 3600))
    .setJti(randomUUID())
    .sign(privateKey);
}

/**
 * The JWKS the servers verify against: JWKS_PATH or JWKS_URL when configured; otherwise, outside
 * production only, the development key (made on first use).
 */
export async function resolveJwks(config: Config): Promise<{ jwksPath?: string; jwksUrl?: string }> {
  if (config.jwksPath && config.jwksUrl) throw new Error('set JWKS_PATH or JWKS_URL, not both');
  if (config.jwksPath) return { jwksPath: config.jwksPath };
  if (config.jwksUrl) return { jwksUrl: config.jwksUrl };
  if (config.nodeEnv === 'production') {
    throw new Error('JWKS_PATH or JWKS_URL must be set in production: the development signing key is never used there');
  }
  const { jwksPath } = await ensureDevKeys(config.devKeyDir);
  return { jwksPath };
}
