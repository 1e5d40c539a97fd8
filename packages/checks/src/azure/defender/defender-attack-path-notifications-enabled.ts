import { defineCheck, fail, pass } from '@palisade/core';
import { SECURITY_CONTACT_TYPE, contactRecipients, evaluateSecurityContacts } from './lib/defender.ts';

/**
 * Minimum risk levels that notify about High-risk attack paths. `Critical` alone leaves High-risk
 * paths, which are already exploitable routes to sensitive resources, unannounced, so it fails.
 */
const INCLUDES_HIGH_RISK = ['high', 'medium', 'low'];

export default defineCheck({
  id: 'azure/defender-attack-path-notifications-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: SECURITY_CONTACT_TYPE,
  severity: 'low',
  title: 'Defender for Cloud emails new attack paths of High risk or above',
  description:
    'Checks that the subscription\'s security contact has attack path notifications (a notification source of type `AttackPath`) with a minimum risk level of High or lower, and that the emails reach an address or a role. Attack paths are computed by Defender CSPM; the message names the minimum risk level.',
  risk: 'An attack path is a chain of weaknesses an attacker can follow from an exposed entry point to a sensitive resource; when new ones are not announced, they stay open until someone reviews the portal.',
  remediation: {
    summary: 'Turn on email notifications for attack paths with a risk level of High (or lower) in the subscription\'s security contact.',
    cli: 'az rest --method put --url "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview" --body \'{"properties":{"emails":"secops@contoso.com","isEnabled":true,"notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"High"},{"sourceType":"AttackPath","minimalRiskLevel":"High"}]}}\'',
    terraform:
      '# azurerm\'s contact resource has no attack path setting; the azapi provider writes it\nresource "azapi_resource" "security_contact" {\n  type      = "Microsoft.Security/securityContacts@2023-12-01-preview"\n  name      = "default"\n  parent_id = data.azurerm_subscription.current.id\n  body = {\n    properties = {\n      emails              = "secops@contoso.com"\n      isEnabled           = true\n      notificationsByRole = { state = "On", roles = ["Owner"] }\n      notificationsSources = [\n        { sourceType = "Alert", minimalSeverity = "High" },\n        { sourceType = "AttackPath", minimalRiskLevel = "High" },\n      ]\n    }\n  }\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Email notifications → check Notify about attack paths with the following risk level (or higher) and choose High → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/how-to-manage-attack-path'],
  categories: ['monitoring', 'threat-detection'],
  evaluate: (scope) =>
    evaluateSecurityContacts(scope, 'No security contact is configured, so new attack paths are not emailed.', (contact, target) => {
      if (!contact.isEnabled) return fail(target, 'The security contact\'s email notifications are switched off.');
      const source = contact.notificationsSources.find((candidate) => candidate.sourceType === 'AttackPath');
      const minimum = source?.sourceType === 'AttackPath' ? source.minimalRiskLevel : undefined;
      if (!minimum) return fail(target, 'The security contact is not notified about attack paths.');
      if (!INCLUDES_HIGH_RISK.includes(minimum.toLowerCase())) return fail(target, `Attack path emails start at risk level ${minimum}, which leaves out High-risk paths.`);
      const recipients = contactRecipients(contact);
      if (recipients.length === 0) return fail(target, `Attack path emails (risk ${minimum} or higher) are on but reach nobody: no address and no role notifications.`);
      return pass(target, `Attack paths of risk ${minimum} or higher are emailed to ${recipients.join(', ')}.`);
    }),
});
