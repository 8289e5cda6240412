import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { watchWebhookSettings } from '../../subgraphs/kernel/config.ts';
import { publishedRecordItems } from '../../subgraphs/platform/watchlists/alerts.ts';
import { BlockedAddressError, isPublicAddress, publicOnlyLookup } from '../../subgraphs/platform/watchlists/address-guard.ts';
import { deliveryAgent, webhookRetryDelayMs } from '../../subgraphs/platform/watchlists/delivery.ts';
import { openWebhookSecret, sealWebhookSecret, webhookSecretKey } from '../../subgraphs/platform/watchlists/secret-seal.ts';
import { checkWebhookUrl, signatureHeader, webhookSecret } from '../../subgraphs/platform/watchlists/webhook.ts';

/** The parts of watchlists that need no database: URL rules, the address guard, signatures, backoff, settings, event reading. */
const PRODUCTION = { allowHttp: false, allowPrivate: false };
const DEVELOPMENT = { allowHttp: true, allowPrivate: true };

describe('webhook URLs', () => {
  it('needs https where http is not allowed (production), and refuses every other scheme', () => {
    expect(checkWebhookUrl('https://hooks.example.org/credit', PRODUCTION)).toBe('https://hooks.example.org/credit');
    expect(() => checkWebhookUrl('http://hooks.example.org/credit', PRODUCTION)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument: 'input.url', reason: 'HTTPS_REQUIRED' }) }));
    expect(checkWebhookUrl('http://127.0.0.1:9999/x', DEVELOPMENT)).toBe('http://127.0.0.1:9999/x');
    for (const url of ['ftp://x.org/', 'data:text/plain,hi', 'gopher://x.org', 'ws://x.org/']) {
      expect(() => checkWebhookUrl(url, DEVELOPMENT), url).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'UNSUPPORTED_SCHEME' }) }));
    }
  });

  it('takes the production default from NODE_ENV, and WATCH_WEBHOOK_ALLOW_HTTP / _ALLOW_PRIVATE over it', () => {
    expect(watchWebhookSettings({ NODE_ENV: 'production' })).toMatchObject({ allowHttp: false, allowPrivate: false });
    expect(watchWebhookSettings({})).toMatchObject({ allowHttp: true, allowPrivate: true });
    expect(watchWebhookSettings({ NODE_ENV: 'production', WATCH_WEBHOOK_ALLOW_HTTP: 'true' })).toMatchObject({ allowHttp: true, allowPrivate: false });
    expect(watchWebhookSettings({ NODE_ENV: 'production', WATCH_WEBHOOK_ALLOW_PRIVATE: 'true' })).toMatchObject({ allowHttp: false, allowPrivate: true });
    expect(() => watchWebhookSettings({ WATCH_WEBHOOK_ALLOW_PRIVATE: 'sometimes' })).toThrow(/WATCH_WEBHOOK_ALLOW_PRIVATE/);
  });

  it('refuses loopback names and non-public IP literals where private addresses are not allowed, and keeps public ones', () => {
    const refused = (url: string) => expect(() => checkWebhookUrl(url, PRODUCTION), url).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument: 'input.url', reason: 'PRIVATE_ADDRESS' }) }));
    for (const url of [
      'https://localhost/x', 'https://LOCALHOST./x', 'https://api.localhost/x', 'https://127.0.0.1/x', 'https://127.1.2.3:8443/x', 'https://10.0.0.5/x',
      'https://172.16.0.1/x', 'https://172.31.255.255/x', 'https://192.168.1.1/x', 'https://169.254.169.254/latest/meta-data', 'https://100.64.0.1/x',
      'https://0.0.0.0/x', 'https://[::1]/x', 'https://[fd00::1]/x', 'https://[fe80::1]/x', 'https://[::ffff:127.0.0.1]/x', 'https://[::ffff:a00:1]/x',
      'https://0x7f000001/x', 'https://2130706433/x', 'https://224.0.0.1/x',
    ]) {
      refused(url);
    }
    for (const url of ['https://8.8.8.8/x', 'https://172.32.0.1/x', 'https://[2606:4700::1111]/x', 'https://hooks.example.org/x']) {
      expect(checkWebhookUrl(url, PRODUCTION), url).toBe(new URL(url).toString());
    }
    expect(checkWebhookUrl('https://127.0.0.1/x', { allowHttp: false, allowPrivate: true })).toBe('https://127.0.0.1/x');
  });
});

describe('the delivery address guard', () => {
  const fakeResolver = (answers: Record<string, string[]>) =>
    ((hostname: string, _options: unknown, callback: (e: Error | null, a: { address: string; family: number }[]) => void) => {
      const found = answers[hostname];
      if (!found) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
      callback(null, found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    }) as unknown as typeof import('node:dns').lookup;
  const resolve = (lookup: ReturnType<typeof publicOnlyLookup>, host: string, all: boolean) =>
    new Promise<{ error: any; address: unknown; family?: number }>((done) => lookup(host, { all }, (error, address, family) => done({ error, address, family })));

  it('keeps the public addresses of a name, and fails a name with none (a rebound name too) with BLOCKED_ADDRESS', async () => {
    const lookup = publicOnlyLookup(fakeResolver({ mixed: ['10.1.2.3', '93.184.216.34'], rebound: ['127.0.0.1'], metadata: ['169.254.169.254', 'fe80::1'], v6: ['2606:4700::1111'] }));
    expect(await resolve(lookup, 'mixed', false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await resolve(lookup, 'mixed', true)).toMatchObject({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
    expect(await resolve(lookup, 'v6', false)).toEqual({ error: null, address: '2606:4700::1111', family: 6 });
    for (const host of ['rebound', 'metadata']) expect((await resolve(lookup, host, true)).error).toBeInstanceOf(BlockedAddressError);
    expect((await resolve(lookup, 'rebound', false)).error.code).toBe('BLOCKED_ADDRESS');
    expect((await resolve(lookup, 'nowhere', false)).error.code).toBe('ENOTFOUND');
  });

  it('stops a real POST to a name on this machine before it is sent, and lets it through where private addresses are allowed', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://localhost:${(server.address() as AddressInfo).port}/hook`;
    const guarded = deliveryAgent({ timeoutMs: 5_000, allowPrivate: false });
    const open = deliveryAgent({ timeoutMs: 5_000, allowPrivate: true });
    try {
      await expect(request(url, { method: 'POST', body: '{}', dispatcher: guarded })).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
      expect(seen).toEqual([]);
      const res = await request(url, { method: 'POST', body: '{}', dispatcher: open });
      await res.body.dump();
      expect(res.statusCode).toBe(200);
      expect(seen).toEqual(['/hook']);
    } finally {
      await Promise.all([guarded.close(), open.close()]);
      await new Promise((r) => server.close(r));
    }
  });

  it('tells public unicast addresses from the rest', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '172.15.255.255', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
    for (const a of ['127.0.0.1', '10.255.0.1', '192.168.0.1', '198.18.0.1', '255.255.255.255', '::', '::1', 'fc00::1', 'ff02::1', '::ffff:192.168.0.1', 'not-an-ip']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });
});

describe('settings', () => {
  it('has defaults and refuses malformed values, naming the variable', () => {
    expect(watchWebhookSettings({})).toEqual({ pollIntervalMs: 1000, backoffMs: 1000, maxBackoffMs: 900_000, maxAttempts: 12, timeoutMs: 10_000, batchSize: 20, allowHttp: true, allowPrivate: true, listingSweepIntervalMs: 3_600_000 });
    expect(watchWebhookSettings({ WATCH_LISTING_SWEEP_INTERVAL_MS: '0' }).listingSweepIntervalMs).toBe(0);
    expect(() => watchWebhookSettings({ WATCH_LISTING_SWEEP_INTERVAL_MS: 'hourly' })).toThrow(/WATCH_LISTING_SWEEP_INTERVAL_MS/);
    expect(() => watchWebhookSettings({ WATCH_WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WATCH_WEBHOOK_MAX_ATTEMPTS/);
    expect(() => watchWebhookSettings({ WATCH_WEBHOOK_BACKOFF_MS: '5000', WATCH_WEBHOOK_MAX_BACKOFF_MS: '1000' })).toThrow(/WATCH_WEBHOOK_MAX_BACKOFF_MS/);
    expect(() => watchWebhookSettings({ WATCH_WEBHOOK_BATCH_SIZE: '501' })).toThrow(/WATCH_WEBHOOK_BATCH_SIZE/);
    expect(() => watchWebhookSettings({ WATCH_WEBHOOK_ALLOW_HTTP: 'maybe' })).toThrow(/WATCH_WEBHOOK_ALLOW_HTTP/);
  });
});

describe('signatures and secrets', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in hex', () => {
    const body = '{"type":"watch.alert"}';
    const expected = createHmac('sha256', 'k'.repeat(32)).update(`1764633600.${body}`).digest('hex');
    expect(signatureHeader('k'.repeat(32), body, 1764633600)).toBe(`t=1764633600,v1=${expected}`);
  });

  it('makes a fresh 256-bit secret each time, and checks a caller’s', () => {
    const a = webhookSecret(undefined, 'input.secret');
    expect(a).not.toBe(webhookSecret(undefined, 'input.secret'));
    expect(Buffer.from(a.slice('whsec_'.length), 'base64url')).toHaveLength(32);
    expect(() => webhookSecret('with a space in it, long enough', 'input.secret')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_CHARACTERS' }) }));
    expect(() => webhookSecret('x'.repeat(257), 'input.secret')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'TOO_LONG' }) }));
  });
});

describe('sealed secrets', () => {
  const key = webhookSecretKey('one deployment’s ID_HASH_KEY');
  const owner = { kind: 'agency', id: '91350100M000100Y43' };

  it('open to the secret with the same key and owner, a fresh IV each time', () => {
    const a = sealWebhookSecret(key, owner, 'whsec_abc');
    const b = sealWebhookSecret(key, owner, 'whsec_abc');
    expect(a).toMatch(/^sealed:v1:[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('abc');
    expect(openWebhookSecret(key, owner, a)).toBe('whsec_abc');
    expect(openWebhookSecret(key, owner, b)).toBe('whsec_abc');
  });

  it('do not open under another key, for another owner, or altered; a secret stored before sealing reads as it is', () => {
    const sealed = sealWebhookSecret(key, owner, 'whsec_abc');
    expect(() => openWebhookSecret(webhookSecretKey('another key'), owner, sealed)).toThrow();
    expect(() => openWebhookSecret(key, { kind: 'agency', id: '91350100M000100Y44' }, sealed)).toThrow();
    expect(() => openWebhookSecret(key, { kind: 'department', id: owner.id }, sealed)).toThrow();
    const body = sealed.split('.');
    body[1] = Buffer.from('whsec_xyz').toString('base64url');
    expect(() => openWebhookSecret(key, owner, body.join('.'))).toThrow();
    expect(() => openWebhookSecret(key, owner, 'sealed:v1:short')).toThrow(/malformed/);
    expect(openWebhookSecret(key, owner, 'whsec_stored_before_sealing')).toBe('whsec_stored_before_sealing');
    expect(webhookSecretKey('k')).toHaveLength(32);
    expect(webhookSecretKey('k').equals(webhookSecretKey('k'))).toBe(true);
  });
});

describe('retry delays', () => {
  it('double from the first delay up to the maximum', () => {
    const s = { backoffMs: 1000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => webhookRetryDelayMs(n, s))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe('reading credit-record.published', () => {
  it('alerts on negative records and on every list a record names, and skips malformed rows', () => {
    const items = publishedRecordItems({
      domain: 'judicial',
      recordType: 'DishonestJudgmentDebtor',
      records: [
        { id: 'r1', subjectType: 'LEGAL_PERSON', subjectId: 'U1', polarity: 'NEGATIVE', severity: 'severe', category: '失信', decisionDate: '2026-11-01', listTypes: ['BLACK', { listType: 'KEY_ATTENTION', listName: '重点关注' }, 'PURPLE'] },
        { id: 'r2', subjectType: 'LEGAL_PERSON', subjectId: 'U1', polarity: 'POSITIVE', listTypes: ['RED'] },
        { id: 'r3', subjectType: 'SOMETHING', subjectId: 'U1', polarity: 'NEGATIVE' },
        { subjectType: 'LEGAL_PERSON', subjectId: 'U1', polarity: 'NEGATIVE' },
      ],
    });
    expect(items.map((i) => [i.kind, i.item, i.listType ?? null, i.listName ?? null])).toEqual([
      ['NEW_NEGATIVE_RECORD', 'r1', null, null],
      ['NEW_LISTING', 'r1:BLACK:', 'BLACK', null],
      ['NEW_LISTING', 'r1:KEY_ATTENTION:重点关注', 'KEY_ATTENTION', '重点关注'],
      ['NEW_LISTING', 'r2:RED:', 'RED', null],
    ]);
    expect(items[0]).toMatchObject({ domain: 'JUDICIAL', recordType: 'DishonestJudgmentDebtor', severity: 'SEVERE', decisionDate: '2026-11-01' });
  });
});
