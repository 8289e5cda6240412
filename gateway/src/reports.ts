import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import type { Route } from '../../subgraphs/kernel/http.ts';
import type { PlatformSigner } from '../../subgraphs/kernel/signing.ts';
import { type RenderedDocument, renderErrorHtml, renderReportHtml, REPORT_KEYS_PATH } from './report-html.ts';

/**
 * The gateway's report routes: the platform's public signing keys, and a credit report as a
 * printable page. The page runs the `creditReport` operation through this gateway's own
 * pipeline (authentication, limits, rate limits, planning) with the caller's headers, so the
 * caller's token decides the level exactly as it does over /graphql; the token never goes in
 * a URL.
 */

export const REPORT_PAGE_PREFIX = '/reports/';

/** Headers of the caller's request that the report operation carries on. */
const FORWARDED = ['authorization', 'x-query-purpose', 'x-request-id', 'user-agent'];

export const REPORT_PAGE_QUERY = `query CreditReportPage($uscc: String!) {
  creditReport(uscc: $uscc) { id document documentSha256 signature }
}`;

/** `GET /.well-known/credit-report-keys.json`: the JWKS reports verify against, current key first. */
export function reportKeysRoute(signer: Promise<PlatformSigner>): Route {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== REPORT_KEYS_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed');
      return true;
    }
    const body = JSON.stringify((await signer).jwks());
    // Keys change only on rotation, and a rotated-out key stays listed: a short cache is safe.
    res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

function statusOf(code: string | undefined, fallback: number): number {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default:
      return fallback >= 400 ? fallback : 500;
  }
}

function sendHtml(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // A report is for its caller only: never cached by a shared cache, never framed, no scripts.
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(html);
}

interface PageAnswer {
  data?: { creditReport?: { id: string; document: string; documentSha256: string; signature: string } | null };
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** `GET /reports/<uscc>`: the caller's report, rendered from the signed document. */
export function reportPageRoute<TContext extends BaseContext>(server: ApolloServer<TContext>, context: (req: IncomingMessage) => Promise<TContext>): Route {
  return async (req, res, url) => {
    if (!url.pathname.startsWith(REPORT_PAGE_PREFIX)) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed');
      return true;
    }
    let uscc: string;
    try {
      uscc = decodeURIComponent(url.pathname.slice(REPORT_PAGE_PREFIX.length));
    } catch {
      sendHtml(res, 400, renderErrorHtml(400, 'BAD_USER_INPUT', 'the code in the path is not valid percent-encoding'));
      return true;
    }
    const headers = new HeaderMap([['content-type', 'application/json']]);
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body: { query: REPORT_PAGE_QUERY, variables: { uscc }, operationName: 'CreditReportPage' } },
      context: () => context(req),
    });
    const text = result.body.kind === 'complete' ? result.body.string : await collect(result.body.asyncIterator);
    let answer: PageAnswer;
    try {
      answer = JSON.parse(text) as PageAnswer;
    } catch {
      sendHtml(res, 500, renderErrorHtml(500, 'INTERNAL_SERVER_ERROR', 'the report could not be made'));
      return true;
    }
    const report = answer.data?.creditReport;
    const error = answer.errors?.[0];
    if (!report?.document || !report.signature || error) {
      const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      const status = statusOf(code, result.status ?? 500);
      const retry = result.headers.get('retry-after');
      sendHtml(res, status, renderErrorHtml(status, code, error?.message ?? 'the report could not be made'), retry ? { 'retry-after': retry } : {});
      return true;
    }
    const doc = JSON.parse(report.document) as RenderedDocument;
    sendHtml(res, 200, renderReportHtml(doc, report.signature, report.documentSha256), { 'x-credit-report-id': report.id });
    return true;
  };
}

async function collect(chunks: AsyncIterableIterator<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
