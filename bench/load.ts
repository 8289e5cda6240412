import autocannon from 'autocannon';

/**
 * One load run with autocannon against 127.0.0.1: `connections` clients, each sending its next
 * request as soon as the previous one is answered (closed loop), for `seconds`. Every request's
 * body comes from `nextBody`, so a workload can ask for a different subject each time. A response
 * counts as an error when it is not 2xx, when its socket fails or times out, or when its body
 * carries GraphQL `errors`.
 */

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  nextBody: () => string;
  /** Per-request timeout (s). */
  timeoutS?: number;
}

export interface LoadResult {
  seconds: number;
  completed: number;
  reqPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  errors: { non2xx: number; socket: number; timeouts: number; graphql: number; total: number };
  statusCodes: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function drive(spec: LoadSpec): Promise<LoadResult> {
  const host = new URL(spec.url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`load goes to 127.0.0.1 only, not ${host}`);
  const latencies: number[] = [];
  const headers = { 'content-type': 'application/json', ...spec.headers };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        timeout: spec.timeoutS ?? 30,
        method: 'POST',
        headers,
        body: spec.nextBody(),
        requests: [
          {
            method: 'POST',
            headers,
            setupRequest: (request) => ({ ...request, body: spec.nextBody() }),
          },
        ],
        verifyBody: (body) => !body.includes('"errors"'),
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        const sum = latencies.reduce((a, b) => a + b, 0);
        const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
        const errors = { non2xx: result.non2xx, socket: result.errors - result.timeouts, timeouts: result.timeouts, graphql: result.mismatches, total: 0 };
        errors.total = errors.non2xx + errors.socket + errors.timeouts + errors.graphql;
        resolve({
          seconds: result.duration,
          completed: result.requests.total,
          reqPerSec: result.requests.total / result.duration,
          latencyMs: {
            p50: percentile(sorted, 0.5),
            p95: percentile(sorted, 0.95),
            p99: percentile(sorted, 0.99),
            mean: latencies.length ? sum / latencies.length : NaN,
            max: sorted.length ? sorted[sorted.length - 1]! : NaN,
          },
          errors,
          statusCodes,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
}

/** One request outside the load, for warm checks and answer comparisons. */
export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the caller reports the text
  }
  return { status: res.status, json, text };
}
