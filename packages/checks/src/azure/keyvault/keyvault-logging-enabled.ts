import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import type { KeyVaultDiagnosticSetting } from '@palisade/core/azure';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

/** AuditEvent is sent when named, or through the `audit` or `allLogs` category group. */
function sendsAuditEvents(setting: KeyVaultDiagnosticSetting): boolean {
  return setting.logs.some(
    (log) => log.enabled && (log.category?.toLowerCase() === 'auditevent' || ['audit', 'alllogs'].includes(log.categoryGroup?.toLowerCase() ?? '')),
  );
}

function hasDestination(setting: KeyVaultDiagnosticSetting): boolean {
  return Boolean(setting.workspaceId || setting.storageAccountId || setting.eventHubAuthorizationRuleId || setting.marketplacePartnerId);
}

export default defineCheck({
  id: 'azure/keyvault-logging-enabled',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'medium',
  title: 'Key vaults log their audit events',
  description:
    'Checks that each key vault has a diagnostic setting that sends the AuditEvent category (named, or through the audit or allLogs category group) to a destination: a Log Analytics workspace, storage account, event hub or partner solution.',
  risk: 'Without audit logs, nobody can tell who read a secret, used a key or changed access to the vault, and a compromise of the vault cannot be detected or investigated.',
  remediation: {
    summary: 'Add a diagnostic setting that sends the audit category group to a Log Analytics workspace (and, if required, to a storage account for long retention).',
    cli: 'az monitor diagnostic-settings create --name keyvault-audit --resource <vault-resource-id> --workspace <workspace-resource-id> --logs \'[{"categoryGroup":"audit","enabled":true}]\'',
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "vault" {\n  name                       = "keyvault-audit"\n  target_resource_id         = azurerm_key_vault.this.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n\n  enabled_log {\n    category_group = "audit"\n  }\n}',
    console: 'Key vaults → select the vault → Monitoring → Diagnostic settings → + Add diagnostic setting → check the audit category group (or AuditEvent) → choose a destination → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/general/logging', 'https://learn.microsoft.com/en-us/azure/key-vault/general/howto-logging'],
  categories: ['logging'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const target = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        return fromFetched(vault.diagnosticSettings, target, (settings) => {
          const logging = settings.find((setting) => hasDestination(setting) && sendsAuditEvents(setting));
          if (logging) return [pass(target, `Key vault ${vault.name} sends its audit events to diagnostic setting ${logging.name}.`)];
          return settings.length === 0
            ? [fail(target, `Key vault ${vault.name} has no diagnostic setting, so its audit events are not kept.`)]
            : [fail(target, `No diagnostic setting of key vault ${vault.name} sends AuditEvent logs to a destination (${settings.map((setting) => setting.name).join(', ')}).`)];
        });
      }),
    ),
});
