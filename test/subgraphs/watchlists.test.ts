import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { watchWebhookSettings } from '../../subgraphs/kernel/config.ts';
import { publishedRecordItems } from '../../subgraphs/platform/watchlists/alerts.ts';
import { webhookRetryDelayMs } from '../../subgraphs/platform/watchlists/delivery.ts';
import { checkWebhookUrl, signatureHeader, webhookSecret } from '../../subgraphs/platform/watchlists/webhook.ts';

/** The parts of watchlists that need no server: URL rules, signatures, backoff, settings, event reading. */
describe('webhook URLs', () => {
  it('needs https where http is not allowed (production), and refuses every other scheme', () => {
    expect(checkWebhookUrl('https://hooks.example.org/credit', false)).toBe('https://hooks.example.org/credit');
    expect(() => checkWebhookUrl('http://hooks.example.org/credit', false)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument: 'input.url', reason: 'HTTPS_REQUIRED' }) }));
    expect(checkWebhookUrl('http://127.0.0.1:9999/x', true)).toBe('http://127.0.0.1:9999/x');
    for (const url of ['ftp://x.org/', 'data:text/plain,hi', 'gopher://x.org', 'ws://x.org/']) {
      expect(() => checkWebhookUrl(url, true), url).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'UNSUPPORTED_SCHEME' }) }));
    }
  });

  it('takes the production default from NODE_ENV, and WATCH_WEBHOOK_ALLOW_HTTP over it', () => {
    expect(watchWebhookSettings({ NODE_ENV: 'production' }).allowHttp).toBe(false);
    expect(watchWebhookSettings({}).allowHttp).toBe(true);
    expect(watchWebhookSettings({ NODE_ENV: 'production', WATCH_WEBHOOK_ALLOW_HTTP: 'true' }).allowHttp).toBe(true);
  });
});

describe('settings', () => {
  it('has defaults and refuses malformed values, naming the variable', () => {
    expect(watchWebhookSettings({})).toEqual({ pollIntervalMs: 1000, backoffMs: 1000, maxBackoffMs: 900_000, maxAttempts: 12, timeoutMs: 10_000, batchSize: 20, allowHttp: true });
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
