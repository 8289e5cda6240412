import DataLoader from 'dataloader';

/**
 * A per-request DataLoader over a "rows by keys" query: one statement per batch (up to 1,000
 * keys), answers in the order asked, null for keys with no row.
 */
export function keyedLoader<TKey, TRow>(
  fetch: (keys: readonly TKey[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => TKey,
): DataLoader<TKey, TRow | null> {
  return new DataLoader<TKey, TRow | null>(
    async (keys) => {
      const found = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
      return keys.map((k) => found.get(k) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/** Like keyedLoader, for one-to-many: every row of each key, an empty list for keys with none. */
export function groupedLoader<TKey, TRow>(
  fetch: (keys: readonly TKey[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => TKey,
): DataLoader<TKey, TRow[]> {
  return new DataLoader<TKey, TRow[]>(
    async (keys) => {
      const groups = new Map<TKey, TRow[]>();
      for (const row of await fetch(keys)) {
        const k = keyOf(row);
        const list = groups.get(k);
        if (list) list.push(row);
        else groups.set(k, [row]);
      }
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}
