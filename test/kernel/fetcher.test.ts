import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphFetcher, mergeKey } from '../../gateway/src/fetcher.ts';

let server: Server;
let url: string;
let hits = 0;

beforeAll(async () => {
  // A slow upstream, so concurrent calls overlap.
  server = createServer((req, res) => {
    hits++;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => setTimeout(() => res.end(JSON.stringify({ data: { echo: body.length, hit: hits } })), 50));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const QUERY = JSON.stringify({ query: 'query Q__platform__0{legalPerson(uscc:"912102000000003340"){name}}', variables: {} });

describe('subgraph fetcher: merging identical in-flight calls', () => {
  it('merges identical anonymous queries in flight, and only those', async () => {
    const { fetcher, close } = createSubgraphFetcher(undefined, 5_000);
    try {
      hits = 0;
      const same = await Promise.all(Array.from({ length: 5 }, () => fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY })));
      expect(hits).toBe(1);
      const texts = await Promise.all(same.map((r) => r.text()));
      expect(new Set(texts).size).toBe(1);

      hits = 0;
      await Promise.all(Array.from({ length: 3 }, () => fetcher(url, { method: 'POST', headers: { authorization: 'Bearer x' }, body: QUERY })));
      expect(hits).toBe(3);

      hits = 0;
      const mutation = JSON.stringify({ query: 'mutation M{grantConsent(input:{}){consent{id}}}' });
      await Promise.all(Array.from({ length: 2 }, () => fetcher(url, { method: 'POST', headers: {}, body: mutation })));
      expect(hits).toBe(2);

      hits = 0;
      await fetcher(url, { method: 'POST', headers: {}, body: QUERY });
      await fetcher(url, { method: 'POST', headers: {}, body: QUERY });
      expect(hits).toBe(2);
    } finally {
      await close();
    }
  });

  it('keys on the whole body and the URL', () => {
    expect(mergeKey(url, { method: 'POST', headers: {}, body: QUERY })).toBe(`${url}\n${QUERY}`);
    expect(mergeKey(url, { method: 'POST', headers: { Authorization: 'Bearer y' }, body: QUERY })).toBeNull();
    expect(mergeKey(url, { method: 'GET', headers: {}, body: QUERY })).toBeNull();
  });
});
