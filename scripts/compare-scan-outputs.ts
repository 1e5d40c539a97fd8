/**
 * Compares two scans' output directories file by file, ignoring what differs from run to run: scan
 * ids (UUIDs), ISO times and OCSF epoch times. Used to show that a change keeps the outputs of the
 * demo estate identical:
 *
 *   PALISADE_FROM_SOURCE=1 node apps/cli/bin/palisade.js scan aws --from-snapshot examples/demo-aws.json.gz -o /tmp/before -F demo
 *   (change the code, run again with -o /tmp/after)
 *   npx tsx scripts/compare-scan-outputs.ts /tmp/before /tmp/after
 *
 * Exits 1 and names the first differing line of each file when the outputs differ.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
const OCSF_TIME = /"(time|created_time)":\d+/g;

export function normalizeOutput(text: string): string {
  return text.replace(UUID, '<uuid>').replace(ISO_TIME, '<time>').replace(OCSF_TIME, '"$1":<epoch>');
}

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path)];
    });
}

function read(path: string): string {
  const bytes = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

function firstDifference(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    if (a[index] !== b[index]) return `line ${index + 1}:\n  before: ${(a[index] ?? '<none>').slice(0, 400)}\n  after:  ${(b[index] ?? '<none>').slice(0, 400)}`;
  }
  return 'identical lines, different bytes';
}

function main(args: readonly string[]): number {
  const [before, after] = args;
  if (!before || !after) {
    console.error('usage: tsx scripts/compare-scan-outputs.ts <before-dir> <after-dir>');
    return 2;
  }
  const names = [...new Set([...filesUnder(before), ...filesUnder(after)])].sort();
  let differences = 0;
  for (const name of names) {
    let left: string;
    let right: string;
    try {
      left = normalizeOutput(read(join(before, name)));
      right = normalizeOutput(read(join(after, name)));
    } catch (error) {
      console.log(`${name}: only in one directory (${(error as Error).message})`);
      differences += 1;
      continue;
    }
    if (left === right) {
      console.log(`${name}: identical`);
    } else {
      console.log(`${name}: DIFFERENT at ${firstDifference(left, right)}`);
      differences += 1;
    }
  }
  console.log(differences ? `${differences} of ${names.length} file(s) differ` : `all ${names.length} file(s) identical apart from ids and times`);
  return differences ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
