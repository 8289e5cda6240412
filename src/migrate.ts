import { loadConfig } from '../subgraphs/kernel/config.ts';
import { prepareDatabase } from './prepare.ts';
import { openDatabase } from './stack.ts';

/** `npm run db:migrate`: applies migrations and seeds the demo set when the registry is empty (SEED_SIZE=0: never). */
const config = loadConfig();
const database = await openDatabase(config);
await prepareDatabase(database, config);
await database.close();
console.log('database ready');
