import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook secrets must be readable to sign each delivery, so they cannot be hashed; they are
 * stored sealed (AES-256-GCM) instead, so that a copy of the database (a backup, a replica, a
 * query log) does not let anyone forge the platform's alerts. The key is derived from
 * ID_HASH_KEY (HKDF, its own label), which production already requires in every process and
 * must never change; the owner is bound in as associated data, so a sealed secret copied onto
 * another owner's row does not open.
 */

export const SEALED_PREFIX = 'sealed:v1:';
const INFO = 'credit-platform/watch-webhook-secret/v1';

export interface SecretOwner {
  kind: string;
  id: string;
}

/** The sealing key of a deployment, from its ID_HASH_KEY. */
export function webhookSecretKey(idHashKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idHashKey, Buffer.alloc(0), INFO, 32));
}

const ownerData = (owner: SecretOwner) => Buffer.from(`${owner.kind}:${owner.id}`, 'utf8');

/** `sealed:v1:<iv>.<ciphertext>.<tag>` (base64url), a fresh IV each time. */
export function sealWebhookSecret(key: Buffer, owner: SecretOwner, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(ownerData(owner));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${[iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.')}`;
}

/** The secret of a stored value; one stored before sealing existed is returned as it is. Throws if the key or owner is not the sealing one. */
export function openWebhookSecret(key: Buffer, owner: SecretOwner, stored: string): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  const [iv, sealed, tag] = stored.slice(SEALED_PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !sealed || !tag || iv.length !== 12 || tag.length !== 16) throw new Error('malformed sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(ownerData(owner)).setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
}
