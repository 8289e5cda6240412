import { inject } from 'vitest';
import type { TokenVerifier } from '../../subgraphs/kernel/auth/caller.ts';
import { ensureDevKeys, mintToken } from '../../subgraphs/kernel/auth/dev-keys.ts';
import { createTokenVerifier } from '../../subgraphs/kernel/auth/identity.ts';
import type { SubjectType, TokenKind } from '../../subgraphs/kernel/auth/principal.ts';
import { loadConfig } from '../../subgraphs/kernel/config.ts';
import { createPlatformSigner, type PlatformSigner } from '../../subgraphs/kernel/signing.ts';

export const TEST_ISSUER = 'credit-platform';
export const TEST_AUDIENCE = 'credit-platform-api';

/** The run's signing key (made in global setup): a verifier for servers and real tokens for callers. */
export async function testAuth(): Promise<{
  verifier: TokenVerifier;
  token: (kind: TokenKind, id: string, options?: { scopes?: string[]; subjectType?: SubjectType; expiresInSeconds?: number }) => Promise<string>;
}> {
  const keys = await ensureDevKeys(inject('testKeysDir'));
  return {
    verifier: createTokenVerifier({ jwksPath: keys.jwksPath, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }),
    token: (kind, id, options = {}) => mintToken(keys.privateKey, keys.kid, { kind, id, ...options, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }),
  };
}

/** The run's report-signing key: the development key made in the run's key directory (never the checkout's). */
export function testSigner(): Promise<PlatformSigner> {
  return createPlatformSigner(loadConfig({ DEV_KEY_DIR: inject('testKeysDir') }));
}
