import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { PASSWORD_RULE_SETTINGS_TEMPLATE, settingValue } from './lib/directory.ts';

/** CIS: a first lockout lasts at least 60 seconds; also the template's default. */
const MIN_LOCKOUT_SECONDS = 60;

export default defineCheck({
  id: 'azure/entra-smart-lockout-duration-at-least-60-seconds',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'low',
  title: 'Smart lockout keeps accounts locked for at least 60 seconds',
  description:
    'Checks the Password Rule Settings directory setting: `LockoutDurationInSeconds` must be 60 or more. A tenant that never changed password protection has no such setting and runs with the default of 60 seconds, which passes (CIS Microsoft Azure Foundations 2.7).',
  risk: 'A short lockout lets an attacker resume guessing almost at once, so the threshold barely slows a brute-force or spraying attack.',
  remediation: {
    summary: 'Set the smart lockout duration to 60 seconds or more (Password protection settings).',
    cli: "az rest --method PATCH --url https://graph.microsoft.com/v1.0/groupSettings/<password-rule-settings-id> --body '{\"values\":[{\"name\":\"LockoutDurationInSeconds\",\"value\":\"60\"}]}'",
    terraform: 'resource "msgraph_update_resource" "password_rule_settings" {\n  url  = "groupSettings/${var.password_rule_settings_id}"\n  body = { values = [{ name = "LockoutDurationInSeconds", value = "60" }] }\n}',
    console: 'Microsoft Entra admin center → Protection → Authentication methods → Password protection → Lockout duration in seconds: 60 or more → Save.',
  },
  references: ['https://learn.microsoft.com/entra/identity/authentication/howto-password-smart-lockout'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      return fromFetched(entra.directorySettings, target, (settings) => {
        const value = settingValue(settings, PASSWORD_RULE_SETTINGS_TEMPLATE, 'LockoutDurationInSeconds');
        if (value === undefined) return [pass(target, `Smart lockout uses the default duration of ${MIN_LOCKOUT_SECONDS} seconds.`)];
        const seconds = Number(value);
        return Number.isFinite(seconds) && seconds >= MIN_LOCKOUT_SECONDS
          ? [pass(target, `Smart lockout keeps an account locked for ${seconds} seconds.`)]
          : [fail(target, `Smart lockout duration is ${value} seconds (at least ${MIN_LOCKOUT_SECONDS} expected).`)];
      });
    }),
});
