import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../subgraphs/kernel/config.ts';
import { Database } from '../subgraphs/kernel/db.ts';

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite on disk.
 * Apart from stack.ts so that commands needing only the database (ingest) do not load the gateway.
 */
export async function openDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl && config.pgliteDataDir !== 'memory://') {
    mkdirSync(dirname(config.pgliteDataDir), { recursive: true });
  }
  return Database.open({ url: config.databaseUrl, dataDir: config.pgliteDataDir, prepare: config.databasePrepare });
}
