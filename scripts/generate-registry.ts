/**
 * Writes packages/checks/src/registry.ts from the check files on disk, so nothing walks the
 * filesystem at run time. Run `npm run generate` after adding a check; a test fails on drift.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listCheckFiles, renderRegistry } from '../packages/checks/src/registry-source.ts';

const checksRoot = fileURLToPath(new URL('../packages/checks/src/', import.meta.url));
const files = listCheckFiles(checksRoot);
writeFileSync(`${checksRoot}registry.ts`, renderRegistry(files));
console.log(`registry: ${files.length} checks`);
