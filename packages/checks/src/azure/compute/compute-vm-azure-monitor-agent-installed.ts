import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { describeExtension, isAzureMonitorAgent, isInstalled, isLegacyLogAnalyticsAgent, virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-azure-monitor-agent-installed',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'low',
  title: 'Virtual machines run the Azure Monitor Agent',
  description:
    'Checks that each virtual machine has the Azure Monitor Agent extension (`AzureMonitorWindowsAgent` or `AzureMonitorLinuxAgent`) installed successfully, so that its security events, syslog and performance data can be collected into Log Analytics by data collection rules. The legacy Log Analytics agent (`MicrosoftMonitoringAgent`, `OmsAgentForLinux`) was retired in August 2024 and does not count; the message names it where it is still present.',
  risk:
    'Without a supported monitoring agent, the VM\'s operating system logs never reach the SIEM, so sign-in attacks, privilege escalation and malware activity inside the VM leave no trace an analyst can query.',
  remediation: {
    summary: 'Install the Azure Monitor Agent (with a system-assigned identity) and associate the VM with a data collection rule; remove the retired Log Analytics agent.',
    cli: 'az vm identity assign --resource-group <resource-group> --name <vm-name>\naz vm extension set --resource-group <resource-group> --vm-name <vm-name> --name AzureMonitorLinuxAgent --publisher Microsoft.Azure.Monitor --enable-auto-upgrade true\naz monitor data-collection rule association create --name dcr-vm --rule-id <data-collection-rule-id> --resource <vm-id>',
    terraform: 'resource "azurerm_virtual_machine_extension" "ama" {\n  name                       = "AzureMonitorLinuxAgent"\n  virtual_machine_id         = azurerm_linux_virtual_machine.app.id\n  publisher                  = "Microsoft.Azure.Monitor"\n  type                       = "AzureMonitorLinuxAgent"\n  type_handler_version       = "1.0"\n  auto_upgrade_minor_version = true\n  automatic_upgrade_enabled  = true\n}',
    console: 'Azure portal → Monitor → Data Collection Rules → select or create a rule → Resources → Add → select the VM (the Azure Monitor Agent is installed automatically) → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/azure-monitor/agents/azure-monitor-agent-overview', 'https://learn.microsoft.com/en-us/azure/azure-monitor/agents/azure-monitor-agent-migration'],
  categories: ['logging', 'monitoring'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        const target = virtualMachineResource(machine);
        return fromFetched(machine.extensions, target, (extensions) => {
          const agents = extensions.filter(isAzureMonitorAgent);
          const installed = agents.find(isInstalled);
          if (installed) return [pass(target, `Virtual machine ${machine.name} runs the Azure Monitor Agent: ${describeExtension(installed)}.`)];
          const legacy = extensions.filter(isLegacyLogAnalyticsAgent);
          const notes = [
            ...(agents.length > 0 ? [`the Azure Monitor Agent is not installed successfully (${agents.map(describeExtension).join(', ')})`] : ['the Azure Monitor Agent is not installed']),
            ...(legacy.length > 0 ? [`only the retired Log Analytics agent is present (${legacy.map(describeExtension).join(', ')})`] : []),
          ];
          return [fail(target, `Virtual machine ${machine.name}: ${notes.join('; ')}.`)];
        });
      }),
    ),
});
