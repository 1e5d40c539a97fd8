/**
 * Writes examples/demo-azure.json.gz, the Azure demo estate (`palisade scan azure --from-snapshot
 * examples/demo-azure.json.gz`): a tenant and two subscriptions assembled from the service families'
 * demo data (scripts/demo/azure-estate.ts), written with the Azure snapshot writer and read back
 * through its validation. Deterministic: running it again produces the same inventory.
 */
import { AZURE_PROVIDER } from '@palisade/engine';
import { buildDemoAzureEstate } from './demo/azure-estate.ts';

const path = new URL('../examples/demo-azure.json.gz', import.meta.url).pathname;
const writer = await AZURE_PROVIDER.openSnapshotWriter(path, 'palisade demo estate generator');
let resources = 0;
for (const scope of buildDemoAzureEstate()) {
  await writer.add(scope);
  resources += JSON.stringify(scope).match(/"id":"\/subscriptions\//g)?.length ?? 0;
}
await writer.commit();
// Read back through the validation every scan applies: a family whose data breaks the format fails here, naming the field.
let scopes = 0;
for await (const _scope of AZURE_PROVIDER.readSnapshot(path)) scopes += 1;
console.log(`wrote ${path} (${scopes} scopes, ${resources} ARM resources)`);
