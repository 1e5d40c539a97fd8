import { describe, expect, it } from 'vitest';
import { NACL_DEFAULT_DENY, ipPermission, naclEntry, networkAcl, securityGroup, tcpRule } from '../../testing/aws/index.ts';
import {
  cidrContains,
  describePermission,
  internetSources,
  isInternetCidr,
  isWiderThanAnyVpc,
  naclIngressDecision,
  naclInternetOpenPorts,
  parseCidr,
  permissionCoversAllPorts,
  permissionCoversTcpPort,
  securityGroupInternetOpenPorts,
} from './network.ts';

describe('parseCidr', () => {
  it.each([
    ['10.1.2.3/8', { family: 'ipv4', address: 0x0a000000n, prefixLength: 8 }],
    ['0.0.0.0/0', { family: 'ipv4', address: 0n, prefixLength: 0 }],
    ['::/0', { family: 'ipv6', address: 0n, prefixLength: 0 }],
    ['2001:db8::/32', { family: 'ipv6', address: 0x20010db8n << 96n, prefixLength: 32 }],
    ['2001:db8:0:0:0:0:0:1/128', { family: 'ipv6', address: (0x20010db8n << 96n) | 1n, prefixLength: 128 }],
  ] as const)('%s', (cidr, expected) => {
    expect(parseCidr(cidr)).toEqual(expected);
  });

  it.each(['10.0.0.0', '10.0.0.256/8', '10.0.0/8', '10.0.0.0/33', '::1::/64', '2001:db8::/129', 'pl-123'])('rejects %s', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });
});

describe('CIDR predicates', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['10.0.0.0/0', true],
    ['0.0.0.0/1', false],
    ['::/1', false],
    ['203.0.113.5/32', false],
  ] as const)('isInternetCidr(%s) = %s', (cidr, expected) => {
    expect(isInternetCidr(cidr)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/16', '10.0.5.0/24', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.0.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['0.0.0.0/0', '172.31.0.0/16', true],
    ['::/0', '10.0.0.0/16', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
  ] as const)('cidrContains(%s, %s) = %s', (outer, inner, expected) => {
    expect(cidrContains(outer, inner)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', true],
    ['172.16.0.0/15', true],
    ['10.0.0.0/16', false],
    ['10.0.1.0/24', false],
    ['::/0', true],
    ['2001:db8::/40', true],
    ['2001:db8:1200::/56', false],
  ] as const)('isWiderThanAnyVpc(%s) = %s', (cidr, expected) => {
    expect(isWiderThanAnyVpc(cidr)).toBe(expected);
  });
});

describe('security group rules', () => {
  it.each([
    [ipPermission({ protocol: '-1' }), 22, true],
    [tcpRule(22), 22, true],
    [tcpRule(0, 1024), 22, true],
    [tcpRule(23, 1024), 22, false],
    [ipPermission({ protocol: '6', fromPort: 3389, toPort: 3389 }), 3389, true],
    [ipPermission({ protocol: 'udp', fromPort: 0, toPort: 65535 }), 22, false],
    [ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1 }), 22, false],
  ] as const)('permissionCoversTcpPort(%j, %s) = %s', (permission, port, expected) => {
    expect(permissionCoversTcpPort(permission, port)).toBe(expected);
  });

  it.each([
    [ipPermission({ protocol: '-1' }), true],
    [tcpRule(0, 65535), true],
    [tcpRule(1, 65535), true],
    [ipPermission({ protocol: 'udp', fromPort: 0, toPort: 65535 }), true],
    [tcpRule(2, 65535), false],
    [tcpRule(0, 65534), false],
    [ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1 }), false],
  ] as const)('permissionCoversAllPorts(%j) = %s', (permission, expected) => {
    expect(permissionCoversAllPorts(permission)).toBe(expected);
  });

  it('selects internet sources by family', () => {
    const permission = tcpRule(22, 22, '0.0.0.0/0', '10.0.0.0/8', '::/0');
    expect(internetSources(permission, ['ipv4'])).toEqual(['0.0.0.0/0']);
    expect(internetSources(permission, ['ipv6'])).toEqual(['::/0']);
    expect(internetSources(permission, ['ipv4', 'ipv6'])).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('describes rules', () => {
    expect(describePermission(ipPermission({ protocol: '-1' }))).toBe('all traffic');
    expect(describePermission(tcpRule(22))).toBe('tcp 22');
    expect(describePermission(tcpRule(1000, 2000))).toBe('tcp 1000-2000');
  });

  it('lists each open port once with the first rule that opens it', () => {
    const group = securityGroup({ id: 'sg-1', ingress: [tcpRule(443, 443, '0.0.0.0/0'), tcpRule(0, 65535, '0.0.0.0/0'), tcpRule(22, 22, '0.0.0.0/0')] });
    expect(securityGroupInternetOpenPorts(group, [22, 3389], ['ipv4'])).toEqual([
      { port: 22, cidr: '0.0.0.0/0', rule: 'tcp 0-65535' },
      { port: 3389, cidr: '0.0.0.0/0', rule: 'tcp 0-65535' },
    ]);
  });
});

describe('network ACL evaluation', () => {
  const tcp = (ruleNumber: number, from: number, to: number, ruleAction: 'allow' | 'deny' = 'allow') =>
    naclEntry({ ruleNumber, protocol: '6', portRange: { from, to }, ruleAction });

  it('denies when nothing matches (implicit * rule)', () => {
    expect(naclIngressDecision([], 22, 'ipv4')).toEqual({ action: 'deny' });
    expect(naclIngressDecision(NACL_DEFAULT_DENY, 22, 'ipv4')).toEqual({ action: 'deny', ruleNumber: 32767 });
  });

  it('lets the lowest-numbered matching rule win', () => {
    const entries = [naclEntry({ ruleNumber: 100 }), tcp(90, 22, 22, 'deny'), ...NACL_DEFAULT_DENY];
    expect(naclIngressDecision(entries, 22, 'ipv4')).toEqual({ action: 'deny', ruleNumber: 90 });
    expect(naclIngressDecision(entries, 3389, 'ipv4')).toEqual({ action: 'allow', ruleNumber: 100 });
  });

  it('skips rules that do not cover the port or protocol', () => {
    const entries = [tcp(80, 80, 80, 'deny'), naclEntry({ ruleNumber: 85, protocol: '17', ruleAction: 'deny' }), tcp(100, 20, 25), ...NACL_DEFAULT_DENY];
    expect(naclIngressDecision(entries, 22, 'ipv4')).toEqual({ action: 'allow', ruleNumber: 100 });
  });

  it('treats a tcp rule without a port range as all ports', () => {
    expect(naclIngressDecision([naclEntry({ ruleNumber: 100, protocol: '6' })], 22, 'ipv4')).toEqual({ action: 'allow', ruleNumber: 100 });
  });

  it('ignores narrower sources and egress rules', () => {
    const entries = [
      naclEntry({ ruleNumber: 10, ruleAction: 'deny', cidrBlock: '198.51.100.0/24' }),
      naclEntry({ ruleNumber: 20, egress: true, ruleAction: 'deny' }),
      naclEntry({ ruleNumber: 30, cidrBlock: '10.0.0.0/8' }),
      naclEntry({ ruleNumber: 100 }),
    ];
    expect(naclIngressDecision(entries, 22, 'ipv4')).toEqual({ action: 'allow', ruleNumber: 100 });
  });

  it('evaluates IPv4 and IPv6 rules separately', () => {
    const acl = networkAcl({
      id: 'acl-1',
      entries: [naclEntry({ ruleNumber: 100, ruleAction: 'deny' }), naclEntry({ ruleNumber: 101, cidrBlock: undefined, ipv6CidrBlock: '::/0' })],
    });
    expect(naclInternetOpenPorts(acl, [22])).toEqual([{ port: 22, family: 'ipv6', ruleNumber: 101 }]);
  });
});
