import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, keyVault, keyVaultId, keyVaultKey, keyVaultScope, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './keyvault-key-rotation-enabled.ts';

const VAULT = keyVaultId('kv-app');
const ID = `${VAULT}/keys/app-key`;
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const scopeWith = (...keys: ReturnType<typeof keyVaultKey>[]) => keyVaultScope([keyVault({ name: 'kv-app', keys: ok(keys) })]);

describe(check.id, () => {
  it.each([
    ['rotates 90 days after creation', ok({ lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P90D' } }] }), 'PASS'],
    ['rotates 30 days before expiry (data-plane casing)', ok({ attributes: { expiryTime: 'P1Y' }, lifetimeActions: [{ action: { type: 'Rotate' }, trigger: { timeBeforeExpiry: 'P30D' } }] }), 'PASS'],
    ['notifies only', ok({ lifetimeActions: [{ action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } }] }), 'FAIL'],
    ['policy without actions', ok({ lifetimeActions: [] }), 'FAIL'],
    ['no rotation policy', ok(null), 'FAIL'],
    ['key read denied', denied('Microsoft.KeyVault/vaults/keys/read', `${VAULT}/keys/app-key`), 'ERROR'],
  ] as const)('%s → %s', (_name, rotationPolicy, expected) => {
    expect(statuses(runAzureCheck(check, scopeWith(keyVaultKey('kv-app', { name: 'app-key', rotationPolicy }))))).toEqual([[expected, ID]]);
  });

  it('says when the key rotates', () => {
    const [result] = runAzureCheck(check, scopeWith(keyVaultKey('kv-app', { name: 'app-key' })));
    expect(result?.message).toContain('P90D after creation');
  });

  it('does not evaluate disabled keys', () => {
    expect(runAzureCheck(check, scopeWith(keyVaultKey('kv-app', { name: 'app-key', attributes: { enabled: false }, rotationPolicy: ok(null) })))).toEqual([]);
  });

  it('reports one result per enabled key', () => {
    const results = runAzureCheck(check, scopeWith(keyVaultKey('kv-app', { name: 'app-key' }), keyVaultKey('kv-app', { name: 'legacy-key', rotationPolicy: ok(null) })));
    expect(statuses(results)).toEqual([
      ['PASS', ID],
      ['FAIL', `${VAULT}/keys/legacy-key`],
    ]);
  });

  it('reports ERROR on the vault when its keys could not be listed', () => {
    const results = runAzureCheck(check, keyVaultScope([keyVault({ name: 'kv-app', keys: denied('Microsoft.KeyVault/vaults/keys/read', VAULT) })]));
    expect(statuses(results)).toEqual([['ERROR', VAULT]]);
  });

  it('reports ERROR on the subscription when key vaults could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ keyvault: { vaults: denied('Microsoft.KeyVault/vaults/read'), managedHsms: ok([]) } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a vault without keys, or a subscription without vaults', () => {
    expect(runAzureCheck(check, scopeWith())).toEqual([]);
    expect(runAzureCheck(check, keyVaultScope([]))).toEqual([]);
  });
});
