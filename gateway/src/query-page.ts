import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../subgraphs/kernel/http.ts';

const require = createRequire(import.meta.url);

/** A file inside an installed package (their `exports` maps do not list the UMD builds). */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * GraphiQL served from the installed packages, so the query page works with no internet
 * (Apollo's default landing page loads Sandbox from a CDN).
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/graphiql/graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  '/graphiql/graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  '/graphiql/react.production.min.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  '/graphiql/react-dom.production.min.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
};

export const EXAMPLE_QUERY = `# 统一社会信用代码 → the subject with its records from all four domains
query Profile($uscc: String!) {
  legalPerson(uscc: $uscc) {
    uscc name kind region { name } industry { name } status legalRepresentative
    administrativePenalties(first: 5) { totalCount edges { node { documentNumber decisionDate penaltyContent fineAmount authority { name } } } }
    administrativeLicences(first: 5) { totalCount edges { node { documentName licenceCategory decisionDate } } }
    publishedTaxCreditRatings(first: 3) { edges { node { year grade } } }
    wageArrearsRecords(first: 3) { edges { node { amountOwed settlementStatus } } }
    dishonestDebtorRecords(first: 3) { edges { node { caseNumber courtName listingStatus } } }
  }
}`;

function page(exampleUscc: string | undefined): string {
  const variables = exampleUscc ? JSON.stringify({ uscc: exampleUscc }, null, 2) : '{}';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>公共信用信息平台 GraphQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html,body,#graphiql{height:100%;margin:0}</style></head>
<body><div id="graphiql">Loading…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script>
const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
  fetcher,
  defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)},
  variables: ${JSON.stringify(variables)},
  defaultEditorToolsVisibility: true,
}));
</script></body></html>`;
}

export function queryPageRoute(exampleUscc?: string): Route {
  const html = page(exampleUscc);
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET') return false;
    if (url.pathname === '/' || (url.pathname === '/graphql' && (req.headers.accept ?? '').includes('text/html'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return true;
    }
    const asset = ASSETS[url.pathname];
    if (!asset) return false;
    res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=86400' });
    createReadStream(asset.file).pipe(res);
    return true;
  };
}
