// GraphQL over fetch with the pasted internal token. The token goes only into the Authorization
// header of same-origin requests: never into a URL, the console or the page.

const TOKEN_KEY = 'credit-dashboard.token';

export function readToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function saveToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An error the API answered, with its `extensions.code` (FORBIDDEN, UNAUTHENTICATED, …). */
export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

export async function graphql(query, variables, token) {
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('the API could not be reached', 'NETWORK', 0);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`the API answered HTTP ${res.status} without JSON`, 'HTTP_ERROR', res.status);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', res.status);
  if (!body.data) throw new ApiError('the API answered without data', 'ERROR', res.status);
  return body.data;
}

/** What the user is told for each error class; the API's own message is shown beside it. */
export function explain(error) {
  switch (error.code) {
    case 'FORBIDDEN':
      return '无权访问：此令牌没有内部权限 gov:internal。 Forbidden: this token does not carry the gov:internal scope.';
    case 'UNAUTHENTICATED':
      return '令牌无效或已过期，请重新生成。 The token is invalid or expired: mint a new one.';
    case 'RATE_LIMITED':
      return '请求过于频繁，请稍后再试。 Too many requests: try again shortly.';
    case 'NETWORK':
      return '无法连接 API。 The API could not be reached.';
    case 'BAD_USER_INPUT':
      return `查询参数有误。 Bad input: ${error.message}`;
    default:
      return `查询失败 Query failed (${error.code}): ${error.message}`;
  }
}

/**
 * What the pasted token says of itself (kind, scopes, expiry), read without verifying it: only
 * to show the user which token is in use. The API verifies it on every request.
 */
export function describeToken(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return {
      kind: typeof payload.kind === 'string' ? payload.kind : null,
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
      expires: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}
