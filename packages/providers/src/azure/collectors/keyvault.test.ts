import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, TEST_TENANT_ID, armError, fakeAzure, page } from '../testing.ts';
import { keyvaultCollector } from './keyvault.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const VAULTS = `${SUB}/providers/Microsoft.KeyVault/vaults`;
const HSMS = `${SUB}/providers/Microsoft.KeyVault/managedHSMs`;
const PROD = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-prod-app`;
const LEGACY = `${SUB}/resourceGroups/rg-legacy/providers/Microsoft.KeyVault/vaults/kv-legacy-tools`;
const WORKSPACE = `${SUB}/resourcegroups/rg-monitor/providers/microsoft.operationalinsights/workspaces/law-prod`;

const denied = (action: string, scope: string) =>
  armError(
    403,
    'AuthorizationFailed',
    `The client 'scanner@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );

// Shaped like Vaults - List By Subscription (2023-07-01).
const prodVault = {
  id: PROD,
  name: 'kv-prod-app',
  type: 'Microsoft.KeyVault/vaults',
  location: 'eastus',
  tags: { env: 'prod' },
  systemData: { createdBy: 'platform@contoso.com', createdByType: 'User', createdAt: '2025-01-10T12:00:00.0000000Z', lastModifiedBy: 'platform@contoso.com', lastModifiedByType: 'User', lastModifiedAt: '2026-03-01T08:00:00.0000000Z' },
  properties: {
    sku: { family: 'A', name: 'premium' },
    tenantId: TEST_TENANT_ID,
    networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [{ value: '203.0.113.10/32' }], virtualNetworkRules: [] },
    privateEndpointConnections: [
      {
        id: `${PROD}/privateEndpointConnections/pe-kv-prod-app.0b3c5e7f`,
        etag: '"0f00d1c3-0000-0100-0000-65a1b2c30000"',
        properties: {
          provisioningState: 'Succeeded',
          privateEndpoint: { id: `${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-kv-prod-app` },
          privateLinkServiceConnectionState: { status: 'Approved', actionsRequired: 'None' },
        },
      },
    ],
    accessPolicies: [],
    enabledForDeployment: false,
    enabledForDiskEncryption: false,
    enabledForTemplateDeployment: false,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enableRbacAuthorization: true,
    enablePurgeProtection: true,
    vaultUri: 'https://kv-prod-app.vault.azure.net/',
    provisioningState: 'Succeeded',
    publicNetworkAccess: 'Disabled',
  },
};

// A vault from the access-policy era: ARM leaves out the flags it never had set.
const legacyVault = {
  id: LEGACY,
  name: 'kv-legacy-tools',
  type: 'Microsoft.KeyVault/vaults',
  location: 'westeurope',
  tags: {},
  properties: {
    sku: { family: 'A', name: 'standard' },
    tenantId: TEST_TENANT_ID,
    accessPolicies: [{ tenantId: TEST_TENANT_ID, objectId: '22222222-3333-4444-5555-666666666666', permissions: { keys: ['get', 'list'], secrets: ['get', 'list', 'set'], certificates: [] } }],
    enableSoftDelete: true,
    vaultUri: 'https://kv-legacy-tools.vault.azure.net/',
    provisioningState: 'Succeeded',
    publicNetworkAccess: 'Enabled',
  },
};

// Keys - List: attributes and URI only; the key's own read adds the rest.
const keyListItem = (vault: string, vaultName: string, name: string, attributes: Record<string, unknown>) => ({
  id: `${vault}/keys/${name}`,
  name,
  type: 'Microsoft.KeyVault/vaults/keys',
  location: 'eastus',
  properties: { attributes: { enabled: true, created: 1736510400, updated: 1736510400, recoveryLevel: 'Recoverable', exportable: false, ...attributes }, keyUri: `https://${vaultName}.vault.azure.net/keys/${name}` },
});

// Keys - Get: with the rotation policy ARM includes when the key has one.
const cmkKey = {
  ...keyListItem(PROD, 'kv-prod-app', 'storage-cmk', { exp: 1799582400 }),
  properties: {
    ...keyListItem(PROD, 'kv-prod-app', 'storage-cmk', { exp: 1799582400 }).properties,
    kty: 'RSA-HSM',
    keyOps: ['wrapKey', 'unwrapKey'],
    keySize: 3072,
    keyUriWithVersion: 'https://kv-prod-app.vault.azure.net/keys/storage-cmk/6a1c2e3b4d5f40718293a4b5c6d7e8f9',
    rotationPolicy: {
      attributes: { created: 1736510400, updated: 1736510400, expiryTime: 'P1Y' },
      lifetimeActions: [
        { trigger: { timeAfterCreate: 'P90D' }, action: { type: 'rotate' } },
        { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } },
      ],
    },
  },
};
const signingKey = {
  ...keyListItem(PROD, 'kv-prod-app', 'token-signing', {}),
  properties: { ...keyListItem(PROD, 'kv-prod-app', 'token-signing', {}).properties, kty: 'EC', keyOps: ['sign', 'verify'], curveName: 'P-256', keyUriWithVersion: 'https://kv-prod-app.vault.azure.net/keys/token-signing/0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a' },
};

// Secrets - List: metadata only, never the value.
const secret = (vault: string, vaultName: string, name: string, attributes: Record<string, unknown>) => ({
  id: `${vault}/secrets/${name}`,
  name,
  type: 'Microsoft.KeyVault/vaults/secrets',
  location: 'eastus',
  properties: { attributes: { enabled: true, created: 1736510400, updated: 1736510400, ...attributes }, contentType: 'text/plain', secretUri: `https://${vaultName}.vault.azure.net/secrets/${name}` },
});

const auditSetting = {
  id: `${PROD}/providers/microsoft.insights/diagnosticSettings/audit-to-law`,
  type: 'Microsoft.Insights/diagnosticSettings',
  name: 'audit-to-law',
  location: null,
  kind: null,
  tags: null,
  properties: {
    storageAccountId: null,
    serviceBusRuleId: null,
    workspaceId: WORKSPACE,
    eventHubAuthorizationRuleId: null,
    eventHubName: null,
    metrics: [{ category: 'AllMetrics', enabled: false, retentionPolicy: { enabled: false, days: 0 } }],
    logs: [
      { category: null, categoryGroup: 'audit', enabled: true, retentionPolicy: { enabled: false, days: 0 } },
      { category: null, categoryGroup: 'allLogs', enabled: false, retentionPolicy: { enabled: false, days: 0 } },
    ],
    logAnalyticsDestinationType: 'Dedicated',
  },
  identity: null,
};

// Managed HSM - List By Subscription.
const hsm = {
  id: `${SUB}/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/hsm-payments`,
  name: 'hsm-payments',
  type: 'Microsoft.KeyVault/managedHSMs',
  location: 'eastus',
  sku: { family: 'B', name: 'Standard_B1' },
  tags: { Dept: 'payments' },
  properties: {
    tenantId: TEST_TENANT_ID,
    initialAdminObjectIds: ['33333333-4444-5555-6666-777777777777'],
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enablePurgeProtection: false,
    hsmUri: 'https://hsm-payments.managedhsm.azure.net',
    provisioningState: 'Succeeded',
    statusMessage: 'ManagedHsm is functional.',
    publicNetworkAccess: 'Enabled',
  },
};

const KEYS_NEXT = `https://management.azure.com${PROD}/keys?api-version=2023-07-01&$skiptoken=dG9rZW4tc2lnbmluZw%3D%3D`;

function routes(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [`GET ${VAULTS}`]: page([prodVault, legacyVault]),
    [`GET ${HSMS}`]: page([hsm]),
    [`GET ${PROD}/keys`]: page([keyListItem(PROD, 'kv-prod-app', 'storage-cmk', { exp: 1799582400 })], KEYS_NEXT),
    [`GET ${PROD}/keys?$skiptoken=dG9rZW4tc2lnbmluZw==`]: page([keyListItem(PROD, 'kv-prod-app', 'token-signing', {})]),
    [`GET ${PROD}/keys/storage-cmk`]: cmkKey,
    [`GET ${PROD}/keys/token-signing`]: signingKey,
    [`GET ${PROD}/secrets`]: page([secret(PROD, 'kv-prod-app', 'db-password', { exp: 1783728000, nbf: 1736510400 })]),
    [`GET ${PROD}/providers/Microsoft.Insights/diagnosticSettings`]: page([auditSetting]),
    [`GET ${LEGACY}/keys`]: page([]),
    [`GET ${LEGACY}/secrets`]: page([secret(LEGACY, 'kv-legacy-tools', 'ci-token', { enabled: false })]),
    [`GET ${LEGACY}/providers/Microsoft.Insights/diagnosticSettings`]: page([]),
    ...overrides,
  };
}

describe('keyvault collector', () => {
  it('maps vaults with their keys across pages, each key with its rotation policy, secrets and diagnostic settings', async () => {
    const fake = fakeAzure(routes());
    const data = await keyvaultCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    const [prod, legacy] = data.vaults.value ?? [];
    expect(prod).toEqual({
      id: PROD,
      name: 'kv-prod-app',
      location: 'eastus',
      tags: { env: 'prod' },
      sku: { family: 'A', name: 'premium' },
      vaultUri: 'https://kv-prod-app.vault.azure.net/',
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [{ value: '203.0.113.10/32' }], virtualNetworkRules: [] },
      privateEndpointConnections: [
        { id: `${PROD}/privateEndpointConnections/pe-kv-prod-app.0b3c5e7f`, privateEndpointId: `${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-kv-prod-app`, status: 'Approved' },
      ],
      keys: {
        value: [
          {
            id: `${PROD}/keys/storage-cmk`,
            name: 'storage-cmk',
            attributes: { enabled: true, exp: 1799582400, created: 1736510400, updated: 1736510400 },
            keyUri: 'https://kv-prod-app.vault.azure.net/keys/storage-cmk',
            rotationPolicy: {
              value: {
                attributes: { expiryTime: 'P1Y' },
                lifetimeActions: [
                  { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P90D' } },
                  { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } },
                ],
              },
            },
          },
          // A key whose read carries no rotation policy has none: null, not an error.
          { id: `${PROD}/keys/token-signing`, name: 'token-signing', attributes: { enabled: true, created: 1736510400, updated: 1736510400 }, keyUri: 'https://kv-prod-app.vault.azure.net/keys/token-signing', rotationPolicy: { value: null } },
        ],
      },
      secrets: { value: [{ id: `${PROD}/secrets/db-password`, name: 'db-password', attributes: { enabled: true, nbf: 1736510400, exp: 1783728000, created: 1736510400, updated: 1736510400 }, contentType: 'text/plain' }] },
      diagnosticSettings: {
        value: [
          {
            id: `${PROD}/providers/microsoft.insights/diagnosticSettings/audit-to-law`,
            name: 'audit-to-law',
            workspaceId: WORKSPACE,
            logs: [
              { categoryGroup: 'audit', enabled: true },
              { categoryGroup: 'allLogs', enabled: false },
            ],
          },
        ],
      },
    });
    expect(legacy).toMatchObject({ name: 'kv-legacy-tools', enableSoftDelete: true, publicNetworkAccess: 'Enabled', privateEndpointConnections: [], keys: { value: [] }, diagnosticSettings: { value: [] } });
    expect(legacy).not.toHaveProperty('enableRbacAuthorization');
    expect(legacy).not.toHaveProperty('enablePurgeProtection');
    expect(legacy).not.toHaveProperty('networkAcls');
    expect(legacy?.secrets.value?.[0]?.attributes.enabled).toBe(false);
    expect(data.managedHsms).toEqual({
      value: [
        {
          id: `${SUB}/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/hsm-payments`,
          name: 'hsm-payments',
          location: 'eastus',
          tags: { Dept: 'payments' },
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          enablePurgeProtection: false,
          publicNetworkAccess: 'Enabled',
        },
      ],
    });
  });

  it('reports denied vault and managed HSM lists as the errors of those lists', async () => {
    const fake = fakeAzure({
      [`GET ${VAULTS}`]: denied('Microsoft.KeyVault/vaults/read', SUB),
      [`GET ${HSMS}`]: denied('Microsoft.KeyVault/managedHSMs/read', SUB),
    });
    const data = await keyvaultCollector.collect(fake.context());
    expect(data.vaults.error).toMatchObject({ api: 'Microsoft.KeyVault/vaults/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(data.managedHsms.error).toMatchObject({ api: 'Microsoft.KeyVault/managedHSMs/read', code: 'AuthorizationFailed' });
    expect(fake.requests).toHaveLength(2);
  });

  it('reads a subscription that never registered Microsoft.KeyVault as having no vault', async () => {
    const unregistered = armError(409, 'MissingSubscriptionRegistration', "The subscription is not registered to use namespace 'Microsoft.KeyVault'. See https://aka.ms/rps-not-found for how to register subscriptions.");
    const fake = fakeAzure({ [`GET ${VAULTS}`]: unregistered, [`GET ${HSMS}`]: unregistered });
    expect(await keyvaultCollector.collect(fake.context())).toEqual({ vaults: { value: [] }, managedHsms: { value: [] } });
  });

  it('keeps denied detail reads on their vault or key, and the rest intact', async () => {
    const fake = fakeAzure(
      routes({
        [`GET ${PROD}/secrets`]: denied('Microsoft.KeyVault/vaults/secrets/read', PROD),
        [`GET ${PROD}/keys/token-signing`]: denied('Microsoft.KeyVault/vaults/keys/read', `${PROD}/keys/token-signing`),
        [`GET ${LEGACY}/providers/Microsoft.Insights/diagnosticSettings`]: denied('Microsoft.Insights/diagnosticSettings/read', LEGACY),
      }),
    );
    const data = await keyvaultCollector.collect(fake.context());
    const [prod, legacy] = data.vaults.value ?? [];
    expect(prod?.secrets.error).toMatchObject({ api: 'Microsoft.KeyVault/vaults/secrets/read', code: 'AuthorizationFailed', resourceUid: PROD });
    const [cmk, signing] = prod?.keys.value ?? [];
    expect(cmk?.rotationPolicy.value?.lifetimeActions).toHaveLength(2);
    expect(signing?.rotationPolicy.error).toMatchObject({ api: 'Microsoft.KeyVault/vaults/keys/read', code: 'AuthorizationFailed', resourceUid: `${PROD}/keys/token-signing` });
    expect(prod?.diagnosticSettings.value).toHaveLength(1);
    expect(legacy?.diagnosticSettings.error).toMatchObject({ api: 'Microsoft.Insights/diagnosticSettings/read', resourceUid: LEGACY });
    expect(legacy?.secrets.value).toHaveLength(1);
  });

  it('reads only the vaults and managed HSMs in the scanned locations', async () => {
    const fake = fakeAzure(routes());
    const data = await keyvaultCollector.collect(fake.context({ locations: new Set(['westeurope']) }));
    expect(data.vaults.value?.map((vault) => vault.name)).toEqual(['kv-legacy-tools']);
    expect(data.managedHsms.value).toEqual([]);
    expect(fake.requests.some((request) => request.url.includes('/kv-prod-app/'))).toBe(false);
  });
});
