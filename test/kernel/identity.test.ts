import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, mintToken, resolveJwks, type MintClaims } from '../../subgraphs/kernel/auth/dev-keys.ts';
import { createTokenVerifier, type AuthFailureReason, type TokenVerifier } from '../../subgraphs/kernel/auth/identity.ts';
import { callerFromHeaders } from '../../subgraphs/kernel/auth/caller.ts';
import { PUBLIC_PRINCIPAL } from '../../subgraphs/kernel/auth/principal.ts';
import { loadConfig } from '../../subgraphs/kernel/config.ts';

const run = promisify(execFile);
const ISSUER = 'test-issuer';
const AUDIENCE = 'test-audience';
const AGENCY = '912102000000003340';
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<Error & { extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { extensions: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

async function expectRefused(verifier: TokenVerifier, token: string, reason: AuthFailureReason): Promise<void> {
  const error = await rejection(verifier.verify(`Bearer ${token}`));
  expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
  expect(error.message).not.toContain(token);
}

const bearer = (token: string): string => `Bearer ${token}`;

async function publicJwk(key: CryptoKey, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg, use: 'sig' };
}

describe('bearer token verification', () => {
  let keys: Awaited<ReturnType<typeof ensureDevKeys>>;
  let verifier: TokenVerifier;
  const mint = (claims: Partial<MintClaims> & Pick<MintClaims, 'kind' | 'id'>): Promise<string> =>
    mintToken(keys.privateKey, keys.kid, { issuer: ISSUER, audience: AUDIENCE, ...claims });
  /** A token with arbitrary claims, signed by the trusted key. */
  const signed = (payload: Record<string, unknown>, exp: number | null = Math.floor(Date.now() / 1000) + 600) => {
    const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: keys.kid });
    if (exp !== null) jwt.setExpirationTime(exp);
    return jwt.sign(keys.privateKey);
  };

  beforeAll(async () => {
    keys = await ensureDevKeys(join(tempDir(), 'dev-keys'));
    verifier = createTokenVerifier({ jwksPath: keys.jwksPath, issuer: ISSUER, audience: AUDIENCE });
  });

  it('makes the dev key once, private parts readable by the owner only', async () => {
    const dir = join(tempDir(), 'made');
    const first = await ensureDevKeys(dir);
    const again = await ensureDevKeys(dir);
    expect(again.kid).toBe(first.kid);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'private.jwk.json')).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(readFileSync(first.jwksPath, 'utf8'));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: first.kid, alg: 'ES256', use: 'sig', kty: 'EC' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it.each([
    [{ kind: 'agency', id: AGENCY }, { kind: 'agency', id: AGENCY, scopes: ['credit:authorized'] }],
    [{ kind: 'department', id: 'dalian-amr:enforcement' }, { kind: 'department', id: 'dalian-amr:enforcement', scopes: ['gov:internal'] }],
    [{ kind: 'partner', id: '3702' }, { kind: 'partner', id: '3702', scopes: ['partner:recognition'] }],
    [{ kind: 'partner', id: '370200' }, { kind: 'partner', id: '370200', scopes: ['partner:recognition'] }],
    [
      { kind: 'subject', id: '91350100m000100y43', subjectType: 'LEGAL_PERSON' },
      { kind: 'subject', id: '91350100M000100Y43', scopes: ['self'], subjectType: 'LEGAL_PERSON' },
    ],
    [
      { kind: 'subject', id: 'np_7f3a9c', subjectType: 'NATURAL_PERSON' },
      { kind: 'subject', id: 'np_7f3a9c', scopes: ['self'], subjectType: 'NATURAL_PERSON' },
    ],
    [{ kind: 'admin', id: 'ops-1' }, { kind: 'admin', id: 'ops-1', scopes: ['platform:admin', 'gov:internal'] }],
  ] as const)('accepts a %j token', async (claims, expected) => {
    const principal = await verifier.verify(bearer(await mint(claims)));
    expect({ ...principal, scopes: [...principal.scopes] }).toEqual(expected);
  });

  it('reads the scope claim as space-separated scopes, and no claim as none', async () => {
    const scoped = await verifier.verify(bearer(await mint({ kind: 'department', id: 'd1', scopes: ['gov:internal', 'gov:write:judicial'] })));
    expect([...scoped.scopes]).toEqual(['gov:internal', 'gov:write:judicial']);
    const bare = await verifier.verify(bearer(await mint({ kind: 'department', id: 'd1', scopes: [] })));
    expect(bare.scopes.size).toBe(0);
  });

  it('treats a missing or empty header as the public caller', async () => {
    expect(await verifier.verify(undefined)).toBe(PUBLIC_PRINCIPAL);
    expect(await verifier.verify(null)).toBe(PUBLIC_PRINCIPAL);
    expect(await verifier.verify('')).toBe(PUBLIC_PRINCIPAL);
    expect(PUBLIC_PRINCIPAL).toMatchObject({ kind: 'public', id: null });
    expect(PUBLIC_PRINCIPAL.scopes.size).toBe(0);
  });

  it('accepts the scheme in any case', async () => {
    const token = await mint({ kind: 'agency', id: AGENCY });
    expect((await verifier.verify(`bearer ${token}`)).kind).toBe('agency');
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc.def.ghi'])('refuses the header %j as MALFORMED', async (header) => {
    const error = await rejection(verifier.verify(header));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MALFORMED' });
  });

  it('refuses a bearer value that is not a JWT as MALFORMED', async () => {
    await expectRefused(verifier, 'not-a-jwt', 'MALFORMED');
    await expectRefused(verifier, 'a.b.c', 'MALFORMED');
  });

  it('refuses a token signed by another key under the trusted kid: BAD_SIGNATURE', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await mintToken(privateKey, keys.kid, { kind: 'agency', id: AGENCY, issuer: ISSUER, audience: AUDIENCE });
    await expectRefused(verifier, token, 'BAD_SIGNATURE');
  });

  it('refuses a token whose payload was altered after signing: BAD_SIGNATURE', async () => {
    const [header, , signature] = (await mint({ kind: 'agency', id: AGENCY })).split('.');
    const forged = base64url.encode(JSON.stringify({ kind: 'admin', sub: 'me', scope: 'platform:admin', iss: ISSUER, aud: AUDIENCE, exp: 4_000_000_000 }));
    await expectRefused(verifier, `${header}.${forged}.${signature}`, 'BAD_SIGNATURE');
  });

  it('refuses a token naming an unknown key: UNKNOWN_KEY', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await mintToken(privateKey, 'no-such-kid', { kind: 'agency', id: AGENCY, issuer: ISSUER, audience: AUDIENCE });
    await expectRefused(verifier, token, 'UNKNOWN_KEY');
  });

  it('refuses an expired token (beyond the 30 s tolerance): EXPIRED', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(verifier, await signed({ kind: 'agency', sub: AGENCY, iss: ISSUER, aud: AUDIENCE }, now - 60), 'EXPIRED');
    const justNow = await signed({ kind: 'agency', sub: AGENCY, iss: ISSUER, aud: AUDIENCE }, now - 5);
    expect((await verifier.verify(bearer(justNow))).kind).toBe('agency');
  });

  it('refuses a token before its nbf: NOT_YET_VALID', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(verifier, await signed({ kind: 'agency', sub: AGENCY, iss: ISSUER, aud: AUDIENCE, nbf: now + 120 }), 'NOT_YET_VALID');
  });

  it('refuses a token without exp: BAD_CLAIMS', async () => {
    await expectRefused(verifier, await signed({ kind: 'agency', sub: AGENCY, iss: ISSUER, aud: AUDIENCE }, null), 'BAD_CLAIMS');
  });

  it('refuses a wrong or missing issuer: WRONG_ISSUER', async () => {
    await expectRefused(verifier, await mint({ kind: 'agency', id: AGENCY, issuer: 'someone-else' }), 'WRONG_ISSUER');
    await expectRefused(verifier, await signed({ kind: 'agency', sub: AGENCY, aud: AUDIENCE }), 'WRONG_ISSUER');
  });

  it('refuses a wrong audience: WRONG_AUDIENCE', async () => {
    await expectRefused(verifier, await mint({ kind: 'agency', id: AGENCY, audience: 'another-api' }), 'WRONG_AUDIENCE');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: keys.kid }));
    const payload = base64url.encode(JSON.stringify({ kind: 'admin', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: 4_000_000_000 }));
    await expectRefused(verifier, `${header}.${payload}.`, 'BAD_SIGNATURE');
  });

  it('refuses an HS256 token, even one keyed with the published public key', async () => {
    const publicJson = new TextEncoder().encode(JSON.stringify(JSON.parse(readFileSync(keys.jwksPath, 'utf8')).keys[0]));
    const token = await new SignJWT({ kind: 'admin', scope: 'platform:admin' })
      .setProtectedHeader({ alg: 'HS256', kid: keys.kid })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(publicJson);
    await expectRefused(verifier, token, 'BAD_SIGNATURE');
  });

  it.each([
    ['missing kind', { sub: AGENCY }],
    ['an unknown kind', { kind: 'superuser', sub: AGENCY }],
    ['kind public', { kind: 'public', sub: AGENCY }],
    ['missing sub', { kind: 'agency' }],
    ['an agency id that is not a valid USCC', { kind: 'agency', sub: '912102000000003341' }],
    ['a subject without subject_type', { kind: 'subject', sub: AGENCY }],
    ['a legal-person subject with a bad USCC', { kind: 'subject', sub: '123', subject_type: 'LEGAL_PERSON' }],
    ['a partner id of 5 digits', { kind: 'partner', sub: '37020' }],
    ['a department id with spaces', { kind: 'department', sub: 'the department' }],
    ['a scope claim that is not a string', { kind: 'agency', sub: AGENCY, scope: ['credit:authorized'] }],
  ])('refuses %s: BAD_CLAIMS', async (_, claims) => {
    await expectRefused(verifier, await signed({ ...claims, iss: ISSUER, aud: AUDIENCE }), 'BAD_CLAIMS');
  });

  it('remembers a verified token (the same frozen principal comes back)', async () => {
    const header = bearer(await mint({ kind: 'agency', id: AGENCY }));
    const first = await verifier.verify(header);
    expect(await verifier.verify(header)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const [a, b] = await Promise.all([verifier.verify(`${header}`), verifier.verify(`${header} `)]);
    expect(a).toBe(b);
  });

  it('accepts RS256 keys in the JWKS next to ES256 ones', async () => {
    const dir = tempDir();
    const rsa = await generateKeyPair('RS256', { modulusLength: 2048 });
    const devJwks = JSON.parse(readFileSync(keys.jwksPath, 'utf8'));
    const path = join(dir, 'jwks.json');
    writeFileSync(path, JSON.stringify({ keys: [...devJwks.keys, await publicJwk(rsa.publicKey, 'rsa-1', 'RS256')] }));
    const both = createTokenVerifier({ jwksPath: path, issuer: ISSUER, audience: AUDIENCE });
    const rsaToken = await mintToken(rsa.privateKey, 'rsa-1', { kind: 'partner', id: '3702', issuer: ISSUER, audience: AUDIENCE });
    expect((await both.verify(bearer(rsaToken))).id).toBe('3702');
    expect((await both.verify(bearer(await mint({ kind: 'agency', id: AGENCY })))).kind).toBe('agency');
  });

  it('picks up a rewritten JWKS file without a restart (key rotation)', async () => {
    const dir = tempDir();
    const path = join(dir, 'jwks.json');
    const oldKey = await generateKeyPair('ES256');
    const newKey = await generateKeyPair('ES256');
    const claims = { kind: 'agency', id: AGENCY, issuer: ISSUER, audience: AUDIENCE } as const;
    writeFileSync(path, JSON.stringify({ keys: [await publicJwk(oldKey.publicKey, 'old', 'ES256')] }));
    const rotating = createTokenVerifier({ jwksPath: path, issuer: ISSUER, audience: AUDIENCE });
    const oldToken = await mintToken(oldKey.privateKey, 'old', claims);
    const newToken = await mintToken(newKey.privateKey, 'new', claims);
    expect((await rotating.verify(bearer(oldToken))).kind).toBe('agency');
    await expectRefused(rotating, newToken, 'UNKNOWN_KEY');

    writeFileSync(path, JSON.stringify({ keys: [await publicJwk(newKey.publicKey, 'new', 'ES256')] }));
    // A token with the new kid makes the verifier look at the file at once ...
    expect((await rotating.verify(bearer(newToken))).kind).toBe('agency');
    // ... and the reload forgets tokens verified with the retired key, cached or not.
    await expectRefused(rotating, oldToken, 'UNKNOWN_KEY');
  });

  it('notices a removed key within a second even while its tokens are cached', async () => {
    const dir = tempDir();
    const path = join(dir, 'jwks.json');
    const key = await generateKeyPair('ES256');
    writeFileSync(path, JSON.stringify({ keys: [await publicJwk(key.publicKey, 'k1', 'ES256')] }));
    const watching = createTokenVerifier({ jwksPath: path, issuer: ISSUER, audience: AUDIENCE });
    const token = await mintToken(key.privateKey, 'k1', { kind: 'admin', id: 'ops', issuer: ISSUER, audience: AUDIENCE });
    expect((await watching.verify(bearer(token))).kind).toBe('admin');
    writeFileSync(path, JSON.stringify({ keys: [] }));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expectRefused(watching, token, 'UNKNOWN_KEY');
  });

  it('fails to start on a missing JWKS file, and reports an unreachable JWKS URL as SERVICE_UNAVAILABLE (JWKS_UNAVAILABLE), HTTP 503', async () => {
    expect(() => createTokenVerifier({ jwksPath: join(tempDir(), 'none.json'), issuer: ISSUER, audience: AUDIENCE })).toThrow(/JWKS file/);
    const remote = createTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: ISSUER, audience: AUDIENCE });
    const error = await rejection(remote.verify(bearer(await mint({ kind: 'agency', id: AGENCY }))));
    // An outage of the keys is retryable and not the caller's fault: 503, never 401.
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'JWKS_UNAVAILABLE' });
    const refusal = await rejection(callerFromHeaders(remote, { authorization: bearer(await mint({ kind: 'agency', id: AGENCY })) }));
    expect(refusal.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'JWKS_UNAVAILABLE', http: { status: 503 } });
  });

  describe('with a JWKS URL', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      const body = readFileSync(keys.jwksPath, 'utf8');
      server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies against the fetched keys', async () => {
      const remote = createTokenVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
      expect((await remote.verify(bearer(await mint({ kind: 'agency', id: AGENCY })))).id).toBe(AGENCY);
    });
  });

  it('resolves the JWKS: configured first, the dev key outside production, an error in production', async () => {
    const dir = join(tempDir(), 'resolved');
    expect(await resolveJwks(loadConfig({ JWKS_URL: 'https://idp.example/jwks.json' }))).toEqual({ jwksUrl: 'https://idp.example/jwks.json' });
    expect(await resolveJwks(loadConfig({ JWKS_PATH: '/etc/jwks.json', DEV_KEY_DIR: dir }))).toEqual({ jwksPath: '/etc/jwks.json' });
    expect(await resolveJwks(loadConfig({ DEV_KEY_DIR: dir }))).toEqual({ jwksPath: join(dir, 'jwks.json') });
    await expect(resolveJwks(loadConfig({ NODE_ENV: 'production', ID_HASH_KEY: 'k', DEV_KEY_DIR: dir }))).rejects.toThrow(/JWKS_PATH or JWKS_URL/);
  });
});

describe('the token CLI (src/token.ts)', () => {
  const cwd = join(import.meta.dirname, '..', '..');
  const cli = (args: string[], env: Record<string, string> = {}) => {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(JWKS_|JWT_|DEV_KEY_DIR|NODE_ENV|VITEST)/.test(k)),
    ) as Record<string, string>;
    return run(process.execPath, ['--import', 'tsx', 'src/token.ts', ...args], {
      cwd,
      env: { ...base, NODE_ENV: 'development', ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  };

  it('prints only a token, which verifies against the dev JWKS', async () => {
    const dir = join(tempDir(), 'cli-keys');
    const result = await cli(['--kind', 'agency', '--id', AGENCY], { DEV_KEY_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verifier = createTokenVerifier({ jwksPath: join(dir, 'jwks.json'), issuer: 'credit-platform', audience: 'credit-platform-api' });
    const principal = await verifier.verify(bearer(result.stdout.trim()));
    expect(principal).toMatchObject({ kind: 'agency', id: AGENCY });
    expect([...principal.scopes]).toEqual(['credit:authorized']);
  });

  it.each([
    [[]],
    [['--kind', 'nobody', '--id', 'x']],
    [['--kind', 'agency', '--id', '123']],
    [['--kind', 'agency']],
    [['--kind', 'subject', '--id', AGENCY]],
    [['--kind', 'agency', '--id', AGENCY, '--expires', 'soon']],
    [['--kind', 'agency', '--id', AGENCY, '--colour', 'blue']],
  ])('exits 2 with a usage message on %j', async (args) => {
    const result = await cli(args, { DEV_KEY_DIR: join(tempDir(), 'unused') });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/usage:/);
  });

  it('refuses to run with NODE_ENV=production', async () => {
    const result = await cli(['--kind', 'agency', '--id', AGENCY], { NODE_ENV: 'production', DEV_KEY_DIR: join(tempDir(), 'prod') });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/production/);
  });
});
