import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { seed } from '../../drizzle/seed/generate.ts';
import { ensureDevKeys } from '../../subgraphs/kernel/auth/dev-keys.ts';
import { Database } from '../../subgraphs/kernel/db.ts';
import { TEST_ID_HASH_KEY, TEST_SEED_SIZE } from './constants.ts';

/**
 * Builds one migrated and seeded database per test run, which every test file then copies:
 * on PGlite a data-directory image (STACK.md trap 9), on PostgreSQL (DATABASE_URL) a template
 * database. Everything made here is removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One signing key per run, like the development key `npm start` makes; never committed.
  const keysDir = mkdtempSync(join(tmpdir(), 'credit-test-keys-'));
  await ensureDevKeys(keysDir);
  project.provide('testKeysDir', keysDir);
  const removeKeys = () => rmSync(keysDir, { recursive: true, force: true });
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const prefix = `credit_test_${randomBytes(4).toString('hex')}`;
    const template = `${prefix}_template`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${template}"`);
    const database = await Database.open({ url: withDatabase(serverUrl, template), poolSize: 4 });
    await database.migrate();
    await seed(database.drizzle('seed'), { legalPersons: TEST_SEED_SIZE, idHashKey: TEST_ID_HASH_KEY });
    await database.close();
    project.provide('testDatabase', { kind: 'postgres', serverUrl, template, prefix });
    return async () => {
      const dbs = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + '%'}`;
      for (const { datname } of dbs) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      await admin.end();
      removeKeys();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'credit-test-'));
  const database = await Database.open({});
  await database.migrate();
  await seed(database.drizzle('seed'), { legalPersons: TEST_SEED_SIZE, idHashKey: TEST_ID_HASH_KEY });
  const image = join(dir, 'seeded.tar');
  writeFileSync(image, Buffer.from(await (await database.dumpImage()).arrayBuffer()));
  await database.close();
  project.provide('testDatabase', { kind: 'pglite', image });
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    removeKeys();
  };
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    testKeysDir: string;
    testDatabase:
      | { kind: 'pglite'; image: string }
      | { kind: 'postgres'; serverUrl: string; template: string; prefix: string };
  }
}
