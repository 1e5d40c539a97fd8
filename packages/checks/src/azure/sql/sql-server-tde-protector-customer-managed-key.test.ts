import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-tde-protector-customer-managed-key.ts';

const SERVER = sqlServerId('sql-prod');

describe(check.id, () => {
  it.each([
    ['Key Vault key', ok({ serverKeyType: 'AzureKeyVault' as const, uri: 'https://kv-data.vault.azure.net/keys/tde/0123' }), 'PASS'],
    ['service-managed key', ok({ serverKeyType: 'ServiceManaged' as const, serverKeyName: 'ServiceManaged' }), 'FAIL'],
    ['no protector answered', ok(null), 'FAIL'],
    ['denied', denied('Microsoft.Sql/servers/encryptionProtector/read', SERVER), 'ERROR'],
  ] as const)('%s → %s', (_name, encryptionProtector, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', encryptionProtector })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
