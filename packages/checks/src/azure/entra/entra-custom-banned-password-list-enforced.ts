import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { PASSWORD_RULE_SETTINGS_TEMPLATE, settingValue } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-custom-banned-password-list-enforced',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'medium',
  title: 'A custom banned password list is enforced',
  description:
    'Checks the Password Rule Settings directory setting: "Enforce custom list" (`EnableBannedPasswordCheck`) must be on and the custom list (`BannedPasswordList`) must hold terms, so passwords built on the organization\'s names, products and places are rejected on top of Microsoft\'s global list. Needs an Entra ID P1 licence (CIS Microsoft Azure Foundations 2.8).',
  risk: 'Users pick passwords from what surrounds them (company name, product, city plus a year); attackers spray exactly those guesses, which the global banned list does not know.',
  remediation: {
    summary: 'Turn on "Enforce custom list" and add the organization\'s brand, product, location and internal terms to the custom banned password list.',
    cli: "az rest --method PATCH --url https://graph.microsoft.com/v1.0/groupSettings/<password-rule-settings-id> --body '{\"values\":[{\"name\":\"EnableBannedPasswordCheck\",\"value\":\"True\"},{\"name\":\"BannedPasswordList\",\"value\":\"contoso\\tfabrikam\\tseattle\"}]}'",
    terraform: 'resource "msgraph_update_resource" "password_rule_settings" {\n  url = "groupSettings/${var.password_rule_settings_id}"\n  body = {\n    values = [\n      { name = "EnableBannedPasswordCheck", value = "True" },\n      { name = "BannedPasswordList", value = join("\\t", var.banned_terms) },\n    ]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Authentication methods → Password protection → Enforce custom list: Yes → Custom banned password list: add terms → Save.',
  },
  references: ['https://learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad', 'https://learn.microsoft.com/entra/identity/authentication/tutorial-configure-custom-password-protection'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      return fromFetched(entra.directorySettings, target, (settings) => {
        const enforced = settingValue(settings, PASSWORD_RULE_SETTINGS_TEMPLATE, 'EnableBannedPasswordCheck');
        const terms = (settingValue(settings, PASSWORD_RULE_SETTINGS_TEMPLATE, 'BannedPasswordList') ?? '').split(/[\t,\n]/).filter((term) => term.trim() !== '');
        if (enforced === undefined) return [fail(target, 'Password protection was never configured: no custom banned password list is enforced.')];
        if (enforced.toLowerCase() !== 'true') return [fail(target, 'The custom banned password list is not enforced.')];
        return terms.length > 0 ? [pass(target, `A custom banned password list of ${terms.length} term${terms.length === 1 ? '' : 's'} is enforced.`)] : [fail(target, 'The custom banned password list is enforced but empty.')];
      });
    }),
});
