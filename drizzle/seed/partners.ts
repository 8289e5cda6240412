import { CompactSign, importJWK } from 'jose';
import type { Drizzle } from '../../subgraphs/kernel/db.ts';
import { partnerCity, partnerKey, partnerRecognition } from '../schema/platform-evaluation.ts';

/**
 * The demo partner city: 沈阳 (2101), recognized for black lists and evaluations, with a
 * DEVELOPMENT key whose private half is published right here so the README walk-through can sign
 * attestations as 沈阳. It is a demo fixture and nothing else: a real partner's public key is
 * registered by an admin (`addPartnerKey`), and its private key never leaves the partner.
 */
export const DEMO_PARTNER = { code: '2101', name: '沈阳市', recognizedTypes: ['BLACK_LIST', 'EVALUATION'] };
export const DEMO_PARTNER_DEV_KID = 'dev-shenyang-demo-not-for-production';
export const DEMO_PARTNER_DEV_PRIVATE_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'Ao_F7C98NaE0LAh9Wva-5kcG0xfah9JfeloGg4G4RD0',
  y: 'r3jVf76YFW7SQ4lsnB6ja3vZiiMGuXpw7LJoV8khKEc',
  d: 'CLiw4VezxlWkCQTMljP93Eu3lFyiyRQtY4gdNl76zWM',
  kid: DEMO_PARTNER_DEV_KID,
};

/** Registers the demo partner once and, for `blackListedUscc`, one recognized 沈阳 black-list entry. */
export async function seedDemoPartner(db: Drizzle, blackListedUscc: string): Promise<number> {
  const added = await db.insert(partnerCity).values({ ...DEMO_PARTNER, createdBy: 'seed' }).onConflictDoNothing().returning({ code: partnerCity.code });
  if (added.length === 0) return 0;
  const { d: _private, ...publicJwk } = DEMO_PARTNER_DEV_PRIVATE_JWK;
  await db.insert(partnerKey).values({ partnerCode: DEMO_PARTNER.code, kid: DEMO_PARTNER_DEV_KID, jwk: { ...publicJwk, alg: 'ES256', use: 'sig' } });
  const issuedAt = new Date('2026-06-01T08:00:00+08:00');
  const payload = {
    iss: DEMO_PARTNER.code,
    sub: blackListedUscc,
    jti: 'sy-demo-2026-0001',
    iat: Math.floor(issuedAt.getTime() / 1000),
    results: [{ type: 'BLACK_LIST', listName: '失信被执行人名单', since: '2026-05-20', authorityName: '沈阳市中级人民法院' }],
  };
  const key = await importJWK(DEMO_PARTNER_DEV_PRIVATE_JWK, 'ES256');
  const attestation = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: DEMO_PARTNER_DEV_KID, typ: 'credit-attestation+jws' })
    .sign(key);
  await db.insert(partnerRecognition).values({
    partnerCode: DEMO_PARTNER.code,
    kid: DEMO_PARTNER_DEV_KID,
    jti: payload.jti,
    resultIndex: 0,
    subjectUscc: blackListedUscc,
    resultType: 'BLACK_LIST',
    listName: '失信被执行人名单',
    authorityName: '沈阳市中级人民法院',
    decidedOn: '2026-05-20',
    issuedAt,
    attestation,
  });
  return 3;
}
