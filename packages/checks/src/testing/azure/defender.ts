/** Fixture builders of the defender family: Microsoft Defender for Cloud data of the test subscription. */
import type {
  DefenderAssessment,
  DefenderAssessmentKey,
  DefenderAutoProvisioningSetting,
  DefenderData,
  DefenderPricing,
  DefenderSecurityContact,
  DefenderServerVulnerabilityAssessmentsSetting,
  DefenderSetting,
} from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, armId, ok } from './scope.ts';

const SECURITY = `/subscriptions/${TEST_SUBSCRIPTION_ID}/providers/Microsoft.Security`;

/** The uid of a plan of the test subscription, e.g. `defenderPricingId('VirtualMachines')`. */
export function defenderPricingId(name: string): string {
  return `${SECURITY}/pricings/${name}`;
}

/** A Defender plan, on (`Standard`) unless overridden. */
export function defenderPricing(name: string, overrides: Partial<DefenderPricing> = {}): DefenderPricing {
  return { id: defenderPricingId(name), name, pricingTier: 'Standard', deprecated: false, replacedBy: [], resourcesCoverageStatus: 'FullyCovered', extensions: [], ...overrides };
}

/** A plan's extension, e.g. `defenderPlanExtension('AgentlessVmScanning')`. */
export function defenderPlanExtension(name: string, isEnabled = true): DefenderPricing['extensions'][number] {
  return { name, isEnabled };
}

/** The subscription's security contact, well configured unless overridden. */
export function defenderSecurityContact(overrides: Partial<DefenderSecurityContact> = {}): DefenderSecurityContact {
  return {
    id: `${SECURITY}/securityContacts/default`,
    name: 'default',
    emails: ['secops@contoso.com'],
    isEnabled: true,
    notificationsByRole: { state: 'On', roles: ['Owner'] },
    notificationsSources: [
      { sourceType: 'Alert', minimalSeverity: 'High' },
      { sourceType: 'AttackPath', minimalRiskLevel: 'High' },
    ],
    ...overrides,
  };
}

export function defenderSettingId(name: string): string {
  return `${SECURITY}/settings/${name}`;
}

/** An integration setting (`MCAS`, `WDATP`, …), enabled unless told. */
export function defenderSetting(name: string, enabled = true): DefenderSetting {
  return { id: defenderSettingId(name), name, kind: name === 'Sentinel' ? 'AlertSyncSettings' : 'DataExportSettings', enabled };
}

export const DEFENDER_AUTO_PROVISIONING_ID = `${SECURITY}/autoProvisioningSettings/default`;

export function defenderAutoProvisioningSetting(autoProvision = 'On'): DefenderAutoProvisioningSetting {
  return { id: DEFENDER_AUTO_PROVISIONING_ID, name: 'default', autoProvision };
}

export function defenderVulnerabilityAssessmentsSetting(selectedProvider = 'MdeTvm'): DefenderServerVulnerabilityAssessmentsSetting {
  return { id: `${SECURITY}/serverVulnerabilityAssessmentsSettings/azureServersSetting`, name: 'azureServersSetting', kind: 'AzureServersSetting', selectedProvider };
}

/** The id of a test virtual machine. */
export function defenderMachineId(name = 'vm-web-01'): string {
  return armId('Microsoft.Compute/virtualMachines', name);
}

/** One recommendation's result for a resource (a test virtual machine unless given). */
export function defenderAssessment(name: DefenderAssessmentKey, statusCode: string, resourceId = defenderMachineId()): DefenderAssessment {
  return { id: `${resourceId}/providers/Microsoft.Security/assessments/${name}`, name, displayName: `Recommendation ${name}`, resourceId, statusCode };
}

/** Defender data with every list empty unless overridden. */
export function defenderData(overrides: Partial<DefenderData> = {}): DefenderData {
  return {
    pricings: ok([]),
    autoProvisioningSettings: ok([]),
    securityContacts: ok([]),
    settings: ok([]),
    serverVulnerabilityAssessmentsSettings: ok([]),
    assessments: ok([]),
    ...overrides,
  };
}
