import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine, vmExtension } from '../../testing/azure/index.ts';
import check from './compute-vm-approved-extensions-reviewed.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');

describe(check.id, () => {
  it('lists the extensions of each VM for review', () => {
    const machine = virtualMachine({ name: 'vm-app', extensions: ok([vmExtension({ name: 'CustomScript', publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.1' })]) });
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([machine]) }) }));
    expect(statuses(results)).toEqual([['MANUAL', VM]]);
    expect(results[0]?.message).toContain('CustomScript (Microsoft.Azure.Extensions.CustomScript 2.1)');
  });

  it('says when a VM has no extensions', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine({ name: 'vm-app', extensions: ok([]) })]) }) }));
    expect(statuses(results)).toEqual([['MANUAL', VM]]);
    expect(results[0]?.message).toContain('no extensions');
  });

  it('reports ERROR on the VM whose extensions could not be read', () => {
    const machine = virtualMachine({ name: 'vm-app', extensions: denied('Microsoft.Compute/virtualMachines/extensions/read', VM) });
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([machine]) }) })))).toEqual([['ERROR', VM]]);
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without VMs', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
