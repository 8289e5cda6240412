import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, request } from 'undici';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

interface Fetched {
  status: number;
  headers: [string, string][];
  text: string;
}

/**
 * Which subgraph calls may share one upstream request: anonymous queries only. A call carrying a
 * token must reach the subgraph itself, which decides consent for that caller and registers the
 * access (查询使用登记); a mutation is never merged. Merged calls reach the subgraph with the
 * first caller's request id.
 */
export function mergeKey(url: string, init: Parameters<Fetcher>[1]): string | null {
  if (init?.method !== 'POST' || typeof init.body !== 'string') return null;
  if (Object.keys(init.headers ?? {}).some((h) => h.toLowerCase() === 'authorization')) return null;
  if (!/^\{"query":"\s*(query\b|\{)/.test(init.body)) return null;
  return `${url}\n${init.body}`;
}

/**
 * The subgraph fetcher: undici.request over a keep-alive pool. @apollo/gateway's default fetcher
 * costs about twice the gateway CPU per request (STACK.md, figures), mostly per-call overhead.
 */
export function createSubgraphFetcher(
  agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, pipelining: 1 }),
  /** A subgraph that neither answers nor fails must not hold the caller's request forever. */
  timeoutMs = 10_000,
): {
  fetcher: Fetcher;
  close: () => Promise<void>;
} {
  /** Identical anonymous reads in flight share one subgraph call (as Hive Gateway does). */
  const inFlight = new Map<string, Promise<Fetched>>();

  async function send(url: string, init: Parameters<Fetcher>[1]): Promise<Fetched> {
    const res = await request(url, {
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      headers: init?.headers,
      body: init?.body,
      dispatcher: agent,
      signal: init?.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    const headers: [string, string][] = [];
    for (const [key, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers.push([key, Array.isArray(value) ? value.join(', ') : value]);
    }
    return { status: res.statusCode, headers, text };
  }

  const fetcher = (async (url, init) => {
    const key = mergeKey(url, init);
    let fetched: Promise<Fetched>;
    if (key === null) {
      fetched = send(url, init);
    } else {
      const shared = inFlight.get(key);
      if (shared) {
        fetched = shared;
      } else {
        fetched = send(url, init).finally(() => inFlight.delete(key));
        inFlight.set(key, fetched);
      }
    }
    const { status, headers, text } = await fetched;
    const response: FetcherResponse = {
      bodyUsed: true,
      url,
      redirected: false,
      status,
      ok: status >= 200 && status < 300,
      statusText: '',
      headers: new Headers(headers),
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
      clone: () => response,
    };
    return response;
  }) as Fetcher;
  return { fetcher, close: () => agent.close() };
}
