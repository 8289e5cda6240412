/** What `/ready` answers: 200 when every check is "ok", else 503 naming the failing ones. */
export interface ReadyReport {
  ready: boolean;
  checks: Record<string, string>;
}

export type Readiness = () => Promise<ReadyReport>;

/** Readiness probes must answer fast: a check that hangs counts as failed. */
export const READY_TIMEOUT_MS = 2_000;

function within<T>(work: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A subgraph is ready when its database answers `select 1`. */
export function databaseReadiness(database: { ping(): Promise<boolean> }, timeoutMs = READY_TIMEOUT_MS): Readiness {
  return async () => {
    const ok = await within(database.ping(), timeoutMs, false);
    return { ready: ok, checks: { database: ok ? 'ok' : 'unavailable' } };
  };
}

/** The health URL next to a GraphQL endpoint URL. */
export function healthUrl(graphqlUrl: string): string {
  return new URL('/health', graphqlUrl).toString();
}

/** The gateway is ready when every subgraph answers its liveness probe. */
export function subgraphsReadiness(urls: Record<string, string>, timeoutMs = READY_TIMEOUT_MS): Readiness {
  return async () => {
    const results = await Promise.all(
      Object.entries(urls).map(async ([name, url]) => {
        try {
          const res = await fetch(healthUrl(url), { signal: AbortSignal.timeout(timeoutMs) });
          await res.body?.cancel();
          return [name, res.ok ? 'ok' : `status ${res.status}`] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    return { ready: results.every(([, s]) => s === 'ok'), checks: Object.fromEntries(results) };
  };
}
