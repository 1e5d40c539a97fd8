/**
 * Test estates made from the bundled demo snapshot: its two accounts repeated under new ids
 * (`first`, `first + 1`, …), written as a snapshot file; optionally cut off inside the line after
 * `truncateAfter` accounts, as an interrupted copy would be.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));

export function demoAccounts(directory: string, name: string, count: number, options: { readonly first?: number; readonly truncateAfter?: number } = {}): string {
  const [header, ...accounts] = gunzipSync(readFileSync(DEMO_SNAPSHOT)).toString('utf8').trim().split('\n');
  const first = options.first ?? 300000000000;
  const lines = [header!];
  for (let index = 0; index < count; index += 1) lines.push(accounts[index % accounts.length]!.replace(/(111111111111|222222222222)/g, String(first + index)));
  let data = gzipSync(`${lines.join('\n')}\n`);
  if (options.truncateAfter !== undefined) {
    // Cut inside the line after `truncateAfter` accounts: the gzip data ends early there.
    const before = gzipSync(`${lines.slice(0, options.truncateAfter + 1).join('\n')}\n`).length;
    data = data.subarray(0, Math.min(data.length - 1, before + 200));
  }
  const path = join(directory, name);
  writeFileSync(path, data);
  return path;
}
