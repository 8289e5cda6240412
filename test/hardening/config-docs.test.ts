import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'generated' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every environment variable the code reads: the config module's settings and any direct reads. */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  const config = read('subgraphs/kernel/config.ts');
  for (const m of config.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|(?:int|flag|positive)\(env, '([A-Z][A-Z0-9_]+)'/g)) names.add(m[1] ?? m[2]!);
  for (const m of config.matchAll(/`\$\{n\.toUpperCase\(\)\}(_[A-Z]+)`/g)) for (const n of SUBGRAPH_NAMES) names.add(`${n.toUpperCase()}${m[1]}`);
  for (const file of [...sources('src'), ...sources('subgraphs'), ...sources('gateway')]) {
    for (const m of read(file).matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
  }
  return names;
}

describe('configuration documentation', () => {
  const names = variablesRead();
  const docs = read('docs/configuration.md');
  const readme = read('README.md');
  const readmeConfig = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));

  it('finds the settings it checks', () => {
    for (const name of ['DATABASE_URL', 'MAX_QUERY_COST', 'RATE_LIMIT_PER_MINUTE', 'REDIS_URL', 'LOG_LEVEL', 'JUDICIAL_PORT']) expect(names).toContain(name);
  });

  it('documents every variable the code reads in docs/configuration.md', () => {
    expect([...names].filter((n) => !docs.includes(`\`${n}\``))).toEqual([]);
  });

  it('lists every variable in the README configuration table (subgraph ports and URLs as a group)', () => {
    const subgraphUrls = new Set(SUBGRAPH_NAMES.map((n) => `${n.toUpperCase()}_URL`));
    const missing = [...names].filter((n) => n !== 'VITEST' && !subgraphUrls.has(n) && !readmeConfig.includes(`\`${n}\``));
    expect(missing).toEqual([]);
    expect(readmeConfig).toContain('`PLATFORM_PORT`');
    expect(readmeConfig).toContain('`PLATFORM_URL`');
  });

  it('states the defaults the code has', () => {
    const c = loadConfig({});
    const row = (name: string) => docs.split('\n').find((l) => l.startsWith(`| \`${name}\``)) ?? '';
    expect(row('MAX_QUERY_DEPTH')).toContain(`\`${c.limits.depth}\``);
    expect(row('MAX_QUERY_ALIASES')).toContain(`\`${c.limits.aliases}\``);
    expect(row('MAX_QUERY_ROOT_FIELDS')).toContain(`\`${c.limits.rootFields}\``);
    expect(row('MAX_QUERY_TOKENS')).toContain(`\`${c.limits.tokens}\``);
    expect(row('MAX_QUERY_COST')).toContain(`\`${c.limits.cost}\``);
    expect(row('RATE_LIMIT_PER_MINUTE')).toContain(`\`${c.rateLimit.perMinute}\``);
    expect(row('RATE_LIMIT_BURST')).toContain(`\`${c.rateLimit.burst}\``);
    expect(row('MAX_BODY_BYTES')).toContain(`\`${c.maxBodyBytes}\``);
    expect(row('SHUTDOWN_DRAIN_MS')).toContain(`\`${c.drainTimeoutMs}\``);
    expect(row('SUBGRAPH_TIMEOUT_MS')).toContain(`\`${c.subgraphTimeoutMs}\``);
    expect(row('TRUST_PROXY_HOPS')).toContain(`\`${c.trustProxyHops}\``);
  });

  it('refuses malformed values at start-up, naming the variable', () => {
    expect(() => loadConfig({ MAX_QUERY_DEPTH: 'deep' })).toThrow(/MAX_QUERY_DEPTH/);
    expect(() => loadConfig({ INTROSPECTION: 'maybe' })).toThrow(/INTROSPECTION/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(loadConfig({ NODE_ENV: 'production', ID_HASH_KEY: 'k' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ID_HASH_KEY: 'k', INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '60' }).rateLimit).toEqual({ perMinute: 60, burst: 12 });
  });
});
