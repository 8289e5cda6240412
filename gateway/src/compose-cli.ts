import { writeFileSync } from 'node:fs';
import { composeSupergraph, readCommittedSupergraph, SUPERGRAPH_PATH } from './compose.ts';

/** `npm run compose` writes schema/supergraph.graphql; `npm run compose:check` fails when it is stale. */
const check = process.argv.includes('--check');
const composed = composeSupergraph();
if (check) {
  let committed = '';
  try {
    committed = readCommittedSupergraph();
  } catch {
    // A missing file is stale too.
  }
  if (committed !== composed) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date');
} else {
  writeFileSync(SUPERGRAPH_PATH, composed);
  console.log(`wrote ${SUPERGRAPH_PATH}`);
}
