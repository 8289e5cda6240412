import { loadConfig, watchWebhookSettings } from '../../kernel/config.ts';
import { peersFor } from '../../kernel/peers.ts';
import type { Drizzle } from '../../kernel/db.ts';
import type { BackgroundWorker, ServingOptions } from '../../kernel/subgraph-server.ts';
import type { Logger } from '../../kernel/logging.ts';
import { startWebhookDelivery } from './delivery.ts';
import { startListingSweep } from './listing-expiry.ts';
import { webhookSecretKey } from './secret-seal.ts';

/**
 * Every platform process sends due webhook deliveries (the outbox's row locks share them out
 * between replicas) and sweeps for listings that ended with their period (its alerts are unique,
 * so replicas sweeping together add nothing twice).
 */
export function watchlistWorkers(db: Drizzle, options: ServingOptions & { logger: Logger; idHashKey: string }): BackgroundWorker[] {
  const settings = { ...watchWebhookSettings(), ...options.watchWebhooks };
  const sweepLogger = options.logger.child({ component: 'watch-listing-sweep' });
  // The sweep reads listings as anyone may (they are published): no caller's token to forward.
  const peers = peersFor(options.peers ?? {}, { authorization: null, purpose: null, requestId: 'watch-listing-sweep' }, {
    timeoutMs: options.subgraphTimeoutMs ?? loadConfig().subgraphTimeoutMs,
    logger: sweepLogger,
  });
  return [
    startWebhookDelivery(db, settings, webhookSecretKey(options.idHashKey), options.logger.child({ component: 'watch-webhooks' })),
    startListingSweep(db, peers, settings, sweepLogger),
  ];
}
