import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { defenderCollector } from './defender.ts';

const SECURITY = `/subscriptions/${TEST_SUBSCRIPTION_ID}/providers/Microsoft.Security`;
const VM = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
const VMSS = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-batch`;

// Bodies shaped like the Microsoft.Security REST answers (pricings 2024-01-01, settings 2022-05-01, …).
const PRICINGS = page([
  {
    id: `${SECURITY}/pricings/VirtualMachines`,
    name: 'VirtualMachines',
    type: 'Microsoft.Security/pricings',
    properties: {
      pricingTier: 'Standard',
      subPlan: 'P2',
      freeTrialRemainingTime: 'PT0S',
      enablementTime: '2024-03-01T12:42:42.1921106Z',
      enforce: 'False',
      resourcesCoverageStatus: 'FullyCovered',
      extensions: [
        { name: 'MdeDesignatedSubscription', isEnabled: 'False' },
        { name: 'AgentlessVmScanning', isEnabled: 'True', additionalExtensionProperties: { ExclusionTags: '[]' } },
        { name: 'FileIntegrityMonitoring', isEnabled: 'False' },
      ],
    },
  },
  {
    id: `${SECURITY}/pricings/AppServices`,
    name: 'AppServices',
    type: 'Microsoft.Security/pricings',
    properties: { pricingTier: 'Free', freeTrialRemainingTime: 'PT0S', enforce: 'False', resourcesCoverageStatus: 'NotCovered' },
  },
  {
    id: `${SECURITY}/pricings/KubernetesService`,
    name: 'KubernetesService',
    type: 'Microsoft.Security/pricings',
    properties: { pricingTier: 'Free', freeTrialRemainingTime: 'PT0S', enforce: 'False', resourcesCoverageStatus: 'NotCovered', deprecated: true, replacedBy: ['Containers'] },
  },
]);

const AUTO_PROVISIONING = page([
  { id: `${SECURITY}/autoProvisioningSettings/default`, name: 'default', type: 'Microsoft.Security/autoProvisioningSettings', properties: { autoProvision: 'On' } },
]);

const CONTACTS = page([
  {
    id: `${SECURITY}/securityContacts/default`,
    name: 'default',
    type: 'Microsoft.Security/securityContacts',
    properties: {
      notificationsByRole: { state: 'On', roles: ['Owner', 'ServiceAdmin'] },
      isEnabled: true,
      emails: 'secops@contoso.com; oncall@contoso.com',
      phone: '(214)275-4038',
      notificationsSources: [
        { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
        { sourceType: 'Alert', minimalSeverity: 'Medium' },
      ],
    },
  },
]);

const SETTINGS = page([
  { id: `${SECURITY}/settings/MCAS`, name: 'MCAS', kind: 'DataExportSettings', type: 'Microsoft.Security/settings', properties: { enabled: true } },
  { id: `${SECURITY}/settings/WDATP`, name: 'WDATP', kind: 'DataExportSettings', type: 'Microsoft.Security/settings', properties: { enabled: false } },
  { id: `${SECURITY}/settings/Sentinel`, name: 'Sentinel', kind: 'AlertSyncSettings', type: 'Microsoft.Security/settings', properties: { enabled: false } },
]);

const VA_SETTINGS = page([
  {
    id: `${SECURITY}/serverVulnerabilityAssessmentsSettings/azureServersSetting`,
    name: 'azureServersSetting',
    type: 'Microsoft.Security/serverVulnerabilityAssessmentsSettings',
    kind: 'AzureServersSetting',
    properties: { selectedProvider: 'MdeTvm' },
    systemData: { createdBy: 'user@contoso.com', createdByType: 'User', createdAt: '2024-05-12T13:47:50.328Z' },
  },
]);

const NEXT_ASSESSMENTS = `https://management.azure.com${SECURITY}/assessments?api-version=2021-06-01&$skipToken=page2`;

const ASSESSMENTS_PAGE_1 = page(
  [
    {
      id: `${VM}/providers/Microsoft.Security/assessments/e1145ab1-eb4f-43d8-911b-36ddf771d13f`,
      name: 'e1145ab1-eb4f-43d8-911b-36ddf771d13f',
      type: 'Microsoft.Security/assessments',
      properties: {
        resourceDetails: { Source: 'Azure', Id: VM },
        displayName: 'System updates should be installed on your machines (powered by Azure Update Manager)',
        status: { code: 'Unhealthy', cause: '', description: '' },
      },
    },
    {
      // A recommendation no check reads: left out.
      id: `${VMSS}/providers/Microsoft.Security/assessments/21300918-b2e3-0346-785f-c77ff57d243b`,
      name: '21300918-b2e3-0346-785f-c77ff57d243b',
      type: 'Microsoft.Security/assessments',
      properties: { resourceDetails: { source: 'Azure', id: VMSS }, displayName: 'Install endpoint protection solution on virtual machine scale sets', status: { code: 'Healthy' } },
    },
  ],
  NEXT_ASSESSMENTS,
);

const ASSESSMENTS_PAGE_2 = page([
  {
    id: `${VMSS}/providers/Microsoft.Security/assessments/1195afff-c881-495e-9bc5-1486211ae03f`,
    name: '1195afff-c881-495e-9bc5-1486211ae03f',
    type: 'Microsoft.Security/assessments',
    properties: {
      resourceDetails: { source: 'Azure', id: VMSS },
      displayName: 'Machines should have vulnerability findings resolved',
      status: { code: 'NotApplicable', cause: 'OffByPolicy', description: 'The effective policy for the assessment was evaluated to off' },
    },
  },
]);

function routes(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [`GET ${SECURITY}/pricings`]: PRICINGS,
    [`GET ${SECURITY}/autoProvisioningSettings`]: AUTO_PROVISIONING,
    [`GET ${SECURITY}/securityContacts`]: CONTACTS,
    [`GET ${SECURITY}/settings`]: SETTINGS,
    [`GET ${SECURITY}/serverVulnerabilityAssessmentsSettings`]: VA_SETTINGS,
    [`GET ${SECURITY}/assessments`]: ASSESSMENTS_PAGE_1,
    [`GET ${SECURITY}/assessments?$skipToken=page2`]: ASSESSMENTS_PAGE_2,
    ...overrides,
  };
}

describe('defender collector', () => {
  it('maps plans, settings, the security contact and the watched assessments across pages', async () => {
    const fake = fakeAzure(routes());
    const data = await defenderCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);

    expect(data.pricings.value).toEqual([
      {
        id: `${SECURITY}/pricings/VirtualMachines`,
        name: 'VirtualMachines',
        pricingTier: 'Standard',
        subPlan: 'P2',
        enablementTime: '2024-03-01T12:42:42.1921106Z',
        deprecated: false,
        replacedBy: [],
        resourcesCoverageStatus: 'FullyCovered',
        extensions: [
          { name: 'MdeDesignatedSubscription', isEnabled: false },
          { name: 'AgentlessVmScanning', isEnabled: true },
          { name: 'FileIntegrityMonitoring', isEnabled: false },
        ],
      },
      { id: `${SECURITY}/pricings/AppServices`, name: 'AppServices', pricingTier: 'Free', deprecated: false, replacedBy: [], resourcesCoverageStatus: 'NotCovered', extensions: [] },
      {
        id: `${SECURITY}/pricings/KubernetesService`,
        name: 'KubernetesService',
        pricingTier: 'Free',
        deprecated: true,
        replacedBy: ['Containers'],
        resourcesCoverageStatus: 'NotCovered',
        extensions: [],
      },
    ]);
    expect(data.autoProvisioningSettings.value).toEqual([{ id: `${SECURITY}/autoProvisioningSettings/default`, name: 'default', autoProvision: 'On' }]);
    expect(data.securityContacts.value).toEqual([
      {
        id: `${SECURITY}/securityContacts/default`,
        name: 'default',
        emails: ['secops@contoso.com', 'oncall@contoso.com'],
        phone: '(214)275-4038',
        isEnabled: true,
        notificationsByRole: { state: 'On', roles: ['Owner', 'ServiceAdmin'] },
        notificationsSources: [
          { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
          { sourceType: 'Alert', minimalSeverity: 'Medium' },
        ],
      },
    ]);
    expect(data.settings.value?.map((setting) => [setting.name, setting.kind, setting.enabled])).toEqual([
      ['MCAS', 'DataExportSettings', true],
      ['WDATP', 'DataExportSettings', false],
      ['Sentinel', 'AlertSyncSettings', false],
    ]);
    expect(data.serverVulnerabilityAssessmentsSettings.value).toEqual([
      { id: `${SECURITY}/serverVulnerabilityAssessmentsSettings/azureServersSetting`, name: 'azureServersSetting', kind: 'AzureServersSetting', selectedProvider: 'MdeTvm' },
    ]);
    expect(data.assessments.value).toEqual([
      {
        id: `${VM}/providers/Microsoft.Security/assessments/e1145ab1-eb4f-43d8-911b-36ddf771d13f`,
        name: 'e1145ab1-eb4f-43d8-911b-36ddf771d13f',
        displayName: 'System updates should be installed on your machines (powered by Azure Update Manager)',
        resourceId: VM,
        statusCode: 'Unhealthy',
      },
      {
        id: `${VMSS}/providers/Microsoft.Security/assessments/1195afff-c881-495e-9bc5-1486211ae03f`,
        name: '1195afff-c881-495e-9bc5-1486211ae03f',
        displayName: 'Machines should have vulnerability findings resolved',
        resourceId: VMSS,
        statusCode: 'NotApplicable',
        cause: 'OffByPolicy',
        description: 'The effective policy for the assessment was evaluated to off',
      },
    ]);
  });

  it('asks for the documented api-versions', async () => {
    const fake = fakeAzure(routes());
    await defenderCollector.collect(fake.context());
    const versions = Object.fromEntries(fake.requests.map((request) => [new URL(request.url).pathname.split('/').pop(), new URL(request.url).searchParams.get('api-version')]));
    expect(versions).toEqual({
      pricings: '2024-01-01',
      autoProvisioningSettings: '2017-08-01-preview',
      securityContacts: '2023-12-01-preview',
      settings: '2022-05-01',
      serverVulnerabilityAssessmentsSettings: '2023-05-01',
      assessments: '2021-06-01',
    });
  });

  it('keeps a denied list as an error with the API and code, the other lists intact', async () => {
    const fake = fakeAzure(
      routes({
        [`GET ${SECURITY}/pricings`]: armError(403, 'AuthorizationFailed', "The client 'scanner' does not have authorization to perform action 'Microsoft.Security/pricings/read'."),
      }),
    );
    const data = await defenderCollector.collect(fake.context());
    expect(data.pricings.error).toMatchObject({ api: 'Microsoft.Security/pricings/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(data.settings.value).toHaveLength(3);
    expect(data.securityContacts.value).toHaveLength(1);
  });

  it('reads a subscription without a security contact or vulnerability provider as empty lists', async () => {
    const fake = fakeAzure(routes({ [`GET ${SECURITY}/securityContacts`]: page([]), [`GET ${SECURITY}/serverVulnerabilityAssessmentsSettings`]: page([]) }));
    const data = await defenderCollector.collect(fake.context());
    expect(data.securityContacts).toEqual({ value: [] });
    expect(data.serverVulnerabilityAssessmentsSettings).toEqual({ value: [] });
  });

  it('keeps a failed assessment page as an error rather than a partial list', async () => {
    const fake = fakeAzure(routes({ [`GET ${SECURITY}/assessments?$skipToken=page2`]: armError(403, 'AuthorizationFailed') }));
    const data = await defenderCollector.collect(fake.context());
    expect(data.assessments.error).toMatchObject({ api: 'Microsoft.Security/assessments/read', code: 'AuthorizationFailed' });
  });
});
