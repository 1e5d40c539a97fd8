import { describe, expect, it } from 'vitest';
import type { Ec2IpPermission, Ec2ManagedPrefixList } from '@palisade/core/aws';
import { NACL_DEFAULT_DENY, denied, ipPermission, managedPrefixList, naclEntry, networkAcl, ok, securityGroup, tcpRule } from '../../testing/aws/index.ts';
import {
  cidrContains,
  coversPublicInternet,
  describeExposures,
  describePermission,
  isInternetCidr,
  isWiderThanAnyVpc,
  naclIngressDecision,
  naclInternetOpenPorts,
  parseCidr,
  permissionCoversPort,
  permissionSources,
  prefixListResolver,
  publicAddressCount,
  securityGroupAllPortsExposure,
  securityGroupInternetExposure,
  securityGroupWidePublicSources,
  serviceProtocols,
} from './network.ts';
import type { PrefixListResolver } from './network.ts';

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
    // All IPv6 internet addresses sit in global unicast 2000::/3, which ::/1 holds and 8000::/1 does not.
    ['::/1', true],
    ['2000::/3', true],
    ['8000::/1', false],
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

describe('the public internet', () => {
  it.each([
    ['one /0', ['0.0.0.0/0'], 'ipv4', true],
    ['two halves', ['0.0.0.0/1', '128.0.0.0/1'], 'ipv4', true],
    ['four quarters in any order', ['192.0.0.0/2', '0.0.0.0/2', '128.0.0.0/2', '64.0.0.0/2'], 'ipv4', true],
    ['one half', ['0.0.0.0/1'], 'ipv4', false],
    ['two halves minus a public /24', ['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4', '240.0.0.0/4'], 'ipv4', true],
    ['everything but 10.0.0.0/8', ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'], 'ipv4', true],
    ['everything but 8.0.0.0/8 (public)', ['0.0.0.0/5', '9.0.0.0/8', '10.0.0.0/7', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'], 'ipv4', false],
    ['only private space', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], 'ipv4', false],
    ['nothing', [], 'ipv4', false],
    ['IPv4 blocks for IPv6', ['0.0.0.0/0'], 'ipv6', false],
    ['::/0', ['::/0'], 'ipv6', true],
    ['::/1 and 8000::/1', ['::/1', '8000::/1'], 'ipv6', true],
    ['global unicast 2000::/3', ['2000::/3'], 'ipv6', true],
    ['half of global unicast', ['2000::/4'], 'ipv6', false],
    ['malformed blocks', ['0.0.0.0/33', 'pl-123'], 'ipv4', false],
  ] as const)('%s → %s', (_name, cidrs, family, expected) => {
    expect(coversPublicInternet(cidrs, family)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', 0n],
    ['192.168.0.0/16', 0n],
    ['100.64.0.0/10', 0n],
    ['fc00::/7', 0n],
    ['fe80::/10', 0n],
    ['52.0.0.0/8', 1n << 24n],
    ['192.168.0.0/15', 1n << 16n],
    ['10.0.0.0/7', 1n << 24n],
    ['2001:db8::/32', 0n],
    ['2600::/16', 1n << 112n],
    ['not a cidr', 0n],
  ] as const)('publicAddressCount(%s) = %s', (cidr, expected) => {
    expect(publicAddressCount(cidr)).toBe(expected);
  });
});

describe('security group rules', () => {
  it.each([
    [ipPermission({ protocol: '-1' }), 'tcp', 22, true],
    [ipPermission({ protocol: '-1' }), 'udp', 3389, true],
    [tcpRule(22), 'tcp', 22, true],
    [tcpRule(22), 'udp', 22, false],
    [tcpRule(0, 1024), 'tcp', 22, true],
    [tcpRule(23, 1024), 'tcp', 22, false],
    [ipPermission({ protocol: '6', fromPort: 3389, toPort: 3389 }), 'tcp', 3389, true],
    [ipPermission({ protocol: '17', fromPort: 3389, toPort: 3389 }), 'udp', 3389, true],
    [ipPermission({ protocol: 'udp', fromPort: 0, toPort: 65535 }), 'tcp', 22, false],
    [ipPermission({ protocol: 'udp', fromPort: 0, toPort: 65535 }), 'udp', 22, true],
    [ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1 }), 'tcp', 22, false],
  ] as const)('permissionCoversPort(%j, %s, %s) = %s', (permission, protocol, port, expected) => {
    expect(permissionCoversPort(permission, protocol, port)).toBe(expected);
  });

  it('checks UDP only for ports whose service listens on it', () => {
    expect(serviceProtocols(22)).toEqual(['tcp']);
    expect(serviceProtocols(3389)).toEqual(['tcp', 'udp']);
    expect(serviceProtocols(11211)).toEqual(['tcp', 'udp']);
    expect(serviceProtocols(5432)).toEqual(['tcp']);
  });

  it('describes rules', () => {
    expect(describePermission(ipPermission({ protocol: '-1' }))).toBe('all traffic');
    expect(describePermission(tcpRule(22))).toBe('tcp 22');
    expect(describePermission(tcpRule(1000, 2000))).toBe('tcp 1000-2000');
  });
});

const OFFICE = 'pl-0office';
const listsOf = (...lists: Ec2ManagedPrefixList[]) => prefixListResolver({ managedPrefixLists: ok(lists) }, 'us-east-1');
const noLists: PrefixListResolver = listsOf();

describe('prefix lists', () => {
  it('resolves a rule\'s lists to their entries, beside its own blocks', () => {
    const resolve = listsOf(managedPrefixList({ id: OFFICE, cidrs: ['198.51.100.0/24', '0.0.0.0/0'] }));
    const permission = ipPermission({ fromPort: 22, toPort: 22, ipv6Ranges: ['::/0'], prefixListIds: [OFFICE] });
    expect(permissionSources(permission, resolve)).toEqual({
      sources: [
        { cidr: '::/0', family: 'ipv6' },
        { cidr: '198.51.100.0/24', family: 'ipv4', prefixList: { id: OFFICE, awsManaged: false } },
        { cidr: '0.0.0.0/0', family: 'ipv4', prefixList: { id: OFFICE, awsManaged: false } },
      ],
      unresolved: [],
    });
  });

  it('reports a list it cannot find, a list whose entries failed, a failed listing and an old snapshot as unresolved', () => {
    const permission = ipPermission({ prefixListIds: [OFFICE] });
    expect(permissionSources(permission, noLists).unresolved).toEqual([
      {
        prefixListId: OFFICE,
        error: { api: 'ec2:DescribeManagedPrefixLists', code: 'PrefixListNotFound', message: `prefix list ${OFFICE} is not among the 0 prefix lists visible in us-east-1`, region: 'us-east-1' },
      },
    ]);
    const entriesDenied = listsOf(managedPrefixList({ id: OFFICE, addressFamily: 'IPv6', entries: denied('ec2:GetManagedPrefixListEntries', 'UnauthorizedOperation') }));
    expect(permissionSources(permission, entriesDenied).unresolved).toEqual([
      { prefixListId: OFFICE, family: 'ipv6', awsManaged: false, error: expect.objectContaining({ api: 'ec2:GetManagedPrefixListEntries', code: 'UnauthorizedOperation' }) },
    ]);
    const listingDenied = prefixListResolver({ managedPrefixLists: denied('ec2:DescribeManagedPrefixLists', 'UnauthorizedOperation') }, 'us-east-1');
    expect(permissionSources(permission, listingDenied).unresolved[0]?.error).toMatchObject({ api: 'ec2:DescribeManagedPrefixLists', code: 'UnauthorizedOperation' });
    const oldSnapshot = prefixListResolver({}, 'us-east-1');
    expect(permissionSources(permission, oldSnapshot).unresolved[0]?.error).toMatchObject({ api: 'ec2:DescribeManagedPrefixLists', code: 'NotCollected', region: 'us-east-1' });
  });
});

describe('security group exposure', () => {
  const group = (...ingress: Ec2IpPermission[]) => securityGroup({ id: 'sg-1', ingress });
  const udpRule = (port: number, ...cidrs: string[]) => ipPermission({ protocol: 'udp', fromPort: port, toPort: port, ipv4Ranges: cidrs });

  it('lists each open port and protocol with every public source that opens it', () => {
    const report = securityGroupInternetExposure(group(tcpRule(443, 443, '0.0.0.0/0'), tcpRule(0, 65535, '0.0.0.0/0', '10.0.0.0/8'), tcpRule(22, 22, '0.0.0.0/0')), [22, 5432], ['ipv4'], noLists);
    expect(report).toEqual({
      found: [
        { port: 22, protocol: 'tcp', families: ['ipv4'], openedBy: ['tcp 0-65535 from 0.0.0.0/0', 'tcp 22 from 0.0.0.0/0'] },
        { port: 5432, protocol: 'tcp', families: ['ipv4'], openedBy: ['tcp 0-65535 from 0.0.0.0/0'] },
      ],
      unresolved: [],
    });
    expect(describeExposures(report.found)).toBe('22/tcp (tcp 0-65535 from 0.0.0.0/0, tcp 22 from 0.0.0.0/0), 5432/tcp (tcp 0-65535 from 0.0.0.0/0)');
  });

  it('adds up the sources of all the group\'s rules: 0.0.0.0/1 and 128.0.0.0/1 in two rules are the internet', () => {
    const report = securityGroupInternetExposure(group(tcpRule(22, 22, '0.0.0.0/1'), tcpRule(20, 30, '128.0.0.0/1')), [22], ['ipv4'], noLists);
    expect(report.found).toEqual([{ port: 22, protocol: 'tcp', families: ['ipv4'], openedBy: ['tcp 22 from 0.0.0.0/1', 'tcp 20-30 from 128.0.0.0/1'] }]);
    // Only rules that admit the port add up.
    expect(securityGroupInternetExposure(group(tcpRule(22, 22, '0.0.0.0/1'), tcpRule(23, 30, '128.0.0.0/1')), [22], ['ipv4'], noLists).found).toEqual([]);
    // Halves over different protocols do not make one protocol open.
    expect(securityGroupInternetExposure(group(tcpRule(3389, 3389, '0.0.0.0/1'), udpRule(3389, '128.0.0.0/1')), [3389], ['ipv4'], noLists).found).toEqual([]);
  });

  it('counts UDP where the service listens on it, and only there', () => {
    expect(securityGroupInternetExposure(group(udpRule(3389, '0.0.0.0/0')), [3389], ['ipv4'], noLists).found).toEqual([
      { port: 3389, protocol: 'udp', families: ['ipv4'], openedBy: ['udp 3389 from 0.0.0.0/0'] },
    ]);
    expect(securityGroupInternetExposure(group(udpRule(22, '0.0.0.0/0')), [22], ['ipv4'], noLists).found).toEqual([]);
  });

  it('opens a port through a prefix list holding the internet', () => {
    const resolve = listsOf(managedPrefixList({ id: OFFICE, cidrs: ['0.0.0.0/0'] }));
    const report = securityGroupInternetExposure(group(ipPermission({ fromPort: 22, toPort: 22, prefixListIds: [OFFICE] })), [22], ['ipv4'], resolve);
    expect(describeExposures(report.found)).toBe(`22/tcp (tcp 22 from 0.0.0.0/0 (prefix list ${OFFICE}))`);
  });

  it('reports an unreadable list only where it could open what is not already open', () => {
    const viaList = ipPermission({ fromPort: 22, toPort: 22, prefixListIds: [OFFICE] });
    const unknown = securityGroupInternetExposure(group(viaList), [22], ['ipv4'], noLists);
    expect(unknown.found).toEqual([]);
    expect(unknown.unresolved.map((list) => [list.prefixListId, list.error.code])).toEqual([[OFFICE, 'PrefixListNotFound']]);
    // Already open from 0.0.0.0/0: the list cannot change that.
    expect(securityGroupInternetExposure(group(viaList, tcpRule(22, 22, '0.0.0.0/0')), [22], ['ipv4'], noLists).unresolved).toEqual([]);
    // A rule for another port does not matter.
    expect(securityGroupInternetExposure(group(viaList), [3389], ['ipv4'], noLists)).toEqual({ found: [], unresolved: [] });
    // An IPv6 list whose entries failed cannot open IPv4.
    const ipv6Denied = listsOf(managedPrefixList({ id: OFFICE, addressFamily: 'IPv6', entries: denied('ec2:GetManagedPrefixListEntries') }));
    expect(securityGroupInternetExposure(group(viaList), [22], ['ipv4'], ipv6Denied)).toEqual({ found: [], unresolved: [] });
    expect(securityGroupInternetExposure(group(viaList), [22], ['ipv6'], ipv6Denied).unresolved).toHaveLength(1);
  });

  it.each([
    ['all traffic', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] })], ['tcp', 'udp']],
    ['tcp 0-65535', [tcpRule(0, 65535, '0.0.0.0/0')], ['tcp']],
    ['tcp 1-65535', [tcpRule(1, 65535, '0.0.0.0/0')], ['tcp']],
    ['udp 0-65535', [ipPermission({ protocol: 'udp', fromPort: 0, toPort: 65535, ipv4Ranges: ['0.0.0.0/0'] })], ['udp']],
    ['tcp 2-65535', [tcpRule(2, 65535, '0.0.0.0/0')], []],
    ['tcp 0-65534', [tcpRule(0, 65534, '0.0.0.0/0')], []],
    ['icmp from anywhere', [ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['0.0.0.0/0'] })], []],
    ['all traffic from two halves', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/1'] }), ipPermission({ protocol: '-1', ipv4Ranges: ['128.0.0.0/1'] })], ['tcp', 'udp']],
    ['the ports split between two rules', [tcpRule(1, 30000, '0.0.0.0/0'), tcpRule(30001, 65535, '0.0.0.0/0')], ['tcp']],
    ['ports and sources split crosswise', [tcpRule(1, 65535, '0.0.0.0/1'), tcpRule(1, 30000, '128.0.0.0/1'), tcpRule(30001, 65535, '128.0.0.0/1')], ['tcp']],
    ['a gap at one port', [tcpRule(1, 30000, '0.0.0.0/0'), tcpRule(30002, 65535, '0.0.0.0/0')], []],
    ['all traffic from private space', [ipPermission({ protocol: '-1', ipv4Ranges: ['10.0.0.0/8'] })], []],
  ] as const)('all ports: %s → %j', (_name, ingress, protocols) => {
    expect(securityGroupAllPortsExposure(group(...ingress), ['ipv4', 'ipv6'], noLists).found.map((item) => item.protocol)).toEqual(protocols);
  });

  it('finds wide public sources, counting only public addresses and skipping AWS-managed lists', () => {
    const limits = { ipv4: 16, ipv6: 32 };
    const cloudfront = managedPrefixList({ id: 'pl-3b927c52', ownerId: 'AWS', cidrs: ['13.224.0.0/14'] });
    const partners = managedPrefixList({ id: 'pl-0partners', cidrs: ['52.0.0.0/8', '198.51.100.0/24'] });
    const resolve = listsOf(cloudfront, partners);
    const report = securityGroupWidePublicSources(
      group(
        tcpRule(443, 443, '0.0.0.0/1', '10.0.0.0/8', '192.168.0.0/15', '54.0.0.0/16', '2600::/16', '2600:1f00::/32'),
        ipPermission({ fromPort: 443, toPort: 443, prefixListIds: ['pl-3b927c52', 'pl-0partners'] }),
        ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['0.0.0.0/0'] }),
      ),
      resolve,
      limits,
    );
    expect(report.found.map((wide) => [wide.rule, wide.source.cidr, wide.source.prefixList?.id, wide.publicAddresses])).toEqual([
      ['tcp 443', '0.0.0.0/1', undefined, (1n << 31n) - (1n << 24n) * 3n - (1n << 22n)],
      ['tcp 443', '2600::/16', undefined, 1n << 112n],
      ['tcp 443', '52.0.0.0/8', 'pl-0partners', 1n << 24n],
    ]);
    expect(report.unresolved).toEqual([]);
  });

  it('does not let an unreadable AWS-managed list make the wide check unknown', () => {
    const awsDenied = listsOf(managedPrefixList({ id: 'pl-3b927c52', ownerId: 'AWS', entries: denied('ec2:GetManagedPrefixListEntries') }));
    const viaList = group(ipPermission({ fromPort: 443, toPort: 443, prefixListIds: ['pl-3b927c52'] }));
    expect(securityGroupWidePublicSources(viaList, awsDenied, { ipv4: 16, ipv6: 32 })).toEqual({ found: [], unresolved: [] });
    expect(securityGroupWidePublicSources(viaList, noLists, { ipv4: 16, ipv6: 32 }).unresolved.map((list) => list.error.code)).toEqual(['PrefixListNotFound']);
  });
});

describe('network ACL evaluation', () => {
  const tcp = (ruleNumber: number, from: number, to: number, ruleAction: 'allow' | 'deny' = 'allow', cidrBlock = '0.0.0.0/0') =>
    naclEntry({ ruleNumber, protocol: '6', portRange: { from, to }, ruleAction, cidrBlock });

  it('denies when nothing matches (implicit * rule)', () => {
    expect(naclIngressDecision([], 'tcp', 22, 'ipv4')).toEqual({ action: 'deny', ruleNumbers: [] });
    expect(naclIngressDecision(NACL_DEFAULT_DENY, 'tcp', 22, 'ipv4')).toEqual({ action: 'deny', ruleNumbers: [32767] });
  });

  it('lets the lowest-numbered matching rule win', () => {
    const entries = [naclEntry({ ruleNumber: 100 }), tcp(90, 22, 22, 'deny'), ...NACL_DEFAULT_DENY];
    expect(naclIngressDecision(entries, 'tcp', 22, 'ipv4')).toEqual({ action: 'deny', ruleNumbers: [90] });
    expect(naclIngressDecision(entries, 'tcp', 3389, 'ipv4')).toEqual({ action: 'allow', ruleNumbers: [100] });
  });

  it('skips rules that do not cover the port or protocol', () => {
    const entries = [tcp(80, 80, 80, 'deny'), naclEntry({ ruleNumber: 85, protocol: '17', ruleAction: 'deny' }), tcp(100, 20, 25), ...NACL_DEFAULT_DENY];
    expect(naclIngressDecision(entries, 'tcp', 22, 'ipv4')).toEqual({ action: 'allow', ruleNumbers: [100] });
    expect(naclIngressDecision(entries, 'udp', 22, 'ipv4')).toEqual({ action: 'deny', ruleNumbers: [85] });
  });

  it('treats a tcp rule without a port range as all ports', () => {
    expect(naclIngressDecision([naclEntry({ ruleNumber: 100, protocol: '6' })], 'tcp', 22, 'ipv4')).toEqual({ action: 'allow', ruleNumbers: [100] });
  });

  it('adds up allows until they cover the internet, and denies the same way', () => {
    expect(naclIngressDecision([tcp(100, 22, 22, 'allow', '0.0.0.0/1'), tcp(110, 0, 1024, 'allow', '128.0.0.0/1')], 'tcp', 22, 'ipv4')).toEqual({ action: 'allow', ruleNumbers: [100, 110] });
    expect(naclIngressDecision([tcp(90, 22, 22, 'deny', '0.0.0.0/1'), tcp(91, 22, 22, 'deny', '128.0.0.0/1'), naclEntry({ ruleNumber: 100 })], 'tcp', 22, 'ipv4')).toEqual({
      action: 'deny',
      ruleNumbers: [90, 91],
    });
    // One half allowed, then an internet-wide deny: not open to the internet as a whole.
    expect(naclIngressDecision([tcp(100, 22, 22, 'allow', '0.0.0.0/1'), tcp(110, 22, 22, 'deny')], 'tcp', 22, 'ipv4')).toEqual({ action: 'deny', ruleNumbers: [110] });
  });

  it('ignores narrower denies, private sources and egress rules', () => {
    const entries = [
      naclEntry({ ruleNumber: 10, ruleAction: 'deny', cidrBlock: '198.51.100.0/24' }),
      naclEntry({ ruleNumber: 15, ruleAction: 'deny', cidrBlock: '52.0.0.0/8' }),
      naclEntry({ ruleNumber: 20, egress: true, ruleAction: 'deny' }),
      naclEntry({ ruleNumber: 30, cidrBlock: '10.0.0.0/8' }),
      naclEntry({ ruleNumber: 100 }),
    ];
    expect(naclIngressDecision(entries, 'tcp', 22, 'ipv4')).toEqual({ action: 'allow', ruleNumbers: [100] });
  });

  it('evaluates IPv4 and IPv6 rules separately, and UDP for RDP', () => {
    const acl = networkAcl({
      id: 'acl-1',
      entries: [naclEntry({ ruleNumber: 100, ruleAction: 'deny' }), naclEntry({ ruleNumber: 101, cidrBlock: undefined, ipv6CidrBlock: '::/0' })],
    });
    expect(naclInternetOpenPorts(acl, [22, 3389])).toEqual([
      { port: 22, protocol: 'tcp', family: 'ipv6', ruleNumbers: [101] },
      { port: 3389, protocol: 'tcp', family: 'ipv6', ruleNumbers: [101] },
      { port: 3389, protocol: 'udp', family: 'ipv6', ruleNumbers: [101] },
    ]);
  });
});
