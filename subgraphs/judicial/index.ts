import { lifecycleEventHandlers } from '../kernel/lifecycle/domain-events.ts';
import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { lifecycle } from './store.ts';

/** Judicial credibility (司法公信): dishonest judgment debtors and other court records. */
export const judicialSubgraph: SubgraphModule<Loaders> = {
  name: 'judicial',
  resolvers,
  createLoaders,
  eventHandlers: lifecycleEventHandlers('judicial', lifecycle),
};
