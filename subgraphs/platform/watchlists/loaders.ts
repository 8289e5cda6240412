import DataLoader from 'dataloader';
import { agenciesByUscc } from '../../kernel/access/agencies.ts';
import { subjectsWithLiveConsent } from '../../kernel/access/consents.ts';
import type { Drizzle } from '../../kernel/db.ts';
import { keyedLoader } from '../../kernel/keyed-loader.ts';
import { deliveriesOfAlerts } from './store.ts';

/** Per-request loaders of watchlists, spread into platform's loaders. */
export function createWatchLoaders(db: Drizzle) {
  const consent = new Map<string, DataLoader<{ subjectId: string; purpose: string }, boolean, string>>();
  return {
    watchDelivery: keyedLoader((alertIds: readonly number[]) => deliveriesOfAlerts(db, alertIds), (r) => r.alertId),
    /**
     * Whether a subject's consent to `agencyUscc` for a purpose is live and the agency is still
     * active and allowed the purpose (the rule alerts are made by): one statement per purpose
     * met in the request, and one for the agency.
     */
    watchConsent: (agencyUscc: string) => {
      let loader = consent.get(agencyUscc);
      if (!loader) {
        loader = new DataLoader(
          async (keys) => {
            const [agency] = await agenciesByUscc(db, [agencyUscc]);
            const live = new Map<string, Set<string>>();
            for (const purpose of new Set(keys.map((k) => k.purpose))) {
              const usable = agency?.status === 'ACTIVE' && agency.allowedPurposes.includes(purpose);
              live.set(purpose, usable ? await subjectsWithLiveConsent(db, [...new Set(keys.filter((k) => k.purpose === purpose).map((k) => k.subjectId))], agencyUscc, purpose) : new Set());
            }
            return keys.map((k) => live.get(k.purpose)!.has(k.subjectId));
          },
          { cacheKeyFn: (k) => `${k.purpose}\u0000${k.subjectId}`, maxBatchSize: 1000 },
        );
        consent.set(agencyUscc, loader);
      }
      return loader;
    },
  };
}
