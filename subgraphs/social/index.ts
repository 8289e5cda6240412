import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

/** Social integrity (社会诚信): natural-person archives and social sectors, wage arrears. */
export const socialSubgraph: SubgraphModule<Loaders> = { name: 'social', resolvers, createLoaders };
