/**
 * `npm run audit:verify`: checks the query registration log's hash chain in the configured
 * database. Seals nothing and changes nothing. Exit 0 when intact, 1 otherwise (tampering, or the
 * check could not run). Prints seq numbers and hashes only, never an entry's content.
 */
import { loadConfig } from '../subgraphs/kernel/config.ts';
import { verifyChain } from '../subgraphs/kernel/query-log/index.ts';
import { errorSummary } from '../subgraphs/kernel/query-log/sql.ts';
import { openDatabase } from './stack.ts';

async function main(): Promise<number> {
  const database = await openDatabase(loadConfig());
  try {
    const started = Date.now();
    const report = await verifyChain(database.drizzle('audit'));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`query log: ${report.entries} entries, head seq ${report.headSeq ?? '-'}, head hash ${report.headHash ?? '-'} (${seconds} s)`);
    for (const p of report.problems) console.log(`${p.problem} seq ${p.seq}: ${p.detail}`);
    if (report.omittedProblems > 0) console.log(`… and ${report.omittedProblems} more problems`);
    console.log(report.ok ? 'INTACT' : `TAMPERED: ${report.problems.length + report.omittedProblems} problems`);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The code only: a driver message can quote row content.
    const { code, error: name } = errorSummary(error);
    console.error(`audit:verify could not check the chain (${name}${code ? `, code ${code}` : ''})`);
    process.exitCode = 1;
  },
);
