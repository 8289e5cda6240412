import { personIdFor, parseIdNumberArgument } from '../kernel/id-number.ts';
import type { SubgraphModule } from '../kernel/subgraph-server.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { platformEventHandlers } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { watchlistWorkers } from './watchlists/worker.ts';

/** Platform: the subject registry (LegalPerson, NaturalPerson) and search. */
export const platformSubgraph: SubgraphModule<Loaders> = {
  name: 'platform',
  resolvers,
  createLoaders,
  eventHandlers: platformEventHandlers,
  workers: watchlistWorkers,
  argumentSubjects: {
    // The person's id is the keyed pseudonym of the number, so consent and `self` are decided
    // for the person asked about, whether or not the registry knows them.
    'Query.naturalPersonByIdNumber': (args, ctx) => ({
      type: 'NATURAL_PERSON',
      id: personIdFor(parseIdNumberArgument(String(args.idNumber), 'idNumber'), ctx.idHashKey),
    }),
  },
};
