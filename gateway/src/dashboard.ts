import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../subgraphs/kernel/http.ts';

const require = createRequire(import.meta.url);

/** The page's own files: plain ES modules and CSS, served as they are (no build step). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

/**
 * Only scripts and styles from this origin, data only from /graphql on it; no inline script or
 * style, no frames, no forms posting elsewhere. `img-src data:` is for ECharts' "save as image".
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function echartsFile(): string {
  // The self-contained ES module build; the package's `exports` map does not list dist files.
  return join(dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.esm.min.mjs');
}

/** A fixed map from URL to file, so no request path ever reaches the file system. */
function assets(): Record<string, { file: string; type: string; immutable?: boolean }> {
  const own = (name: string, type: string) => ({ file: join(DASHBOARD_DIR, name), type });
  return {
    '/dashboard': own('index.html', 'text/html'),
    '/dashboard/dashboard.css': own('dashboard.css', 'text/css'),
    '/dashboard/main.js': own('main.js', 'text/javascript'),
    '/dashboard/api.js': own('api.js', 'text/javascript'),
    '/dashboard/panels.js': own('panels.js', 'text/javascript'),
    '/dashboard/period.js': own('period.js', 'text/javascript'),
    '/dashboard/vendor/echarts.esm.min.mjs': { file: echartsFile(), type: 'text/javascript', immutable: true },
  };
}

/**
 * The internal statistics dashboard (issue 7): a static page whose script asks /graphql with the
 * internal token the user pastes in. The page itself holds no data, so it is served in
 * production too; the API decides what a token may see.
 */
export function dashboardRoute(): Route {
  const files = assets();
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === '/dashboard/') {
      res.writeHead(308, { location: '/dashboard' });
      res.end();
      return true;
    }
    const asset = files[url.pathname];
    if (!asset) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return true;
    }
    res.writeHead(200, {
      'content-type': `${asset.type}; charset=utf-8`,
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      // The library is pinned by package-lock; the page's own files change with the code.
      'cache-control': asset.immutable ? 'public, max-age=86400' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    const stream = createReadStream(asset.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return true;
  };
}
