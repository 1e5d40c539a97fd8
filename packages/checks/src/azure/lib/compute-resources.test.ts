import { describe, expect, it } from 'vitest';
import { managedDisk, unattachedDisk, vmExtension } from '../../testing/azure/index.ts';
import { describeEncryption, isAttached, isAzureMonitorAgent, isEncryptedWithCustomerKey, isEndpointProtection, isLegacyLogAnalyticsAgent } from './compute-resources.ts';

describe('extension kinds', () => {
  it.each([
    ['Microsoft.Azure.AzureDefenderForServers', 'MDE.Windows', true],
    ['Microsoft.Azure.AzureDefenderForServers', 'MDE.Linux', true],
    ['Microsoft.Azure.Security', 'IaaSAntimalware', true],
    ['TrendMicro.DeepSecurity', 'TrendMicroDSA', true],
    ['Symantec', 'SCWPAgent', true],
    ['McAfee.EndpointSecurity', 'McAfeeEndpointSecurity', true],
    ['Microsoft.Azure.Monitor', 'AzureMonitorLinuxAgent', false],
    ['Microsoft.Azure.Extensions', 'CustomScript', false],
  ] as const)('%s.%s is endpoint protection: %s', (publisher, type, expected) => {
    expect(isEndpointProtection(vmExtension({ name: type, publisher, type }))).toBe(expected);
  });

  it('tells the Azure Monitor Agent from the retired Log Analytics agent', () => {
    expect(isAzureMonitorAgent(vmExtension({ name: 'AzureMonitorWindowsAgent', type: 'AzureMonitorWindowsAgent' }))).toBe(true);
    expect(isAzureMonitorAgent(vmExtension({ name: 'AzureMonitorLinuxAgent', publisher: 'Contoso.Fake' }))).toBe(false);
    const legacy = vmExtension({ name: 'MicrosoftMonitoringAgent', publisher: 'Microsoft.EnterpriseCloud.Monitoring', type: 'MicrosoftMonitoringAgent' });
    expect(isAzureMonitorAgent(legacy)).toBe(false);
    expect(isLegacyLogAnalyticsAgent(legacy)).toBe(true);
  });
});

describe('disks', () => {
  it('tells attached from unattached disks by the VM that manages them', () => {
    expect(isAttached(managedDisk({ name: 'os' }))).toBe(true);
    expect(isAttached(managedDisk({ name: 'os', diskState: 'Reserved' }))).toBe(true);
    expect(isAttached(unattachedDisk({ name: 'old' }))).toBe(false);
  });

  it('counts only customer-key encryption types', () => {
    expect(isEncryptedWithCustomerKey(managedDisk({ name: 'a' }))).toBe(true);
    expect(isEncryptedWithCustomerKey(managedDisk({ name: 'b', encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys' } }))).toBe(true);
    expect(isEncryptedWithCustomerKey(managedDisk({ name: 'c', encryption: { type: 'EncryptionAtRestWithPlatformKey' } }))).toBe(false);
    expect(describeEncryption(managedDisk({ name: 'd', encryption: {} }))).toBe('the default platform-managed key');
  });
});
