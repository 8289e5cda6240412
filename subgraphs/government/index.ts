import { lifecycleEventHandlers } from '../kernel/lifecycle/domain-events.ts';
import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { lifecycle } from './store.ts';

/** Government integrity (政务诚信): 双公示 administrative licences and penalties. */
export const governmentSubgraph: SubgraphModule<Loaders> = {
  name: 'government',
  resolvers,
  createLoaders,
  eventHandlers: lifecycleEventHandlers('government', lifecycle),
};
