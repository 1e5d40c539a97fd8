import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/entra-technical-contact-configured',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'low',
  title: 'The tenant has a technical or security notification contact',
  description:
    'Checks the organization\'s `technicalNotificationMails` and `securityComplianceNotificationMails`: at least one address must be set, so Microsoft\'s service, security and compliance notices about the tenant reach someone.',
  risk: 'Notices about the tenant (security incidents, leaked credentials, service changes that need action) go to these addresses; with none, or only a departed administrator\'s mailbox, they go unread.',
  remediation: {
    summary: 'Set the technical contact (and security notification address) to a monitored shared mailbox or distribution list.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/organization/<tenant-id> --body \'{"technicalNotificationMails":["security@contoso.com"]}\'',
    terraform: 'resource "msgraph_update_resource" "organization" {\n  url  = "organization/${var.tenant_id}"\n  body = { technicalNotificationMails = ["security@contoso.com"] }\n}',
    console: 'Microsoft Entra admin center → Identity → Overview → Properties → Technical contact: a monitored shared mailbox → Save.',
  },
  references: ['https://learn.microsoft.com/entra/fundamentals/properties-area', 'https://learn.microsoft.com/graph/api/resources/organization'],
  categories: ['governance', 'monitoring'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      return eachFetched(entra.organization, target, (organization) => {
        const contacts = [...new Set([...organization.technicalNotificationMails, ...organization.securityComplianceNotificationMails])];
        return contacts.length ? pass(target, `Tenant notices go to ${contacts.join(', ')}.`) : fail(target, 'The tenant has no technical or security notification contact.');
      });
    }),
});
