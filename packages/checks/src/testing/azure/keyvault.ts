import type { AzureScopeSnapshot, KeyVault, KeyVaultDiagnosticSetting, KeyVaultKey, KeyVaultManagedHsm, KeyVaultSecret } from '@palisade/core/azure';
import { TEST_LOCATION, TEST_NOW, TEST_SUBSCRIPTION_ID, armId, ok, subscriptionSnapshot } from './scope.ts';

/** Seconds since the epoch (Key Vault's time format), `days` after the tests' clock (negative: before). */
export function keyVaultTimeIn(days: number): number {
  return Math.floor(TEST_NOW.getTime() / 1000) + days * 86_400;
}

/** `/subscriptions/<test>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>`. */
export function keyVaultId(name: string, group = 'rg-prod'): string {
  return armId('Microsoft.KeyVault/vaults', name, group);
}

/** A diagnostic setting sending the `audit` category group (AuditEvent) to a Log Analytics workspace. */
export function keyVaultDiagnosticSetting(overrides: Partial<KeyVaultDiagnosticSetting> = {}): KeyVaultDiagnosticSetting {
  return {
    id: `${keyVaultId('kv-prod')}/providers/microsoft.insights/diagnosticSettings/audit-to-law`,
    name: 'audit-to-law',
    workspaceId: `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-prod`,
    logs: [{ categoryGroup: 'audit', enabled: true }],
    ...overrides,
  };
}

/** An enabled key of vault `vault` that expires in 180 days and rotates itself every 90. */
export function keyVaultKey(vault: string, overrides: Partial<KeyVaultKey> & { name: string }): KeyVaultKey {
  return {
    id: `${keyVaultId(vault)}/keys/${overrides.name}`,
    attributes: { enabled: true, created: keyVaultTimeIn(-200), updated: keyVaultTimeIn(-20), exp: keyVaultTimeIn(180) },
    keyUri: `https://${vault}.vault.azure.net/keys/${overrides.name}`,
    rotationPolicy: ok({
      attributes: { expiryTime: 'P1Y' },
      lifetimeActions: [
        { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P90D' } },
        { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } },
      ],
    }),
    ...overrides,
  };
}

/** An enabled secret of vault `vault` that expires in 90 days. */
export function keyVaultSecret(vault: string, overrides: Partial<KeyVaultSecret> & { name: string }): KeyVaultSecret {
  return {
    id: `${keyVaultId(vault)}/secrets/${overrides.name}`,
    attributes: { enabled: true, created: keyVaultTimeIn(-100), updated: keyVaultTimeIn(-100), exp: keyVaultTimeIn(90) },
    contentType: 'text/plain',
    ...overrides,
  };
}

/** A vault configured the way every keyvault check wants it, with no keys or secrets unless given. */
export function keyVault(overrides: Partial<KeyVault> & { name: string }): KeyVault {
  const id = overrides.id ?? keyVaultId(overrides.name);
  return {
    id,
    location: TEST_LOCATION,
    sku: { family: 'A', name: 'standard' },
    vaultUri: `https://${overrides.name}.vault.azure.net/`,
    enableRbacAuthorization: true,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enablePurgeProtection: true,
    publicNetworkAccess: 'Disabled',
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    privateEndpointConnections: [
      {
        id: `${id}/privateEndpointConnections/pe-${overrides.name}`,
        privateEndpointId: `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-${overrides.name}`,
        status: 'Approved',
      },
    ],
    keys: ok([]),
    secrets: ok([]),
    diagnosticSettings: ok([keyVaultDiagnosticSetting()]),
    ...overrides,
  };
}

/** A managed HSM pool with soft delete and purge protection on. */
export function keyVaultManagedHsm(overrides: Partial<KeyVaultManagedHsm> & { name: string }): KeyVaultManagedHsm {
  return {
    id: armId('Microsoft.KeyVault/managedHSMs', overrides.name),
    location: TEST_LOCATION,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enablePurgeProtection: true,
    publicNetworkAccess: 'Disabled',
    ...overrides,
  };
}

/** A subscription scope whose keyvault service holds `vaults` (and `managedHsms`). */
export function keyVaultScope(vaults: readonly KeyVault[], managedHsms: readonly KeyVaultManagedHsm[] = []): AzureScopeSnapshot {
  return subscriptionSnapshot({ keyvault: { vaults: ok(vaults), managedHsms: ok(managedHsms) } });
}
