import { sql } from 'drizzle-orm';
import { Database } from '../../subgraphs/kernel/db.ts';
import { consumeBatch } from '../../subgraphs/kernel/events/index.ts';

/**
 * A consumer process for the crash test: it applies the first event's effect, says so on stdout,
 * then waits inside the transaction until the test kills it.
 */
const url = process.argv[2]!;
const database = await Database.open({ url, poolSize: 2 });
await consumeBatch(database.drizzle('crash-child'), {
  consumer: 'crash-test',
  batchSize: 1,
  handlers: {
    'test.crash': async (tx, event) => {
      await tx.execute(sql`insert into public.event_effect (key, applied) values (${event.key}, 1)`);
      process.stdout.write('applied-uncommitted\n');
      await new Promise(() => {});
    },
  },
});
