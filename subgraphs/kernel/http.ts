import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ApolloServer, type ApolloServerPlugin, type BaseContext, HeaderMap } from '@apollo/server';
import type { Readiness } from './health.ts';
import { defaultLogger, type Logger, requestScope } from './logging.ts';
import { codeLabel, routeLabel, type ServiceMetrics } from './metrics.ts';

/** Default largest request body; a GraphQL request is text, a bigger one is an attack or a bug. */
export const MAX_BODY_BYTES = 1_000_000;

/** Default time shutdown waits for in-flight requests before closing their connections. */
export const DRAIN_TIMEOUT_MS = 10_000;

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

const REQUEST_ID = /^[\w-]{1,64}$/;

/** The request id a caller or the gateway sent, or a new one: it ties log lines and query-log entries together. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const rid = headers['x-request-id'];
  return typeof rid === 'string' && REQUEST_ID.test(rid) ? rid : randomUUID();
}

/** What one request leaves in the access log and the metrics, filled in as it is served. */
export interface RequestRecord {
  requestId: string;
  operationName?: string;
  operationType?: string;
  errorCodes: string[];
  /** Whether the GraphQL pipeline saw the request (else its error codes come from the body). */
  executed: boolean;
}

// Kept on the context value, the one object both this integration and the Apollo plugins see
// for a request. A symbol key, because Apollo hands plugins a shallow copy of the context
// (identity is lost, own properties are kept).
const RECORD = Symbol('requestRecord');

function recordOf(context: object): RequestRecord | undefined {
  return (context as { [RECORD]?: RequestRecord })[RECORD];
}

/** Records the operation and the error codes sent; list it after plugins that add errors. */
export function requestRecordPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const record = recordOf(contextValue);
      if (!record) return;
      record.executed = true;
      return {
        async didResolveOperation({ operation }) {
          record.operationName = operation?.name?.value;
          record.operationType = operation?.operation;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          record.errorCodes = (errors ?? []).map((e) => codeLabel(e.extensions?.code));
        },
      };
    },
  };
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

export interface ListenOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  context: (req: IncomingMessage) => Promise<TContext>;
  port: number;
  host: string;
  routes?: Route[];
  /** Name in log lines and the `service` label of metrics. */
  service?: string;
  logger?: Logger;
  metrics?: ServiceMetrics;
  /** `/ready`: what this process needs before it can serve (database, subgraphs). */
  ready?: Readiness;
  maxBodyBytes?: number;
  drainTimeoutMs?: number;
}

/**
 * Serves an ApolloServer over node:http at /graphql, with `/health` (liveness), `/ready`
 * (readiness), `/metrics` (Prometheus) and the extra `routes`. The same integration serves
 * subgraphs and the gateway, so every process logs, measures and drains the same way.
 */
export async function listen<TContext extends BaseContext>(
  options: ListenOptions<TContext>,
): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const { server, context, routes = [], metrics, ready } = options;
  const service = options.service ?? 'server';
  const logger = (options.logger ?? defaultLogger()).child({ service });
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let draining = false;
  // A response finished while draining closes its connection, so shutdown need not wait for
  // keep-alive sockets to time out.
  const closeWhenDraining = (res: ServerResponse) => {
    if (draining && !res.headersSent) res.shouldKeepAlive = false;
  };

  const http: Server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers);
    // Written back so the context function and every subgraph call see the same id.
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const record: RequestRecord = { requestId, errorCodes: [], executed: false };
    let route = 'other';
    const send = (status: number, code: string, message: string) => {
      record.errorCodes = [code];
      record.executed = true;
      closeWhenDraining(res);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(errorBody(code, message));
    };
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.writableFinished ? res.statusCode : 499;
      metrics?.requests.inc({ route, status: String(status) });
      metrics?.duration.observe({ route }, seconds);
      for (const code of record.errorCodes) metrics?.errors.inc({ code });
      // Outside the request's async scope: the id is written here.
      const line = {
        requestId,
        method: req.method,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        operation: record.operationName,
        operationType: record.operationType,
        // Distinct codes: a bulk query can carry a thousand errors of one kind.
        errors: record.errorCodes.length > 0 ? [...new Set(record.errorCodes)] : undefined,
      };
      if (route !== '/graphql') logger.debug(line, 'request');
      else if (status >= 500) logger.warn(line, 'request');
      else logger.info(line, 'request');
    });
    void requestScope.run({ requestId }, () => handle(req, res)).catch((error: unknown) => {
      logger.error({ requestId, err: { type: (error as Error)?.name } }, 'request handler failed');
      if (!res.headersSent) send(500, 'INTERNAL_SERVER_ERROR', 'internal error');
      else res.end();
    });

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return send(400, 'BAD_REQUEST', 'the request target is not a valid URL');
      }
      route = routeLabel(url.pathname);
      closeWhenDraining(res);
      if (url.pathname === '/health') return sendReport(res, 200, { status: 'ok' });
      if (url.pathname === '/ready') {
        const report = draining ? { ready: false, checks: { shutdown: 'draining' } } : ready ? await ready() : { ready: true, checks: {} };
        return sendReport(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'unavailable', checks: report.checks });
      }
      if (url.pathname === '/metrics' && metrics) {
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(await metrics.text());
        return;
      }
      for (const r of routes) if (await r(req, res, url)) return;
      if (url.pathname !== '/graphql') return send(404, 'NOT_FOUND', 'no such route');

      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBodyBytes) return send(413, 'BAD_USER_INPUT', `request body over ${maxBodyBytes} bytes`);
      const raw = req.method === 'POST' ? await readBody(req, maxBodyBytes) : '';
      if (raw === null) return send(413, 'BAD_USER_INPUT', `request body over ${maxBodyBytes} bytes`);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown = raw;
      if (req.method === 'POST' && (headers.get('content-type') ?? '').includes('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(400, 'BAD_USER_INPUT', 'request body is not valid JSON');
        }
      }
      const result = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => {
          const value = await context(req);
          (value as { [RECORD]?: RequestRecord })[RECORD] = record;
          return value;
        },
      });
      for (const [key, value] of result.headers) res.setHeader(key, value);
      closeWhenDraining(res);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        // Refused before the pipeline ran (CSRF, a bad token, a malformed request): the codes
        // are only in the body, which is small.
        if (!record.executed && res.statusCode >= 400) record.errorCodes = codesOf(result.body.string);
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    }
  });

  // Malformed HTTP (oversized headers, bad framing) never reaches the handler; answer it in the
  // API's error shape instead of Node's bare status line.
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const text = errorBody('BAD_REQUEST', 'malformed HTTP request');
    socket.end(`HTTP/1.1 ${status} Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  });

  // CONNECT (a proxy tunnel) is never served; without a listener Node would drop the socket unanswered.
  http.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const text = errorBody('BAD_REQUEST', 'CONNECT is not supported');
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  http.keepAliveTimeout = 65_000;
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${port}/graphql`,
    port,
    async close() {
      // Stop taking connections, let in-flight requests finish (their responses say
      // `connection: close`), drop idle keep-alive sockets, and cut the rest after the timeout.
      draining = true;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const force = setTimeout(() => http.closeAllConnections(), options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
      await closed;
      clearTimeout(force);
      await server.stop();
    },
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendReport(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function codesOf(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    return (parsed.errors ?? []).map((e) => codeLabel(e.extensions?.code));
  } catch {
    return [];
  }
}
