import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-key-vault-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Key Vault is on for the subscription',
  description:
    'Checks that the Defender for Key Vault plan (pricing `KeyVaults`) is set to Standard on the subscription.',
  risk: 'Key vaults hold the secrets, keys and certificates of the estate; without the plan, access from suspicious IP addresses, unusual volumes of secret reads and access by unfamiliar applications raise no alert.',
  remediation: {
    summary: 'Set the Defender for Key Vault plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name KeyVaults --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "key_vault" {\n  tier          = "Standard"\n  resource_type = "KeyVaults"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Key Vault to On → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-key-vault-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'KeyVaults', 'Microsoft Defender for Key Vault'),
});
