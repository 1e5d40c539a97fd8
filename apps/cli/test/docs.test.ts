import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@palisade/core';
import { generatedDocs } from '../src/docs.ts';
import { PRODUCT_VERSION } from '../src/version.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('generated reference docs', () => {
  it.each(Object.entries(generatedDocs()))('%s is up to date (run `npm run generate`)', (path, content) => {
    expect(readFileSync(root + path, 'utf8')).toBe(content);
  });

  it('lists exactly the error codes the code defines', () => {
    const doc = readFileSync(`${root}docs/error-codes.md`, 'utf8');
    const listed = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(Object.keys(ERROR_CODES));
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    expect(PRODUCT_VERSION).toBe(pkg.version);
  });
});
