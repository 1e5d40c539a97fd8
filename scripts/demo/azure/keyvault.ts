/**
 * Demo key vaults: production runs RBAC vaults with purge protection, private endpoints, audit
 * logs and rotating keys (one signing key still only notifies, one vault has no private endpoint);
 * development keeps access-policy vaults open to the internet, with secrets that never expire and
 * no audit trail.
 */
import type { Fetched } from '@palisade/core';
import type { KeyVault, KeyVaultData, KeyVaultDiagnosticSetting, KeyVaultKey, KeyVaultKeyRotationPolicy, KeyVaultManagedHsm, KeyVaultSecret } from '@palisade/core/azure';
import { DEMO_COLLECTED_AT } from '../estate.ts';
import type { DemoSubscription } from './types.ts';

const NOW_SECONDS = Math.floor(new Date(DEMO_COLLECTED_AT).getTime() / 1000);
/** Key Vault times are seconds since the epoch; `days` from the demo's collection time (negative: before). */
const inDays = (days: number): number => NOW_SECONDS + days * 86_400;
const ok = <T>(value: T): Fetched<T> => ({ value });

const ROTATE_QUARTERLY: KeyVaultKeyRotationPolicy = {
  attributes: { expiryTime: 'P1Y' },
  lifetimeActions: [
    { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P90D' } },
    { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } },
  ],
};
const NOTIFY_ONLY: KeyVaultKeyRotationPolicy = { attributes: { expiryTime: 'P2Y' }, lifetimeActions: [{ action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } }] };

export function demoKeyVault(subscription: DemoSubscription): KeyVaultData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  // Vault names are global: a suffix from the subscription keeps the two estates apart.
  const suffix = subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase();
  const vaultId = (group: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${name}`;
  const workspace = `/subscriptions/${subscriptionId}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-${index === 0 ? 'prod' : 'dev'}`;
  const key = (vault: string, vaultName: string, name: string, attributes: KeyVaultKey['attributes'], rotationPolicy: KeyVaultKeyRotationPolicy | null): KeyVaultKey => ({
    id: `${vault}/keys/${name}`,
    name,
    attributes: { created: inDays(-300), updated: inDays(-30), ...attributes },
    keyUri: `https://${vaultName}.vault.azure.net/keys/${name}`,
    rotationPolicy: ok(rotationPolicy),
  });
  const secret = (vault: string, name: string, attributes: KeyVaultSecret['attributes'], contentType?: string): KeyVaultSecret => ({
    id: `${vault}/secrets/${name}`,
    name,
    attributes: { created: inDays(-200), updated: inDays(-60), ...attributes },
    ...(contentType ? { contentType } : {}),
  });
  const diagnostics = (vault: string, name: string, logs: KeyVaultDiagnosticSetting['logs']): KeyVaultDiagnosticSetting => ({
    id: `${vault}/providers/microsoft.insights/diagnosticSettings/${name}`,
    name,
    workspaceId: workspace,
    logs,
  });

  if (index === 0) {
    const appName = `kv-prod-app-${suffix}`;
    const app = vaultId('rg-prod-security', appName);
    const certsName = `kv-prod-certs-${suffix}`;
    const certs = vaultId('rg-prod-edge', certsName);
    const vaults: KeyVault[] = [
      {
        id: app,
        name: appName,
        location: primary,
        tags: { env: 'prod', owner: 'platform' },
        sku: { family: 'A', name: 'premium' },
        vaultUri: `https://${appName}.vault.azure.net/`,
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        publicNetworkAccess: 'Disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
        privateEndpointConnections: [
          { id: `${app}/privateEndpointConnections/pe-${appName}`, privateEndpointId: `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-${appName}`, status: 'Approved' },
        ],
        keys: ok([
          key(app, appName, 'storage-cmk', { enabled: true, exp: inDays(280) }, ROTATE_QUARTERLY),
          key(app, appName, 'sql-tde', { enabled: true, exp: inDays(190) }, ROTATE_QUARTERLY),
          key(app, appName, 'token-signing', { enabled: true, exp: inDays(500) }, NOTIFY_ONLY),
          key(app, appName, 'storage-cmk-2024', { enabled: false, exp: inDays(-20) }, null),
        ]),
        secrets: ok([
          secret(app, 'orders-db-password', { enabled: true, exp: inDays(75) }, 'text/plain'),
          secret(app, 'payments-api-key', { enabled: true, exp: inDays(150) }),
          secret(app, 'servicebus-connection', { enabled: true, exp: inDays(30) }, 'text/plain'),
        ]),
        diagnosticSettings: ok([diagnostics(app, 'audit-to-law', [{ categoryGroup: 'audit', enabled: true }])]),
      },
      {
        // Front-door certificates: firewall-restricted rather than private, as the CDN fetches them.
        id: certs,
        name: certsName,
        location: secondary,
        tags: { env: 'prod', owner: 'edge' },
        sku: { family: 'A', name: 'standard' },
        vaultUri: `https://${certsName}.vault.azure.net/`,
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        publicNetworkAccess: 'Enabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [{ value: '203.0.113.0/27' }], virtualNetworkRules: [] },
        privateEndpointConnections: [],
        keys: ok([key(certs, certsName, 'www-contoso-com', { enabled: true, exp: inDays(120) }, ROTATE_QUARTERLY)]),
        secrets: ok([secret(certs, 'www-contoso-com', { enabled: true, nbf: inDays(-245), exp: inDays(120) }, 'application/x-pkcs12')]),
        diagnosticSettings: ok([diagnostics(certs, 'all-to-law', [{ categoryGroup: 'allLogs', enabled: true }])]),
      },
    ];
    const managedHsms: KeyVaultManagedHsm[] = [
      {
        id: `/subscriptions/${subscriptionId}/resourceGroups/rg-prod-security/providers/Microsoft.KeyVault/managedHSMs/hsm-prod-payments-${suffix}`,
        name: `hsm-prod-payments-${suffix}`,
        location: primary,
        tags: { env: 'prod', owner: 'payments' },
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        publicNetworkAccess: 'Disabled',
      },
    ];
    return { vaults: ok(vaults), managedHsms: ok(managedHsms) };
  }

  const sharedName = `kv-dev-shared-${suffix}`;
  const shared = vaultId('rg-dev', sharedName);
  const legacyName = `kv-dev-legacy-${suffix}`;
  const legacy = vaultId('rg-dev-legacy', legacyName);
  const vaults: KeyVault[] = [
    {
      id: shared,
      name: sharedName,
      location: primary,
      tags: { env: 'dev' },
      sku: { family: 'A', name: 'standard' },
      vaultUri: `https://${sharedName}.vault.azure.net/`,
      enableRbacAuthorization: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 7,
      publicNetworkAccess: 'Enabled',
      privateEndpointConnections: [],
      keys: ok([key(shared, sharedName, 'dev-encryption', { enabled: true }, null), key(shared, sharedName, 'jwt-signing', { enabled: true, exp: inDays(40) }, null)]),
      secrets: ok([
        secret(shared, 'sql-admin-password', { enabled: true }, 'text/plain'),
        secret(shared, 'storage-account-key', { enabled: true }),
        secret(shared, 'github-pat', { enabled: true, exp: inDays(-15) }),
        secret(shared, 'old-smtp-password', { enabled: false }),
      ]),
      diagnosticSettings: ok([]),
    },
    {
      // A vault from the access-policy era that predates default soft delete.
      id: legacy,
      name: legacyName,
      location: secondary,
      tags: { env: 'dev', owner: 'unknown' },
      sku: { family: 'A', name: 'standard' },
      vaultUri: `https://${legacyName}.vault.azure.net/`,
      publicNetworkAccess: 'Enabled',
      networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      privateEndpointConnections: [],
      keys: ok([key(legacy, legacyName, 'backup-wrap', { enabled: true, exp: inDays(700) }, NOTIFY_ONLY)]),
      secrets: ok([secret(legacy, 'ftp-password', { enabled: true })]),
      diagnosticSettings: ok([diagnostics(legacy, 'metrics-only', [{ category: 'AzurePolicyEvaluationDetails', enabled: true }])]),
    },
  ];
  return { vaults: ok(vaults), managedHsms: ok([]) };
}
