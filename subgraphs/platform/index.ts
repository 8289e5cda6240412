import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { platformEventHandlers } from './events.ts';
import { resolvers } from './resolvers/index.ts';

/** Platform: the subject registry (LegalPerson, NaturalPerson) and search. */
export const platformSubgraph: SubgraphModule<Loaders> = { name: 'platform', resolvers, createLoaders, eventHandlers: platformEventHandlers };
