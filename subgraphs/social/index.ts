import { lifecycleEventHandlers } from '../kernel/lifecycle/domain-events.ts';
import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { lifecycle } from './store.ts';

/** Social integrity (社会诚信): natural-person archives and social sectors, wage arrears. */
export const socialSubgraph: SubgraphModule<Loaders> = {
  name: 'social',
  resolvers,
  createLoaders,
  eventHandlers: lifecycleEventHandlers('social', lifecycle),
};
