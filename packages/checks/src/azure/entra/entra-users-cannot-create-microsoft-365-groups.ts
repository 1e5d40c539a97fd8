import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { GROUP_UNIFIED_TEMPLATE, settingValue } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-users-cannot-create-microsoft-365-groups',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'low',
  title: 'Users cannot create Microsoft 365 groups',
  description:
    'Checks the tenant\'s Group.Unified directory setting: `EnableGroupCreation` must be false, so only administrators (and the group named in `GroupCreationAllowedGroupId`, if any) create Microsoft 365 groups. Without the setting, the default lets every user create them (CIS Microsoft Azure Foundations 2.21).',
  risk: 'Each Microsoft 365 group brings a mailbox, SharePoint site and Team; created freely, they multiply without owners, retention or guest-access review and scatter data beyond governance.',
  remediation: {
    summary: 'Set "Users can create Microsoft 365 groups in Azure portals, API or PowerShell" to No (the Group.Unified setting EnableGroupCreation = false), optionally allowing one security group to create them.',
    cli: "az rest --method POST --url https://graph.microsoft.com/v1.0/groupSettings --body '{\"templateId\":\"62375ab9-6b52-47ed-826b-58e47e0e304b\",\"values\":[{\"name\":\"EnableGroupCreation\",\"value\":\"false\"}]}'\n# if the setting exists already: az rest --method PATCH --url https://graph.microsoft.com/v1.0/groupSettings/<setting-id> --body '{\"values\":[{\"name\":\"EnableGroupCreation\",\"value\":\"false\"}]}'",
    terraform: 'resource "msgraph_resource" "group_unified_settings" {\n  url = "groupSettings"\n  body = {\n    templateId = "62375ab9-6b52-47ed-826b-58e47e0e304b"\n    values     = [{ name = "EnableGroupCreation", value = "false" }]\n  }\n}',
    console: 'Microsoft Entra admin center → Identity → Groups → General (settings) → Users can create Microsoft 365 groups in Azure portals, API or PowerShell: No → Save.',
  },
  references: ['https://learn.microsoft.com/microsoft-365/solutions/manage-creation-of-groups', 'https://learn.microsoft.com/entra/identity/users/groups-settings-cmdlets'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      return fromFetched(entra.directorySettings, target, (settings) => {
        const enabled = settingValue(settings, GROUP_UNIFIED_TEMPLATE, 'EnableGroupCreation');
        if (enabled === undefined) return [fail(target, 'No Group.Unified setting restricts it, so every user can create Microsoft 365 groups.')];
        if (enabled.toLowerCase() !== 'false') return [fail(target, 'Every user can create Microsoft 365 groups (EnableGroupCreation is true).')];
        const allowed = settingValue(settings, GROUP_UNIFIED_TEMPLATE, 'GroupCreationAllowedGroupId');
        return [pass(target, allowed ? `Only administrators and members of group ${allowed} can create Microsoft 365 groups.` : 'Only administrators can create Microsoft 365 groups.')];
      });
    }),
});
