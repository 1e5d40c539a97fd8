import { defineCheck, fail, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';

const WHO_INVITES: Readonly<Record<string, string>> = {
  none: 'No one (not even administrators) can invite guests',
  adminsandguestinviters: 'Only administrators and users in the Guest Inviter role can invite guests',
  adminsguestinvitersandallmembers: 'Any member user can invite guests',
  everyone: 'Anyone in the organization, guests included, can invite guests',
};
const RESTRICTED = new Set(['none', 'adminsandguestinviters']);

export default defineCheck({
  id: 'azure/entra-guest-invites-restricted-to-admins',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'Only administrators and Guest Inviters can invite guest users',
  description:
    'Checks the authorization policy\'s `allowInvitesFrom`: "Guest invite restrictions" must be "Only users assigned to specific admin roles can invite guest users" (`adminsAndGuestInviters`) or stricter (`none`) (CIS Microsoft Azure Foundations 2.16).',
  risk: 'When any member, or any guest, can invite guests, outsiders join the directory without review and gain whatever access shared groups, apps and sites give guests.',
  remediation: {
    summary: 'Set "Guest invite restrictions" to "Only users assigned to specific admin roles can invite guest users" and give the Guest Inviter role to the people who onboard partners.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"allowInvitesFrom":"adminsAndGuestInviters"}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { allowInvitesFrom = "adminsAndGuestInviters" }\n}',
    console: 'Microsoft Entra admin center → Identity → External Identities → External collaboration settings → Guest invite settings: "Only users assigned to specific admin roles can invite guest users" → Save.',
  },
  references: ['https://learn.microsoft.com/entra/external-id/external-collaboration-settings-configure', 'https://learn.microsoft.com/graph/api/resources/authorizationpolicy'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) => {
        const setting = policy.allowInvitesFrom.toLowerCase();
        const message = `${WHO_INVITES[setting] ?? `Guest invitations are allowed from '${policy.allowInvitesFrom}'`}.`;
        return RESTRICTED.has(setting) ? pass(target, message) : fail(target, message);
      }),
    ),
});
