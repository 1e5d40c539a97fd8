import { defineCheck, fail, pass } from '@palisade/core';
import { SECURITY_CONTACT_TYPE, contactRecipients, evaluateSecurityContacts } from './lib/defender.ts';

/** Minimum severities whose emails include High alerts (each value also sends everything above it). */
const INCLUDES_HIGH = ['high', 'medium', 'low'];

export default defineCheck({
  id: 'azure/defender-high-severity-alert-notifications-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: SECURITY_CONTACT_TYPE,
  severity: 'medium',
  title: 'Defender for Cloud emails high-severity alerts',
  description:
    'Checks that the subscription\'s security contact has alert notifications (a notification source of type `Alert`) with a minimum severity of High or lower, that its notifications are on and that the emails reach someone: an additional address or a role. A lower minimum (Medium, Low) also sends High alerts and passes; the message names the minimum.',
  risk: 'High-severity alerts signal likely compromise (ransomware behaviour, credential theft, exploitation); if nobody is emailed, response waits until someone looks at the portal.',
  remediation: {
    summary: 'Turn on email notifications for alerts of severity High (or lower) in the subscription\'s security contact.',
    cli: 'az rest --method put --url "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview" --body \'{"properties":{"emails":"secops@contoso.com","isEnabled":true,"notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"High"}]}}\'',
    terraform: 'resource "azurerm_security_center_contact" "default" {\n  name                = "default"\n  email               = "secops@contoso.com"\n  alert_notifications = true\n  alerts_to_admins    = true\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Email notifications → check Notify about alerts with the following severity (or higher) and choose High → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/security-contacts/list'],
  categories: ['monitoring', 'threat-detection'],
  evaluate: (scope) =>
    evaluateSecurityContacts(scope, 'No security contact is configured, so alerts are not emailed.', (contact, target) => {
      if (!contact.isEnabled) return fail(target, 'The security contact\'s email notifications are switched off.');
      const alert = contact.notificationsSources.find((source) => source.sourceType === 'Alert');
      const minimum = alert?.sourceType === 'Alert' ? alert.minimalSeverity : undefined;
      if (!minimum) return fail(target, 'The security contact is not notified about alerts.');
      if (!INCLUDES_HIGH.includes(minimum.toLowerCase())) return fail(target, `Alert emails are sent from severity ${minimum}, which leaves out High alerts.`);
      const recipients = contactRecipients(contact);
      if (recipients.length === 0) return fail(target, `Alert emails (severity ${minimum} or higher) are on but reach nobody: no address and no role notifications.`);
      return pass(target, `Alerts of severity ${minimum} or higher are emailed to ${recipients.join(', ')}.`);
    }),
});
