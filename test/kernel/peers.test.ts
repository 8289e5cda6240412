import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../subgraphs/kernel/logging.ts';
import { peersFor } from '../../subgraphs/kernel/peers.ts';

/** A stand-in subgraph whose answer each test sets; it keeps the last request it got. */
let answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
let last: { headers: IncomingMessage['headers']; body: { query: string; variables: { r: unknown[] } } } | undefined;
let server: Server;
let url: string;
const logged: string[] = [];
const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void logged.push(line) } });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      last = { headers: req.headers, body: JSON.parse(body) };
      answer(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (status: number, value: unknown) => (_req: IncomingMessage, _body: string, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
};
const forwarded = { authorization: 'Bearer secret-token', purpose: 'LOAN_APPROVAL', requestId: 'req-1' };
const peers = (timeoutMs = 2_000) => peersFor({ judicial: url }, forwarded, { timeoutMs, logger });
const REPS = [{ __typename: 'LegalPerson', uscc: '91210200MA0000001X' }, { __typename: 'NaturalPerson', id: 'p1' }];

describe('peer subgraph calls (_entities)', () => {
  it('sends the representations with the caller’s token, purpose and request id, and returns the entities in order', async () => {
    answer = json(200, { data: { _entities: [{ judicialListings: [] }, null] } });
    const found = await peers().entities('judicial', REPS, '... on LegalPerson { judicialListings { rule } }');
    expect(found).toEqual([{ judicialListings: [] }, null]);
    expect(last!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'x-query-purpose': 'LOAN_APPROVAL', 'x-request-id': 'req-1' });
    expect(last!.body.variables.r).toEqual(REPS);
    expect(last!.body.query).toContain('_entities(representations: $r) { ... on LegalPerson { judicialListings { rule } } }');
  });

  it('sends nothing for no representations', async () => {
    last = undefined;
    expect(await peers().entities('judicial', [], 'x')).toEqual([]);
    expect(last).toBeUndefined();
  });

  const failures: [string, (req: IncomingMessage, body: string, res: ServerResponse) => void, string][] = [
    ['an HTTP error', json(500, { errors: [{ message: 'boom' }] }), 'HTTP_500'],
    ['errors in the answer', json(200, { data: { _entities: [null, null] }, errors: [{ message: 'row 91210200MA0000001X failed', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }), 'ERROR_INTERNAL_SERVER_ERROR'],
    ['an answer that is not JSON', json(200, '<html>proxy</html>'), 'NOT_JSON'],
    ['fewer entities than asked', json(200, { data: { _entities: [null] } }), 'WRONG_SHAPE'],
    ['no answer in time', () => undefined, 'UND_ERR_HEADERS_TIMEOUT'],
  ];
  for (const [what, respond, cause] of failures) {
    it(`is SERVICE_UNAVAILABLE naming the subgraph on ${what}, and logs the cause without values`, async () => {
      answer = respond;
      logged.length = 0;
      const error = await peers(300).entities('judicial', REPS, 'x').catch((e: unknown) => e);
      expect((error as { extensions: unknown }).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'PEER_UNAVAILABLE', subgraph: 'judicial' });
      expect(logged.join('')).toContain(cause);
      expect(logged.join('')).not.toMatch(/91210200MA0000001X|secret-token|boom/);
    });
  }

  it('is SERVICE_UNAVAILABLE for a subgraph that is not configured or not listening', async () => {
    const unconfigured = await peers().entities('business', REPS, 'x').catch((e: unknown) => e);
    expect((unconfigured as { extensions: unknown }).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', subgraph: 'business' });
    const closed = await peersFor({ social: 'http://127.0.0.1:1/graphql' }, forwarded, { timeoutMs: 1_000, logger })
      .entities('social', REPS, 'x')
      .catch((e: unknown) => e);
    expect((closed as { extensions: unknown }).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', subgraph: 'social' });
  });
});
