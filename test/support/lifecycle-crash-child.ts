import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { SubgraphName } from '../../subgraphs/kernel/config.ts';
import { Database } from '../../subgraphs/kernel/db.ts';
import { consumeBatch } from '../../subgraphs/kernel/events/index.ts';

/**
 * A subgraph's event consumer for the lifecycle crash test: it applies the real handler of the
 * next event, says so on stdout, then waits inside the transaction until the test kills it.
 */
const [url, consumer] = process.argv.slice(2) as [string, SubgraphName];
const database = await Database.open({ url, poolSize: 2 });
const real = SUBGRAPHS[consumer].eventHandlers!;
await consumeBatch(database.drizzle('lifecycle-crash-child'), {
  consumer,
  batchSize: 1,
  handlers: Object.fromEntries(
    Object.entries(real).map(([topic, handler]) => [
      topic,
      async (tx, event) => {
        await handler(tx, event);
        process.stdout.write('applied-uncommitted\n');
        await new Promise(() => {});
      },
    ]),
  ),
});
