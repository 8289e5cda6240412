import { loadConfig } from '../kernel/config.ts';
import { createPlatformSigner, type PlatformSigner } from '../kernel/signing.ts';

let signer: Promise<PlatformSigner> | undefined;

/**
 * The platform's signing key (kernel/signing.ts, PLATFORM_SIGNING_KEY), made once per process on
 * first use: attestations for partner cities are signed with the same key as credit reports and
 * verify against the same published JWKS.
 */
export function platformSigner(): Promise<PlatformSigner> {
  signer ??= createPlatformSigner(loadConfig()).catch((error: unknown) => {
    signer = undefined;
    throw error;
  });
  return signer;
}
