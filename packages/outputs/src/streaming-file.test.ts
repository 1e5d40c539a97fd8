import { mkdtempSync, statSync } from 'node:fs';
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
