import { defineCheck, fail, pass } from '@palisade/core';
import { SECURITY_CONTACT_TYPE, evaluateSecurityContacts } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-owner-alert-notifications-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: SECURITY_CONTACT_TYPE,
  severity: 'low',
  title: 'Defender for Cloud emails the subscription owners',
  description:
    'Checks that the subscription\'s security contact sends notifications to people holding a role on the subscription (`notificationsByRole` is On) and that the roles include Owner.',
  risk: 'Owners can act on a subscription immediately; if they are not told about alerts, response depends on a mailbox that may be unmonitored or out of date.',
  remediation: {
    summary: 'Turn on email notifications to the Owner role in the subscription\'s security contact.',
    cli: 'az rest --method put --url "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview" --body \'{"properties":{"emails":"secops@contoso.com","isEnabled":true,"notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"High"}]}}\'',
    terraform: 'resource "azurerm_security_center_contact" "default" {\n  name                = "default"\n  email               = "secops@contoso.com"\n  alert_notifications = true\n  alerts_to_admins    = true\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Email notifications → in All users with the following roles select Owner → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/security-contacts/list'],
  categories: ['monitoring'],
  evaluate: (scope) =>
    evaluateSecurityContacts(scope, 'No security contact is configured, so subscription owners are not emailed.', (contact, target) => {
      const { state, roles } = contact.notificationsByRole;
      if (!contact.isEnabled) return fail(target, 'The security contact\'s email notifications are switched off.');
      if (state.toLowerCase() !== 'on') return fail(target, 'Notifications to subscription roles are off.');
      if (!roles.some((role) => role.toLowerCase() === 'owner')) return fail(target, `Notifications go to ${roles.length ? roles.join(', ') : 'no role'}, not to subscription owners.`);
      return pass(target, `Notifications go to the roles ${roles.join(', ')}.`);
    }),
});
