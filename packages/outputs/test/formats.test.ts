import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTPUT_FILE_SUFFIXES, OUTPUT_FORMATS, createFindingWriter, isOutputFormat } from '../src/index.ts';
import { SCAN, realisticFindings } from './fixtures.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('createFindingWriter', () => {
  it('creates the writer of each format', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'palisade-formats-'));
    directories.push(directory);
    const findings = realisticFindings();
    const contents: Record<string, string> = {};
    for (const format of OUTPUT_FORMATS) {
      const path = join(directory, `scan${OUTPUT_FILE_SUFFIXES[format]}`);
      const writer = await createFindingWriter(format, path, SCAN);
      expect([writer.format, writer.path]).toEqual([format, path]);
      await writer.write(findings);
      await writer.close();
      contents[format] = await readFile(path, 'utf8');
    }
    expect((JSON.parse(contents['json-ocsf']!) as { status_code: string }[]).map((event) => event.status_code)).toEqual(['PASS', 'FAIL', 'FAIL', 'FAIL', 'MANUAL', 'ERROR']);
    expect(contents.csv!.split('\r\n').filter(Boolean)).toHaveLength(findings.length + 1);
    expect(contents.html).toContain(findings[1]!.resource.uid);
    expect((JSON.parse(contents.sarif!) as { runs: { results: unknown[] }[] }).runs[0]!.results).toHaveLength(4);
    expect((JSON.parse(contents.asff!) as { Compliance: { Status: string } }[]).map((item) => item.Compliance.Status)).toEqual(['PASSED', 'FAILED', 'FAILED', 'FAILED', 'WARNING', 'NOT_AVAILABLE']);
  });

  it('recognizes only the known format names', () => {
    expect(['json-ocsf', 'csv', 'html', 'sarif', 'asff', 'json', 'ocsf', 'SARIF'].filter(isOutputFormat)).toEqual(['json-ocsf', 'csv', 'html', 'sarif', 'asff']);
  });
});
