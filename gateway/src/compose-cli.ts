import { writeFileSync } from 'node:fs';
import {
  composeSupergraph,
  PUBLIC_SURFACE_PATH,
  publicSurface,
  readCommittedPublicSurface,
  readCommittedSupergraph,
  SUPERGRAPH_PATH,
} from './compose.ts';

/**
 * `npm run compose` writes schema/supergraph.graphql and schema/public-surface.txt;
 * `npm run compose:check` fails when either committed file is stale.
 */
const check = process.argv.includes('--check');
const supergraph = composeSupergraph();
const surface = publicSurface(supergraph);
const files = [
  { path: SUPERGRAPH_PATH, expected: supergraph, read: readCommittedSupergraph },
  { path: PUBLIC_SURFACE_PATH, expected: surface, read: readCommittedPublicSurface },
];
if (check) {
  let stale = false;
  for (const f of files) {
    let committed = '';
    try {
      committed = f.read();
    } catch {
      // A missing file is stale too.
    }
    if (committed !== f.expected) {
      console.error(`${f.path} is stale: run \`npm run compose\` and commit the result`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log('schema/supergraph.graphql and schema/public-surface.txt are up to date');
} else {
  for (const f of files) {
    writeFileSync(f.path, f.expected);
    console.log(`wrote ${f.path}`);
  }
}
