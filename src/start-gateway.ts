import { startGateway } from '../gateway/src/index.ts';
import { loadConfig } from '../subgraphs/kernel/config.ts';
import { defaultLogger } from '../subgraphs/kernel/logging.ts';
import { createPlatformSigner } from '../subgraphs/kernel/signing.ts';
import { createVerifier, onShutdown, servingSettings } from './stack.ts';

/** `npm run start:gateway`: the gateway alone, routing to subgraphs at <NAME>_URL. */
const config = loadConfig();
const gateway = await startGateway({
  ...servingSettings(config),
  port: config.gatewayPort,
  host: config.host,
  subgraphUrls: config.subgraphUrls,
  verifier: await createVerifier(config),
  signer: await createPlatformSigner(config),
});
onShutdown(() => gateway.close());
defaultLogger().info({ url: gateway.url, subgraphs: config.subgraphUrls }, 'gateway started');
