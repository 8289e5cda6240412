import { lifecycleEventHandlers } from '../kernel/lifecycle/domain-events.ts';
import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { commitmentEventHandlers } from './commitments.ts';
import { resolvers } from './resolvers/index.ts';
import { lifecycle } from './store.ts';

/** Business integrity (商务诚信): sector records of market entities, tax credit ratings. */
export const businessSubgraph: SubgraphModule<Loaders> = {
  name: 'business',
  resolvers,
  createLoaders,
  eventHandlers: { ...lifecycleEventHandlers('business', lifecycle), ...commitmentEventHandlers },
};
