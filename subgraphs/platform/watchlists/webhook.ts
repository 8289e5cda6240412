import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { WatchWebhookSettings } from '../../kernel/config.ts';
import { badUserInput } from '../../kernel/errors.ts';
import { isLocalHostName, isPublicAddress } from './address-guard.ts';

/** Webhook endpoints of watchers: URL rules, secrets and the signature receivers verify. */

export const MAX_URL_LENGTH = 2048;
export const MIN_SECRET_LENGTH = 24;
export const MAX_SECRET_LENGTH = 256;

/**
 * The endpoint's URL as stored, or a BAD_USER_INPUT naming `argument` and the reason. Only http
 * and https reach anything; http only where `allowHttp` (outside production by default), since
 * an alert is about a person or enterprise and its signature proves origin, not secrecy. Where
 * private addresses are not allowed, a loopback name or a non-public IP literal is refused here;
 * a name resolving to one is refused at each delivery (address-guard.ts), since DNS can change.
 */
export function checkWebhookUrl(raw: string, rules: Pick<WatchWebhookSettings, 'allowHttp' | 'allowPrivate'>, argument = 'input.url'): string {
  const text = raw.trim();
  if (text.length > MAX_URL_LENGTH) throw badUserInput(argument, 'TOO_LONG', `at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badUserInput(argument, 'INVALID_URL', 'is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badUserInput(argument, 'UNSUPPORTED_SCHEME', `${url.protocol.replace(/:$/, '')} is not http or https`);
  if (url.protocol === 'http:' && !rules.allowHttp) throw badUserInput(argument, 'HTTPS_REQUIRED', 'webhooks must use https');
  if (url.username || url.password) throw badUserInput(argument, 'CREDENTIALS_IN_URL', 'put no user name or password in the URL; deliveries are signed');
  if (!url.hostname) throw badUserInput(argument, 'INVALID_URL', 'has no host');
  if (!rules.allowPrivate && isPrivateHost(url.hostname)) {
    throw badUserInput(argument, 'PRIVATE_ADDRESS', `${url.hostname} is not a public address; webhooks must be reachable on the internet`);
  }
  url.hash = '';
  return url.toString();
}

/** A URL host (IP literals of v6 in brackets) that names this machine or a non-public IP address. */
export function isPrivateHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isLocalHostName(bare) || (isIP(bare) !== 0 && !isPublicAddress(bare));
}

/** A caller's own secret, or a new random one (256 bits). */
export function webhookSecret(supplied: string | null | undefined, argument: string): string {
  if (supplied == null) return `whsec_${randomBytes(32).toString('base64url')}`;
  if (supplied.length < MIN_SECRET_LENGTH) throw badUserInput(argument, 'TOO_SHORT', `at least ${MIN_SECRET_LENGTH} characters`);
  if (supplied.length > MAX_SECRET_LENGTH) throw badUserInput(argument, 'TOO_LONG', `at most ${MAX_SECRET_LENGTH} characters`);
  if (!/^[\x21-\x7e]+$/.test(supplied)) throw badUserInput(argument, 'INVALID_CHARACTERS', 'printable ASCII characters without spaces');
  return supplied;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it over the raw body. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
