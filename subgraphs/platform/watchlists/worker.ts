import { watchWebhookSettings } from '../../kernel/config.ts';
import type { Drizzle } from '../../kernel/db.ts';
import type { BackgroundWorker, ServingOptions } from '../../kernel/subgraph-server.ts';
import type { Logger } from '../../kernel/logging.ts';
import { startWebhookDelivery } from './delivery.ts';
import { webhookSecretKey } from './secret-seal.ts';

/** Every platform process sends due webhook deliveries; the outbox's row locks share them out between replicas. */
export function watchlistWorkers(db: Drizzle, options: ServingOptions & { logger: Logger; idHashKey: string }): BackgroundWorker[] {
  const settings = { ...watchWebhookSettings(), ...options.watchWebhooks };
  return [startWebhookDelivery(db, settings, webhookSecretKey(options.idHashKey), options.logger.child({ component: 'watch-webhooks' }))];
}
