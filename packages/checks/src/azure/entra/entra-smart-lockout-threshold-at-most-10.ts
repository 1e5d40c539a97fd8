import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { PASSWORD_RULE_SETTINGS_TEMPLATE, settingValue } from './lib/directory.ts';

/** CIS: lock out after at most 10 failed sign-ins; also the template's default. */
const MAX_LOCKOUT_THRESHOLD = 10;

export default defineCheck({
  id: 'azure/entra-smart-lockout-threshold-at-most-10',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'medium',
  title: 'Smart lockout locks accounts after at most 10 failed sign-ins',
  description:
    'Checks the Password Rule Settings directory setting: `LockoutThreshold` must be 10 or less. A tenant that never changed password protection has no such setting and runs with the default of 10, which passes (CIS Microsoft Azure Foundations 2.6).',
  risk: 'A high lockout threshold gives password-guessing and spraying attacks more attempts per account before smart lockout slows them down.',
  remediation: {
    summary: 'Set the smart lockout threshold to 10 or fewer failed attempts (Password protection settings).',
    cli: "az rest --method PATCH --url https://graph.microsoft.com/v1.0/groupSettings/<password-rule-settings-id> --body '{\"values\":[{\"name\":\"LockoutThreshold\",\"value\":\"10\"}]}'",
    terraform: 'resource "msgraph_update_resource" "password_rule_settings" {\n  url  = "groupSettings/${var.password_rule_settings_id}"\n  body = { values = [{ name = "LockoutThreshold", value = "10" }] }\n}',
    console: 'Microsoft Entra admin center → Protection → Authentication methods → Password protection → Lockout threshold: 10 or less → Save.',
  },
  references: ['https://learn.microsoft.com/entra/identity/authentication/howto-password-smart-lockout'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      return fromFetched(entra.directorySettings, target, (settings) => {
        const value = settingValue(settings, PASSWORD_RULE_SETTINGS_TEMPLATE, 'LockoutThreshold');
        if (value === undefined) return [pass(target, `Smart lockout uses the default threshold of ${MAX_LOCKOUT_THRESHOLD} failed sign-ins.`)];
        const threshold = Number(value);
        return Number.isInteger(threshold) && threshold > 0 && threshold <= MAX_LOCKOUT_THRESHOLD
          ? [pass(target, `Smart lockout locks an account after ${threshold} failed sign-ins.`)]
          : [fail(target, `Smart lockout threshold is ${value} failed sign-ins (at most ${MAX_LOCKOUT_THRESHOLD} expected).`)];
      });
    }),
});
