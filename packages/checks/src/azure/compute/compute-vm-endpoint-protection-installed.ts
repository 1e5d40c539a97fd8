import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { describeExtension, isEndpointProtection, isInstalled, virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-endpoint-protection-installed',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'medium',
  title: 'Virtual machines have an endpoint protection extension installed',
  description:
    'Checks that each virtual machine has an endpoint protection solution installed as a VM extension and provisioned successfully (CIS 8.8): Microsoft Defender for Endpoint (`MDE.Windows`, `MDE.Linux`), Microsoft Antimalware (`IaaSAntimalware`), or a recognised third-party agent (Trend Micro Deep Security, Symantec, McAfee/Trellix endpoint security and similar). Protection installed inside the operating system without an extension is not visible to Azure; mute the finding for VMs protected that way.',
  risk:
    'A VM without endpoint protection has no malware detection or response on the host, so ransomware, cryptominers and post-exploitation tooling run unnoticed once an attacker gets in.',
  remediation: {
    summary: 'Enable Microsoft Defender for Servers so Defender for Endpoint is deployed to the VMs automatically, or install the endpoint protection extension of your chosen product.',
    cli: 'az security pricing create --name VirtualMachines --tier Standard\n# or Microsoft Antimalware on a Windows VM:\naz vm extension set --resource-group <resource-group> --vm-name <vm-name> --name IaaSAntimalware --publisher Microsoft.Azure.Security --settings \'{"AntimalwareEnabled": true, "RealtimeProtectionEnabled": "true"}\'',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n}',
    console: 'Azure portal → Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Servers: On → Settings → Endpoint protection: On → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/integration-defender-for-endpoint',
    'https://learn.microsoft.com/en-us/azure/security/fundamentals/antimalware',
    'https://learn.microsoft.com/en-us/azure/virtual-machines/extensions/overview',
  ],
  categories: ['threat-detection'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        const target = virtualMachineResource(machine);
        return fromFetched(machine.extensions, target, (extensions) => {
          const protection = extensions.filter(isEndpointProtection);
          const installed = protection.filter(isInstalled);
          if (installed.length > 0) return [pass(target, `Virtual machine ${machine.name} has endpoint protection installed: ${installed.map(describeExtension).join(', ')}.`)];
          return protection.length > 0
            ? [fail(target, `Virtual machine ${machine.name} has endpoint protection extensions that are not installed successfully: ${protection.map(describeExtension).join(', ')}.`)]
            : [fail(target, `Virtual machine ${machine.name} has no endpoint protection extension.`)];
        });
      }),
    ),
});
