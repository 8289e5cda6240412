import { startGateway } from '../gateway/src/index.ts';
import { loadConfig } from '../subgraphs/kernel/config.ts';
import { createVerifier, onShutdown } from './stack.ts';

/** `npm run start:gateway`: the gateway alone, routing to subgraphs at <NAME>_URL. */
const config = loadConfig();
const gateway = await startGateway({
  port: config.gatewayPort,
  host: config.host,
  subgraphUrls: config.subgraphUrls,
  verifier: await createVerifier(config),
});
onShutdown(() => gateway.close());
console.log(`gateway at ${gateway.url} (subgraphs: ${Object.values(config.subgraphUrls).join(', ')})`);
