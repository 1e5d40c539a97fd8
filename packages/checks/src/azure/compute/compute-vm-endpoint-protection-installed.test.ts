import { describe, expect, it } from 'vitest';
import type { VirtualMachineExtension } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine, vmExtension } from '../../testing/azure/index.ts';
import check from './compute-vm-endpoint-protection-installed.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');
const monitorAgent = vmExtension({ name: 'AzureMonitorLinuxAgent' });
const run = (...extensions: VirtualMachineExtension[]) => runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine({ name: 'vm-app', extensions: ok(extensions) })]) }) }));

describe(check.id, () => {
  it.each([
    ['Defender for Endpoint (Linux)', [monitorAgent, vmExtension({ name: 'MDE.Linux', publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Linux' })], 'PASS'],
    ['Microsoft Antimalware', [vmExtension({ name: 'IaaSAntimalware', publisher: 'Microsoft.Azure.Security', type: 'IaaSAntimalware' })], 'PASS'],
    ['Trend Micro Deep Security', [vmExtension({ name: 'TrendMicroDSA', publisher: 'TrendMicro.DeepSecurity', type: 'TrendMicroDSA' })], 'PASS'],
    ['only the monitoring agent', [monitorAgent], 'FAIL'],
    ['no extensions', [], 'FAIL'],
    ['Defender for Endpoint that failed to install', [vmExtension({ name: 'MDE.Windows', publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Windows', provisioningState: 'Failed' })], 'FAIL'],
  ] as const)('%s → %s', (_name, extensions, expected) => {
    expect(statuses(run(...extensions))).toEqual([[expected, VM]]);
  });

  it('names the failed extension', () => {
    const [result] = run(vmExtension({ name: 'MDE.Windows', publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Windows', provisioningState: 'Failed' }));
    expect(result?.message).toContain('MDE.Windows (Microsoft.Azure.AzureDefenderForServers.MDE.Windows 1.33, Failed)');
  });

  it('reports ERROR on the VM whose extensions could not be read', () => {
    const machine = virtualMachine({ name: 'vm-app', extensions: denied('Microsoft.Compute/virtualMachines/extensions/read', VM) });
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([machine, virtualMachine({ name: 'vm-db' })]) }) }));
    expect(statuses(results)).toEqual([
      ['ERROR', VM],
      ['PASS', armId('Microsoft.Compute/virtualMachines', 'vm-db')],
    ]);
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without VMs', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
