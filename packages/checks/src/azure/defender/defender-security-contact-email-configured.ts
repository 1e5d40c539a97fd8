import { defineCheck, fail, pass } from '@palisade/core';
import { SECURITY_CONTACT_TYPE, evaluateSecurityContacts } from './lib/defender.ts';

const EMAIL = /^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$/;

export default defineCheck({
  id: 'azure/defender-security-contact-email-configured',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: SECURITY_CONTACT_TYPE,
  severity: 'medium',
  title: 'Defender for Cloud has a security contact email address',
  description:
    'Checks that the subscription\'s security contact (`securityContacts/default`, read with api-version 2023-12-01-preview) lists at least one well-formed email address under "Additional email addresses" and that its notifications are not switched off.',
  risk: 'Defender for Cloud and the Microsoft Security Response Center reach an organisation through this address; without it, security alerts and notices of a possible compromise of the subscription go only to whoever happens to open the portal.',
  remediation: {
    summary: 'Set one or more security team mailboxes as additional email addresses of the subscription\'s security contact.',
    cli: 'az rest --method put --url "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview" --body \'{"properties":{"emails":"secops@contoso.com","isEnabled":true,"notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"High"},{"sourceType":"AttackPath","minimalRiskLevel":"High"}]}}\'',
    terraform: 'resource "azurerm_security_center_contact" "default" {\n  name                = "default"\n  email               = "secops@contoso.com"\n  alert_notifications = true\n  alerts_to_admins    = true\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Email notifications → enter the security team\'s addresses in Additional email addresses → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/security-contacts/list'],
  categories: ['monitoring'],
  evaluate: (scope) =>
    evaluateSecurityContacts(scope, 'No security contact is configured, so no additional email address receives Defender for Cloud notifications.', (contact, target) => {
      const valid = contact.emails.filter((email) => EMAIL.test(email));
      if (valid.length === 0) {
        return fail(target, contact.emails.length ? `The security contact lists no valid email address (${contact.emails.join(', ')}).` : 'The security contact has no additional email address.');
      }
      if (!contact.isEnabled) return fail(target, `The security contact lists ${valid.join(', ')} but its email notifications are switched off.`);
      return pass(target, `Security notifications are emailed to ${valid.join(', ')}.`);
    }),
});
