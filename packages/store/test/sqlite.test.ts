import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.ts';
import { describeStoreConformance } from './conformance.ts';

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function dataDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'palisade-store-'));
  directories.push(directory);
  return directory;
}

describeStoreConformance('SQLite in memory', async () => {
  const store = createSqliteStore({ dataDir: ':memory:' });
  return { store, dispose: () => store.close() };
});

describeStoreConformance('SQLite file', async () => {
  const directory = dataDir();
  const store = createSqliteStore({ dataDir: directory });
  return { store, openAnother: async () => createSqliteStore({ dataDir: directory }), dispose: () => store.close() };
});

describe('SQLite store file', () => {
  it('keeps its data in <dataDir>/palisade.db, in WAL mode, across reopening', async () => {
    const directory = join(dataDir(), 'nested', 'dir');
    const store = createSqliteStore({ dataDir: directory });
    await store.migrate();
    const tenant = await store.system.createTenant({ name: 'kept' });
    await store.close();

    expect(existsSync(join(directory, 'palisade.db'))).toBe(true);
    const raw = new BetterSqlite3(join(directory, 'palisade.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const reopened = createSqliteStore({ dataDir: directory });
    await reopened.migrate();
    expect(await reopened.forTenant(tenant.id).getTenant()).toEqual(tenant);
    expect(reopened.dialect).toBe('sqlite');
    await reopened.close();
  });
});
