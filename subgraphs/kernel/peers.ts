import { Agent, request } from 'undici';
import { PURPOSE_HEADER } from './access/purposes.ts';
import type { SubgraphName } from './config.ts';
import { codedError } from './errors.ts';
import type { Logger } from './logging.ts';

/**
 * Where the other subgraphs answer. A stack fills it as each subgraph binds its port; a process of
 * its own reads `<NAME>_URL` (config.subgraphUrls).
 */
export type PeerDirectory = Partial<Record<SubgraphName, string>>;

/** What a call to a peer carries of the request that caused it: the caller's own token, purpose and request id. */
export interface Forwarded {
  authorization: string | null;
  purpose: string | null;
  requestId: string;
}

/** An entity representation as the federation protocol takes it (`__typename` and key fields). */
export type Representation = { __typename: string } & Record<string, unknown>;

export interface Peers {
  /**
   * Resolves `representations` in subgraph `name` through its `_entities` field, selecting
   * `selection` (inline fragments on the types), as the gateway would. One HTTP request, the
   * answers in the order given. Any failure — not configured, unreachable, timed out, an error in
   * the answer — is SERVICE_UNAVAILABLE naming the subgraph: a caller must never mistake a peer
   * that could not answer for one that had nothing to say.
   */
  entities<T>(name: SubgraphName, representations: readonly Representation[], selection: string): Promise<(T | null)[]>;
}

const ENTITIES = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;

// One pool per process: peers are a handful of subgraphs, always the same ones.
let sharedAgent: Agent | undefined;
const agent = () => (sharedAgent ??= new Agent({ keepAliveTimeout: 30_000, connections: 16 }));

/** A peer client for one request: every call forwards that request's caller. */
export function peersFor(directory: PeerDirectory, forwarded: Forwarded, options: { timeoutMs: number; logger: Logger }): Peers {
  return {
    async entities<T>(name: SubgraphName, representations: readonly Representation[], selection: string) {
      if (representations.length === 0) return [];
      const unavailable = (cause: string) => {
        options.logger.warn({ peer: name, cause }, 'peer subgraph call failed');
        return codedError('SERVICE_UNAVAILABLE', `the ${name} subgraph could not be read; try again`, { reason: 'PEER_UNAVAILABLE', subgraph: name });
      };
      const url = directory[name];
      if (!url) throw unavailable('NOT_CONFIGURED');
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': forwarded.requestId };
      if (forwarded.authorization) headers.authorization = forwarded.authorization;
      if (forwarded.purpose) headers[PURPOSE_HEADER] = forwarded.purpose;
      let status: number;
      let text: string;
      try {
        const response = await request(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: ENTITIES(selection), variables: { r: representations } }),
          dispatcher: agent(),
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        throw unavailable((error as { code?: string }).code ?? (error as Error).name);
      }
      if (status !== 200) throw unavailable(`HTTP_${status}`);
      let body: { data?: { _entities?: (T | null)[] }; errors?: { extensions?: { code?: unknown } }[] };
      try {
        body = JSON.parse(text);
      } catch {
        throw unavailable('NOT_JSON');
      }
      // Only codes are logged: a peer's message may quote the caller's values.
      if (body.errors?.length) throw unavailable(`ERROR_${String(body.errors[0]?.extensions?.code ?? 'UNKNOWN')}`);
      const found = body.data?._entities;
      if (!Array.isArray(found) || found.length !== representations.length) throw unavailable('WRONG_SHAPE');
      return found;
    },
  };
}
