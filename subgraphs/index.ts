import { businessSubgraph } from './business/index.ts';
import { governmentSubgraph } from './government/index.ts';
import { judicialSubgraph } from './judicial/index.ts';
import type { SubgraphName } from './kernel/config.ts';
import type { SubgraphModule } from './kernel/subgraph-server.ts';
import { platformSubgraph } from './platform/index.ts';
import { socialSubgraph } from './social/index.ts';

/** Every subgraph by name, in the order of SUBGRAPH_NAMES. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphModule<unknown>> = {
  platform: platformSubgraph as SubgraphModule<unknown>,
  government: governmentSubgraph as SubgraphModule<unknown>,
  business: businessSubgraph as SubgraphModule<unknown>,
  social: socialSubgraph as SubgraphModule<unknown>,
  judicial: judicialSubgraph as SubgraphModule<unknown>,
};
