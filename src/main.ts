import { EXAMPLE_QUERY } from '../gateway/src/query-page.ts';
import { loadConfig } from '../subgraphs/kernel/config.ts';
import { EXAMPLE_USCC, prepareDatabase } from './prepare.ts';
import { createPlatformSigner } from '../subgraphs/kernel/signing.ts';
import { createVerifier, onShutdown, openDatabase, servingSettings, startStack } from './stack.ts';

/** `npm start`: migrate, seed when empty, and run all five subgraphs and the gateway in one process. */
const config = loadConfig();
const database = await openDatabase(config);
await prepareDatabase(database, config);
const stack = await startStack(database, {
  host: config.host,
  gatewayPort: config.gatewayPort,
  subgraphPorts: config.subgraphPorts,
  verifier: await createVerifier(config),
  auditSealIntervalMs: config.auditSealIntervalMs,
  exampleUscc: EXAMPLE_USCC,
  // One key for the platform (signs reports) and the gateway (publishes the keys).
  settings: { ...servingSettings(config), signer: await createPlatformSigner(config) },
});
onShutdown(async () => {
  await stack.close();
  await database.close();
});

const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.pgliteDataDir}`;
console.log(`
Credit platform supergraph on ${where}
  gateway:   ${stack.gatewayUrl}
  query page: ${stack.gatewayUrl.replace(/\/graphql$/, '/')}
  dashboard: ${stack.gatewayUrl.replace(/\/graphql$/, '/dashboard')} (token: npm run -s token -- --kind department --id dl-market)
  subgraphs: ${Object.entries(stack.subgraphUrls).map(([n, u]) => `${n} ${u}`).join(', ')}

Try:
  curl -s ${stack.gatewayUrl} -H 'content-type: application/json' \\
    -d '{"query":"{ legalPerson(uscc: \\"${EXAMPLE_USCC}\\") { name kind region { name } administrativePenalties { totalCount } publishedTaxCreditRatings { edges { node { year grade } } } } }"}'

Example query (variables: {"uscc": "${EXAMPLE_USCC}"}):
${EXAMPLE_QUERY}
`);
