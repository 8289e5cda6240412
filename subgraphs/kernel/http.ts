import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';

/** Largest request body accepted; a GraphQL request is text, a bigger one is an attack or a bug. */
export const MAX_BODY_BYTES = 1_000_000;

/** How long shutdown waits for in-flight requests before closing their connections. */
const DRAIN_TIMEOUT_MS = 10_000;

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function errorBody(code: string, message: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Serves an ApolloServer over node:http at /graphql, with the extra `routes` tried first and
 * `/health` answering for load balancers. The same integration serves subgraphs and the gateway.
 */
export async function listen<TContext extends BaseContext>(options: {
  server: ApolloServer<TContext>;
  context: (req: IncomingMessage) => Promise<TContext>;
  port: number;
  host: string;
  routes?: Route[];
}): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const { server, context, routes = [] } = options;
  const http: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal error'));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    for (const route of routes) if (await route(req, res, url)) return;
    if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('NOT_FOUND', `no route ${url.pathname}`));

    const raw = req.method === 'POST' ? await readBody(req) : '';
    if (raw === null) return sendJson(res, 413, errorBody('BAD_USER_INPUT', `request body over ${MAX_BODY_BYTES} bytes`));
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw;
    if (req.method === 'POST' && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, errorBody('BAD_USER_INPUT', 'request body is not valid JSON'));
      }
    }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => context(req),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

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
      // Stop taking connections, let in-flight requests finish, then drop idle keep-alive sockets.
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const force = setTimeout(() => http.closeAllConnections(), DRAIN_TIMEOUT_MS);
      await closed;
      clearTimeout(force);
      await server.stop();
    },
  };
}
