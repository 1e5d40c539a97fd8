import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, keyVault, keyVaultId, keyVaultScope, keyVaultTimeIn, keyVaultSecret, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './keyvault-rbac-secrets-expiration-set.ts';

const VAULT = keyVaultId('kv-app');
const ID = `${VAULT}/secrets/app-secret`;
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const vault = (secrets: ReturnType<typeof keyVaultSecret>[]) => keyVault({ name: 'kv-app', enableRbacAuthorization: true, secrets: ok(secrets) });

describe(check.id, () => {
  it.each([
    ['expires in 90 days', { enabled: true, exp: keyVaultTimeIn(90) }, 'PASS'],
    ['already expired', { enabled: true, exp: keyVaultTimeIn(-10) }, 'PASS'],
    ['no expiration date', { enabled: true }, 'FAIL'],
    ['enabled unset, no expiration date', {}, 'FAIL'],
  ] as const)('%s → %s', (_name, attributes, expected) => {
    const results = runAzureCheck(check, keyVaultScope([vault([keyVaultSecret('kv-app', { name: 'app-secret', attributes })])]));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('does not evaluate disabled secrets', () => {
    const results = runAzureCheck(check, keyVaultScope([vault([keyVaultSecret('kv-app', { name: 'app-secret', attributes: { enabled: false } })])]));
    expect(results).toEqual([]);
  });

  it('gives the expiration date', () => {
    const [result] = runAzureCheck(check, keyVaultScope([vault([keyVaultSecret('kv-app', { name: 'app-secret', attributes: { enabled: true, exp: Date.UTC(2027, 0, 15) / 1000 } })])]));
    expect(result?.message).toContain('2027-01-15');
  });

  it('leaves vaults with the other permission model to the other check', () => {
    const other = keyVault({ name: 'kv-app', enableRbacAuthorization: false, secrets: ok([keyVaultSecret('kv-app', { name: 'app-secret', attributes: { enabled: true } })]) });
    expect(runAzureCheck(check, keyVaultScope([other]))).toEqual([]);
  });

  it('reports ERROR on the vault when its secrets could not be listed', () => {
    const denial = keyVault({ name: 'kv-app', enableRbacAuthorization: true, secrets: denied('Microsoft.KeyVault/vaults/secrets/read', VAULT) });
    expect(statuses(runAzureCheck(check, keyVaultScope([denial])))).toEqual([['ERROR', VAULT]]);
  });

  it('reports ERROR on the subscription when key vaults could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ keyvault: { vaults: denied('Microsoft.KeyVault/vaults/read'), managedHsms: ok([]) } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a vault without secrets, or a subscription without vaults', () => {
    expect(runAzureCheck(check, keyVaultScope([vault([])]))).toEqual([]);
    expect(runAzureCheck(check, keyVaultScope([]))).toEqual([]);
  });
});
