import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kernel/config.ts';

/**
 * The container's entry point: one image, and the command names the process it runs —
 * `gateway`, a subgraph (`platform`, `government`, `business`, `social`, `judicial`) or
 * `migrate` (apply migrations, then exit).
 */
const role = process.argv[2];
if (role === 'gateway') await import('./start-gateway.ts');
else if (role === 'migrate') await import('./migrate.ts');
else if (SUBGRAPH_NAMES.includes(role as SubgraphName)) await import('./start-subgraph.ts');
else {
  console.error(`usage: serve <gateway|migrate|${SUBGRAPH_NAMES.join('|')}>`);
  process.exit(2);
}
