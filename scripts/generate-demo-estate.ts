/**
 * Writes examples/demo-aws.json.gz, the demo estate the README's first command scans.
 * Deterministic: running it again produces the same inventory.
 */
import { SnapshotWriter } from '@palisade/engine';
import { buildDemoEstate } from './demo/estate.ts';

const path = new URL('../examples/demo-aws.json.gz', import.meta.url).pathname;
const writer = await SnapshotWriter.open(path, 'palisade demo estate generator');
let resources = 0;
for (const account of buildDemoEstate()) {
  await writer.add(account);
  resources += JSON.stringify(account).match(/"arn":/g)?.length ?? 0;
}
await writer.commit();
console.log(`wrote ${path} (${resources} resources with ARNs)`);
