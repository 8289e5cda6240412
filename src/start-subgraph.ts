import { SUBGRAPHS } from '../subgraphs/index.ts';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kernel/config.ts';
import { startSubgraph } from '../subgraphs/kernel/subgraph-server.ts';
import { startSealer } from '../subgraphs/kernel/query-log/index.ts';
import { createVerifier, onShutdown, openDatabase, sealerLog, servingSettings } from './stack.ts';
import { createPlatformSigner } from '../subgraphs/kernel/signing.ts';
import { defaultLogger } from '../subgraphs/kernel/logging.ts';

/**
 * `npm run start:subgraph -- <name>`: one subgraph as its own process. Meant for PostgreSQL
 * (DATABASE_URL): PGlite is one process's private database. Run `npm run db:migrate` first.
 */
const name = process.argv[2] as SubgraphName | undefined;
if (!name || !SUBGRAPH_NAMES.includes(name)) {
  console.error(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join('|')}>`);
  process.exit(2);
}
const config = loadConfig();
if (!config.databaseUrl) defaultLogger().warn('DATABASE_URL is not set: this subgraph uses its own PGlite, which other processes cannot share');
const database = await openDatabase(config);
const { introspection, maxBodyBytes, drainTimeoutMs, events, idHashKey, subgraphTimeoutMs } = servingSettings(config);
const served = await startSubgraph(SUBGRAPHS[name], database, {
  introspection,
  maxBodyBytes,
  drainTimeoutMs,
  events,
  idHashKey,
  // The other subgraphs at <NAME>_URL (platform reads the domains' listings in a sanctions check).
  peers: config.subgraphUrls,
  subgraphTimeoutMs,
  port: config.subgraphPorts[name],
  host: config.host,
  verifier: await createVerifier(config),
  // The platform signs credit reports: without its key (in production) it must not start.
  signer: name === 'platform' ? await createPlatformSigner(config) : undefined,
});
// Every subgraph process seals the query log; an advisory lock keeps the chain single.
const sealer = startSealer(database.drizzle('query-log'), config.auditSealIntervalMs, sealerLog(defaultLogger()));
onShutdown(async () => {
  await served.close();
  await sealer.stop();
  await database.close();
});
defaultLogger().info({ subgraph: name, url: served.url }, 'subgraph started');
