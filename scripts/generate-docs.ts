/** Writes the generated reference pages under docs/. A test fails when they are stale. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDocs } from '@palisade/cli/docs';

const root = fileURLToPath(new URL('../', import.meta.url));
for (const [path, content] of Object.entries(generatedDocs())) {
  mkdirSync(dirname(root + path), { recursive: true });
  writeFileSync(root + path, content);
  console.log(`wrote ${path}`);
}
