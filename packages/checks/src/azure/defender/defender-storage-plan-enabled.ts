import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-storage-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Storage is on for the subscription',
  description:
    'Checks that the Defender for Storage plan (pricing `StorageAccounts`) is set to Standard on the subscription. The per-storage-account sub-plan `DefenderForStorageV2` adds malware scanning on upload and sensitive data threat detection; the message names the sub-plan in use.',
  risk: 'Without the plan, uploads of malware, access from Tor exit nodes, anonymous access to newly public containers and unusual data extraction from storage accounts raise no alert.',
  remediation: {
    summary: 'Set the Defender for Storage plan to On (Standard tier) for the subscription, sub-plan DefenderForStorageV2.',
    cli: 'az security pricing create --name StorageAccounts --tier Standard --subplan DefenderForStorageV2',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "storage" {\n  tier          = "Standard"\n  resource_type = "StorageAccounts"\n  subplan       = "DefenderForStorageV2"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Storage to On → Settings: keep malware scanning on → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-storage-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'StorageAccounts', 'Microsoft Defender for Storage'),
});
