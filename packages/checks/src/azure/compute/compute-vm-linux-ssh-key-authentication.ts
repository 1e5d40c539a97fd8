import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-linux-ssh-key-authentication',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'medium',
  title: 'Linux virtual machines allow SSH key sign-in only',
  description:
    'Checks that each Linux virtual machine was provisioned with password authentication disabled (`osProfile.linuxConfiguration.disablePasswordAuthentication`), so its administrator signs in with SSH keys (or Microsoft Entra ID) rather than a password. VMs created from a specialized disk have no OS profile in Azure, since Azure never provisioned their operating system, and get no result; Windows VMs are not concerned.',
  risk:
    'Password sign-in over SSH is the target of constant brute-force and credential-stuffing attempts; a guessed or reused password gives an attacker a shell, whereas a private key cannot be guessed.',
  remediation: {
    summary: 'Add an SSH public key for the administrator, disable PasswordAuthentication in sshd_config, and create new VMs with password authentication disabled; prefer Microsoft Entra ID sign-in for Linux.',
    cli: 'az vm user update --resource-group <resource-group> --name <vm-name> --username <admin-user> --ssh-key-value ~/.ssh/id_ed25519.pub\naz vm run-command invoke --resource-group <resource-group> --name <vm-name> --command-id RunShellScript --scripts "sed -i \'s/^#\\?PasswordAuthentication.*/PasswordAuthentication no/\' /etc/ssh/sshd_config && systemctl reload sshd"\n# new VMs:\naz vm create ... --authentication-type ssh --generate-ssh-keys',
    terraform: 'resource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  disable_password_authentication = true\n  admin_ssh_key {\n    username   = "azureuser"\n    public_key = file("~/.ssh/id_ed25519.pub")\n  }\n}',
    console: 'Azure portal → Virtual machines → select the VM → Help → Reset password → Mode: Reset SSH public key → add the key; then disable password sign-in in /etc/ssh/sshd_config. For new VMs choose Authentication type: SSH public key.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/linux/create-ssh-keys-detailed', 'https://learn.microsoft.com/en-us/entra/identity/devices/howto-vm-sign-in-azure-ad-linux'],
  categories: ['credentials', 'identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        if (machine.osType?.toLowerCase() !== 'linux' || !machine.osProfile) return [];
        const target = virtualMachineResource(machine);
        const linux = machine.osProfile.linuxConfiguration;
        return linux?.disablePasswordAuthentication === true
          ? pass(target, `Linux virtual machine ${machine.name} has password authentication disabled (${linux.sshPublicKeyCount} SSH key(s) provisioned).`)
          : fail(target, `Linux virtual machine ${machine.name} allows password authentication.`);
      }),
    ),
});
