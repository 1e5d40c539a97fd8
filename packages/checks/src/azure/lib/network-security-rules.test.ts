import { describe, expect, it } from 'vitest';
import { nsgInboundRule, networkSecurityGroup, networkSecurityRule } from '../../testing/azure/index.ts';
import { coversAllPorts, describeRanges, internetExposures, isInternetSource, mergeRanges, openToInternet, parsePortRange, subtractRanges } from './network-security-rules.ts';

describe('parsePortRange', () => {
  it.each([
    ['*', { from: 0, to: 65535 }],
    ['22', { from: 22, to: 22 }],
    ['20-25', { from: 20, to: 25 }],
    [' 1000 - 2000 ', { from: 1000, to: 2000 }],
    ['25-20', undefined],
    ['70000', undefined],
    ['http', undefined],
  ] as const)('%s', (text, expected) => {
    expect(parsePortRange(text)).toEqual(expected);
  });
});

describe('port range arithmetic', () => {
  it('merges overlapping and adjacent ranges', () => {
    expect(mergeRanges([{ from: 30, to: 40 }, { from: 20, to: 29 }, { from: 35, to: 50 }, { from: 60, to: 60 }])).toEqual([
      { from: 20, to: 50 },
      { from: 60, to: 60 },
    ]);
  });

  it('subtracts ranges', () => {
    expect(subtractRanges([{ from: 0, to: 100 }], [{ from: 22, to: 22 }, { from: 80, to: 200 }])).toEqual([
      { from: 0, to: 21 },
      { from: 23, to: 79 },
    ]);
  });

  it('describes ranges', () => {
    expect(describeRanges([{ from: 0, to: 65535 }])).toBe('all ports');
    expect(describeRanges([{ from: 53, to: 53 }, { from: 1000, to: 2000 }])).toBe('53, 1000-2000');
    expect(coversAllPorts([{ from: 0, to: 1023 }, { from: 1024, to: 65535 }])).toBe(true);
  });
});

describe('isInternetSource', () => {
  it.each([
    ['*', true],
    ['Any', true],
    ['Internet', true],
    ['internet', true],
    ['0.0.0.0/0', true],
    ['0.0.0.0', true],
    ['::/0', true],
    ['10.0.0.0/8', false],
    ['VirtualNetwork', false],
    ['AzureLoadBalancer', false],
    ['203.0.113.7', false],
  ] as const)('%s → %s', (prefix, expected) => {
    expect(isInternetSource(prefix)).toBe(expected);
  });
});

describe('internetExposures', () => {
  it('ignores the default rules, which admit only the virtual network and the load balancer', () => {
    expect(internetExposures(networkSecurityGroup({ name: 'nsg-web' }), 'Tcp')).toEqual([]);
  });

  it('applies rules in priority order whatever their order in the list', () => {
    const group = networkSecurityGroup({ name: 'nsg-web', securityRules: [nsgInboundRule('allow-all', 300, '*'), nsgInboundRule('deny-ssh', 100, '22', { access: 'Deny' })] });
    const [exposure] = internetExposures(group, 'Tcp');
    expect(exposure?.rule.name).toBe('allow-all');
    expect(exposure?.ranges).toEqual([
      { from: 0, to: 21 },
      { from: 23, to: 65535 },
    ]);
  });

  it('does not let a Deny for part of the internet close a port', () => {
    const group = networkSecurityGroup({
      name: 'nsg-web',
      securityRules: [nsgInboundRule('deny-one-range', 100, '22', { access: 'Deny', source: '198.51.100.0/24' }), nsgInboundRule('allow-ssh', 200, '22')],
    });
    expect(openToInternet(group, [{ protocol: 'Tcp', port: 22 }]).map((open) => open.rule.name)).toEqual(['allow-ssh']);
  });

  it('does not let a Deny for one destination close a port for the others', () => {
    const group = networkSecurityGroup({
      name: 'nsg-web',
      securityRules: [networkSecurityRule({ name: 'deny-ssh-one-host', priority: 100, access: 'Deny', destinationAddressPrefixes: ['10.0.1.4'] }), nsgInboundRule('allow-ssh', 200, '22')],
    });
    expect(openToInternet(group, [{ protocol: 'Tcp', port: 22 }])).toHaveLength(1);
  });

  it('counts any-protocol rules for both TCP and UDP, and UDP rules only for UDP', () => {
    const group = networkSecurityGroup({ name: 'nsg-web', securityRules: [nsgInboundRule('allow-dns', 100, '53', { protocol: 'Udp' }), nsgInboundRule('allow-any', 200, '8080', { protocol: '*' })] });
    expect(internetExposures(group, 'Udp').map((exposure) => exposure.rule.name)).toEqual(['allow-dns', 'allow-any']);
    expect(internetExposures(group, 'Tcp').map((exposure) => exposure.rule.name)).toEqual(['allow-any']);
  });

  it('ignores outbound rules and rules with application security group sources', () => {
    const group = networkSecurityGroup({
      name: 'nsg-web',
      securityRules: [
        networkSecurityRule({ name: 'outbound', direction: 'Outbound', destinationPortRanges: ['*'] }),
        networkSecurityRule({ name: 'from-asg', sourceAddressPrefixes: [], sourceApplicationSecurityGroupIds: ['/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-admins'] }),
      ],
    });
    expect(internetExposures(group, 'Tcp')).toEqual([]);
  });
});
