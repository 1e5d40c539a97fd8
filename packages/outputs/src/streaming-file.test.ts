import { mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCsvWriter } from './csv.ts';
import { createDirectory } from './streaming-file.ts';

describe('createDirectory', () => {
  it('creates missing parents and accepts a directory that exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'palisade-dir-'));
    const nested = join(root, 'a', 'b', 'c');
    await createDirectory(nested);
    await createDirectory(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
  });

  it('refuses a path that exists and is not a directory, or lies under a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'palisade-dir-'));
    const file = join(root, 'report.json');
    writeFileSync(file, '{}');
    await expect(createDirectory(file)).rejects.toMatchObject({ code: 'ENOTDIR', path: file, message: `ENOTDIR: ${file} exists and is not a directory` });
    await expect(createDirectory(join(file, 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    // A link to a directory is a directory.
    const target = join(root, 'real');
    await createDirectory(target);
    symlinkSync(target, join(root, 'link'));
    await expect(createDirectory(join(root, 'link'))).resolves.toBeUndefined();
  });

  it('fails at once where the parent exists but refuses children (/proc), instead of retrying forever', async () => {
    const started = Date.now();
    await expect(createDirectory('/proc/palisade-no-such/out')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('makes a writer under such a path an OUTPUT error naming the file', async () => {
    await expect(createCsvWriter('/proc/palisade-no-such/scan.csv', { scanId: 's', startedAt: '2026-01-01T00:00:00Z', productVersion: 't' })).rejects.toMatchObject({
      code: 'OUTPUT',
      message: expect.stringMatching(/^Output file \/proc\/palisade-no-such\/scan\.csv cannot be created: ENOENT/),
    });
  });
});
