import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../subgraphs/kernel/config.ts';
import {
  canonicalJson,
  createPlatformSigner,
  DEV_SIGNING_KID_PREFIX,
  PlatformJwsError,
  verifyPlatformJws,
  type JwsFailureReason,
} from '../../subgraphs/kernel/signing.ts';

const TYP = 'credit-report+jws';
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signing-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function privateJwk(kid?: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), ...(kid ? { kid } : {}) };
}

async function refusal(promise: Promise<unknown>): Promise<JwsFailureReason> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformJwsError);
    return (error as PlatformJwsError).reason;
  }
  throw new Error('expected the JWS to be refused');
}

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('platform signer', () => {
  it('signs a compact ES256 JWS with kid and typ that verifies and returns the payload', async () => {
    const signer = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk('k-2026')) }));
    expect(signer.kid).toBe('k-2026');
    expect(signer.development).toBe(false);
    const jws = await signer.sign({ z: 1, id: 'r1', nested: { b: 2, a: 1 } }, { typ: TYP });
    expect(jws.split('.')).toHaveLength(3);
    const { payload, protectedHeader } = await verifyPlatformJws(jws, signer.jwks(), { typ: TYP });
    expect(payload).toEqual({ z: 1, id: 'r1', nested: { b: 2, a: 1 } });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: 'k-2026', typ: TYP });
    // The payload bytes are the canonical JSON, so a verifier can hash exactly what was signed.
    expect(new TextDecoder().decode(base64url.decode(jws.split('.')[1]!))).toBe('{"id":"r1","nested":{"a":1,"b":2},"z":1}');
  });

  it('publishes only public members with alg and use, verifiable by plain jose', async () => {
    const signer = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk()) }));
    const [key] = signer.jwks().keys;
    expect(Object.keys(key!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key!.kid).toMatch(/^[A-Za-z0-9_-]{43}$/); // the thumbprint, as no kid was given
    const jws = await signer.sign({ a: 1 }, { typ: TYP });
    const verified = await compactVerify(jws, createLocalJWKSet(signer.jwks() as { keys: JWK[] }));
    expect(new TextDecoder().decode(verified.payload)).toBe('{"a":1}');
  });

  it('reads the key from a file path', async () => {
    const path = join(tempDir(), 'key.json');
    writeFileSync(path, JSON.stringify(await privateJwk('from-file')));
    const signer = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: path }));
    expect(signer.kid).toBe('from-file');
  });

  it('refuses a tampered payload, a swapped signature, another key and malformed input with the reason', async () => {
    const signer = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk('k1')) }));
    const jws = await signer.sign({ grade: 'B', id: 'r1' }, { typ: TYP });
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const forged = base64url.encode(canonicalJson({ grade: 'A', id: 'r1' }));
    expect(await refusal(verifyPlatformJws(`${header}.${forged}.${signature}`, signer.jwks()))).toBe('BAD_SIGNATURE');
    const other = await signer.sign({ grade: 'A', id: 'r2' }, { typ: TYP });
    expect(await refusal(verifyPlatformJws(`${header}.${payload}.${other.split('.')[2]}`, signer.jwks()))).toBe('BAD_SIGNATURE');
    // Signed by a key that is not published under the same kid: the signature cannot match.
    const impostor = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk('k1')) }));
    expect(await refusal(verifyPlatformJws(await impostor.sign({ id: 'r1' }, { typ: TYP }), signer.jwks()))).toBe('BAD_SIGNATURE');
    const unknown = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk('k9')) }));
    expect(await refusal(verifyPlatformJws(await unknown.sign({ id: 'r1' }, { typ: TYP }), signer.jwks()))).toBe('UNKNOWN_KEY');
    expect(await refusal(verifyPlatformJws('not a jws', signer.jwks()))).toBe('MALFORMED');
    expect(await refusal(verifyPlatformJws('a.b', signer.jwks()))).toBe('MALFORMED');
    expect(await refusal(verifyPlatformJws(`${base64url.encode('{')}.${payload}.${signature}`, signer.jwks()))).toBe('MALFORMED');
    const none = base64url.encode(JSON.stringify({ alg: 'none', kid: 'k1' }));
    expect(await refusal(verifyPlatformJws(`${none}.${payload}.${signature}`, signer.jwks()))).toBe('WRONG_ALGORITHM');
    expect(await refusal(verifyPlatformJws(jws, signer.jwks(), { typ: 'JWT' }))).toBe('WRONG_TYPE');
    // A valid signature over something that is not a JSON object is still not a document.
    const array = await signer.sign([1, 2] as unknown as Record<string, unknown>, { typ: TYP });
    expect(await refusal(verifyPlatformJws(array, signer.jwks()))).toBe('MALFORMED');
  });

  it('keeps previous public keys in the JWKS so documents signed before a rotation still verify', async () => {
    const oldJwk = await privateJwk('2025');
    const before = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(oldJwk) }));
    const oldReport = await before.sign({ id: 'old' }, { typ: TYP });
    // The retired key is given with its private member; only the public half may be published.
    const after = await createPlatformSigner(
      loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk('2026')), PLATFORM_SIGNING_PREVIOUS_KEYS: JSON.stringify({ keys: [oldJwk] }) }),
    );
    expect(after.kid).toBe('2026');
    expect(after.jwks().keys.map((k) => k.kid)).toEqual(['2026', '2025']);
    expect(JSON.stringify(after.jwks())).not.toContain('"d"');
    expect((await verifyPlatformJws(oldReport, after.jwks(), { typ: TYP })).protectedHeader.kid).toBe('2025');
    const newReport = await after.sign({ id: 'new' }, { typ: TYP });
    expect((await verifyPlatformJws(newReport, after.jwks())).payload).toEqual({ id: 'new' });
    // The old deployment never knew the new key.
    expect(await refusal(verifyPlatformJws(newReport, before.jwks()))).toBe('UNKNOWN_KEY');
  });

  it('refuses a previous key that reuses the current kid with different material, and non-ES256 keys', async () => {
    await expect(
      createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await privateJwk('same')), PLATFORM_SIGNING_PREVIOUS_KEYS: JSON.stringify([await privateJwk('same')]) })),
    ).rejects.toThrow(/PLATFORM_SIGNING_PREVIOUS_KEYS: kid same/);
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    await expect(createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)) }))).rejects.toThrow(/PLATFORM_SIGNING_KEY/);
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    await expect(createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify(await exportJWK(publicKey)) }))).rejects.toThrow(/private JWK/);
    await expect(createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: '{not json' }))).rejects.toThrow(/PLATFORM_SIGNING_KEY is not valid JSON/);
    await expect(createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: join(tempDir(), 'missing.json') }))).rejects.toThrow(/no such file/);
  });

  it('refuses to start in production without a key', async () => {
    await expect(createPlatformSigner(loadConfig({ NODE_ENV: 'production', ID_HASH_KEY: 'k', DEV_KEY_DIR: tempDir() }))).rejects.toThrow(/PLATFORM_SIGNING_KEY must be set in production/);
  });

  it('uses a labelled development key that every process of the checkout shares, across restarts', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([createPlatformSigner(loadConfig({ DEV_KEY_DIR: dir })), createPlatformSigner(loadConfig({ DEV_KEY_DIR: dir }))]);
    expect(a.development).toBe(true);
    expect(a.kid.startsWith(DEV_SIGNING_KID_PREFIX)).toBe(true);
    expect(b.kid).toBe(a.kid);
    const restarted = await createPlatformSigner(loadConfig({ DEV_KEY_DIR: dir }));
    expect(restarted.jwks()).toEqual(a.jwks());
    expect((await verifyPlatformJws(await a.sign({ id: 'x' }, { typ: TYP }), restarted.jwks())).payload).toEqual({ id: 'x' });
    const elsewhere = await createPlatformSigner(loadConfig({ DEV_KEY_DIR: tempDir() }));
    expect(elsewhere.kid).not.toBe(a.kid);
  });
});
