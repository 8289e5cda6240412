import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { defaultSubgraphPort, SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { readSubgraphSdl } from '../../subgraphs/kernel/subgraph-server.ts';

export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/**
 * Composes the subgraph SDL files into the supergraph. The routing URLs written into it are the
 * default local ports; a deployment overrides them with <NAME>_URL (the gateway reads those).
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      typeDefs: parse(readSubgraphSdl(name)),
      url: `http://127.0.0.1:${defaultSubgraphPort(name)}/graphql`,
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

/**
 * @apollo/gateway refuses `@link(..., for: SECURITY)` (STACK.md trap 1) although it can run the
 * schema; the committed file keeps the links so Apollo Router still enforces them, and only the
 * copy handed to @apollo/gateway loses the `for:` argument. Enforcement is ours (authorization).
 */
export function supergraphForApolloGateway(sdl: string): string {
  return sdl.replace(/(@link\(url: "[^"]+"), for: SECURITY\)/g, '$1)');
}
