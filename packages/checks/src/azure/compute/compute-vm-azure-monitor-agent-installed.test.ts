import { describe, expect, it } from 'vitest';
import type { VirtualMachineExtension } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine, vmExtension } from '../../testing/azure/index.ts';
import check from './compute-vm-azure-monitor-agent-installed.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');
const legacyAgent = vmExtension({ name: 'OmsAgentForLinux', publisher: 'Microsoft.EnterpriseCloud.Monitoring', type: 'OmsAgentForLinux', typeHandlerVersion: '1.19' });
const run = (...extensions: VirtualMachineExtension[]) => runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine({ name: 'vm-app', extensions: ok(extensions) })]) }) }));

describe(check.id, () => {
  it.each([
    ['Linux agent', [vmExtension({ name: 'AzureMonitorLinuxAgent' })], 'PASS'],
    ['Windows agent', [vmExtension({ name: 'AzureMonitorWindowsAgent', type: 'AzureMonitorWindowsAgent' })], 'PASS'],
    ['no extensions', [], 'FAIL'],
    ['only the retired Log Analytics agent', [legacyAgent], 'FAIL'],
    ['an agent that failed to install', [vmExtension({ name: 'AzureMonitorLinuxAgent', provisioningState: 'Failed' })], 'FAIL'],
  ] as const)('%s → %s', (_name, extensions, expected) => {
    expect(statuses(run(...extensions))).toEqual([[expected, VM]]);
  });

  it('mentions the retired agent', () => {
    expect(run(legacyAgent)[0]?.message).toContain('retired Log Analytics agent');
  });

  it('reports ERROR on the VM whose extensions could not be read', () => {
    const machine = virtualMachine({ name: 'vm-app', extensions: denied('Microsoft.Compute/virtualMachines/extensions/read', VM) });
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([machine]) }) }));
    expect(statuses(results)).toEqual([['ERROR', VM]]);
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without VMs', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
