/**
 * Tells infrastructure outages (a database or a subgraph that cannot be reached) from bugs: an
 * outage is SERVICE_UNAVAILABLE, which a client may retry, and a bug INTERNAL_SERVER_ERROR.
 */

// Node socket errors, postgres.js connection states and undici's transport failures.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

// SQLSTATEs that mean "the database is not there for us" rather than "this query is wrong":
// connection exceptions (class 08), shutdowns, too many connections, a missing database, and
// failed authentication (a misconfigured or rotated password is an outage to the caller).
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01'].includes(code);
}

/** Whether the error, or one it wraps, is a lost or refused connection. */
export function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; name?: unknown };
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || (/^[0-9A-Z]{5}$/.test(e.code) && isUnavailableSqlState(e.code)))) return true;
    if (e.message === 'PGlite is closed') return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    current = e.originalError ?? e.cause;
  }
  return false;
}

/**
 * Whether PostgreSQL refused a value rather than the statement: data exceptions (SQLSTATE class
 * 22 — a character it cannot store, a number out of range, a malformed date) come from what the
 * caller sent, so they are the caller's error even when a resolver let the value through.
 */
export function isBadValue(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; cause?: unknown; originalError?: unknown };
    // A five-character SQLSTATE (postgres.js and PGlite both put it in `code`); Node's own codes look nothing like it.
    if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return true;
    current = e.originalError ?? e.cause;
  }
  return false;
}
