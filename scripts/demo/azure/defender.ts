/**
 * Demo data of Microsoft Defender for Cloud: the well-kept subscription (index 0) runs every plan
 * with its components and a complete security contact; the neglected one (index 1) runs only the
 * free tier, has no contact and machines with missing updates and open vulnerabilities.
 */
import type { DefenderAssessment, DefenderAssessmentKey, DefenderData, DefenderPricing } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const PLANS = [
  'VirtualMachines',
  'AppServices',
  'SqlServers',
  'SqlServerVirtualMachines',
  'OpenSourceRelationalDatabases',
  'CosmosDbs',
  'StorageAccounts',
  'Containers',
  'KeyVaults',
  'Arm',
  'Api',
  'CloudPosture',
] as const;

const SUB_PLANS: Partial<Record<(typeof PLANS)[number], string>> = { VirtualMachines: 'P2', StorageAccounts: 'DefenderForStorageV2', Api: 'P1' };

const EXTENSIONS: Partial<Record<(typeof PLANS)[number], readonly string[]>> = {
  VirtualMachines: ['MdeDesignatedSubscription', 'AgentlessVmScanning', 'FileIntegrityMonitoring'],
  StorageAccounts: ['OnUploadMalwareScanning', 'SensitiveDataDiscovery'],
  Containers: ['ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes', 'ContainerSensor'],
  CloudPosture: ['AgentlessVmScanning', 'AgentlessDiscoveryForKubernetes', 'SensitiveDataDiscovery', 'ContainerRegistriesVulnerabilityAssessments'],
};

const SYSTEM_UPDATES: DefenderAssessmentKey = 'e1145ab1-eb4f-43d8-911b-36ddf771d13f';
const PERIODIC_ASSESSMENT: DefenderAssessmentKey = 'bd876905-5b84-4f73-ab2d-2e7a7c4568d9';
const VULNERABILITIES: DefenderAssessmentKey = '1195afff-c881-495e-9bc5-1486211ae03f';

const DISPLAY_NAMES: Record<DefenderAssessmentKey, string> = {
  'e1145ab1-eb4f-43d8-911b-36ddf771d13f': 'System updates should be installed on your machines (powered by Azure Update Manager)',
  '4ab6e3c5-74dd-8b35-9ab9-f61b30875b27': 'System updates should be installed on your machines',
  'bd876905-5b84-4f73-ab2d-2e7a7c4568d9': 'Machines should be configured to periodically check for missing system updates',
  '1195afff-c881-495e-9bc5-1486211ae03f': 'Machines should have vulnerability findings resolved',
};

export function demoDefender(subscription: DemoSubscription): DefenderData {
  const kept = subscription.index === 0;
  const security = `/subscriptions/${subscription.subscriptionId}/providers/Microsoft.Security`;

  const pricings: DefenderPricing[] = PLANS.map((name) => {
    const on = kept && name !== 'Api';
    const subPlan = on ? SUB_PLANS[name] : undefined;
    return {
      id: `${security}/pricings/${name}`,
      name,
      pricingTier: on ? 'Standard' : 'Free',
      ...(subPlan ? { subPlan } : {}),
      ...(on ? { enablementTime: '2025-03-01T09:00:00.0000000Z' } : {}),
      deprecated: false,
      replacedBy: [],
      resourcesCoverageStatus: on ? 'FullyCovered' : 'NotCovered',
      extensions: (EXTENSIONS[name] ?? []).map((extension) => ({ name: extension, isEnabled: on })),
    };
  });
  pricings.push({
    id: `${security}/pricings/Dns`,
    name: 'Dns',
    pricingTier: 'Free',
    deprecated: true,
    replacedBy: ['VirtualMachines'],
    resourcesCoverageStatus: 'NotCovered',
    extensions: [],
  });

  // One machine per demo location; the neglected subscription's are out of date and vulnerable.
  const machines = subscription.locations.map(
    (location, index) => `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg-app-${location}/providers/Microsoft.Compute/virtualMachines/vm-app-${index + 1}`,
  );
  const assessment = (key: DefenderAssessmentKey, machine: string, healthy: boolean): DefenderAssessment => ({
    id: `${machine}/providers/Microsoft.Security/assessments/${key}`,
    name: key,
    displayName: DISPLAY_NAMES[key],
    resourceId: machine,
    statusCode: healthy ? 'Healthy' : 'Unhealthy',
  });
  const assessments = machines.flatMap((machine, index) => [
    assessment(SYSTEM_UPDATES, machine, kept),
    assessment(PERIODIC_ASSESSMENT, machine, kept || index === 0),
    assessment(VULNERABILITIES, machine, kept && index === 0),
  ]);

  return {
    pricings: { value: pricings },
    autoProvisioningSettings: { value: [{ id: `${security}/autoProvisioningSettings/default`, name: 'default', autoProvision: kept ? 'On' : 'Off' }] },
    securityContacts: {
      value: kept
        ? [
            {
              id: `${security}/securityContacts/default`,
              name: 'default',
              emails: ['secops@contoso-demo.com'],
              isEnabled: true,
              notificationsByRole: { state: 'On', roles: ['Owner'] },
              notificationsSources: [
                { sourceType: 'Alert', minimalSeverity: 'High' },
                { sourceType: 'AttackPath', minimalRiskLevel: 'High' },
              ],
            },
          ]
        : [],
    },
    settings: {
      value: [
        { id: `${security}/settings/MCAS`, name: 'MCAS', kind: 'DataExportSettings', enabled: kept },
        { id: `${security}/settings/WDATP`, name: 'WDATP', kind: 'DataExportSettings', enabled: kept },
        { id: `${security}/settings/Sentinel`, name: 'Sentinel', kind: 'AlertSyncSettings', enabled: false },
      ],
    },
    serverVulnerabilityAssessmentsSettings: {
      value: kept
        ? [{ id: `${security}/serverVulnerabilityAssessmentsSettings/AzureServersSetting`, name: 'AzureServersSetting', kind: 'AzureServersSetting', selectedProvider: 'MdeTvm' }]
        : [],
    },
    assessments: { value: assessments },
  };
}
