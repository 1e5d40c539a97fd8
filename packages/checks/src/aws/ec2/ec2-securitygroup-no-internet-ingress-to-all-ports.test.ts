import { describe, expect, it } from 'vitest';
import type { Ec2Data, Ec2IpPermission } from '@palisade/core/aws';
import { accountSnapshot, denied, ipPermission, managedPrefixList, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-internet-ingress-to-all-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const LISTS = ok([managedPrefixList({ id: 'pl-0anywhere', cidrs: ['0.0.0.0/0'] })]);
const run = (ingress: readonly Ec2IpPermission[], managedPrefixLists: Ec2Data['managedPrefixLists'] = LISTS) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]), managedPrefixLists } } } }));

describe(check.id, () => {
  it.each([
    ['https only', [tcpRule(443, 443, '0.0.0.0/0')], 'PASS'],
    ['all traffic from 0.0.0.0/0', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] })], 'FAIL'],
    ['all traffic from ::/0', [ipPermission({ protocol: '-1', ipv6Ranges: ['::/0'] })], 'FAIL'],
    ['tcp 0-65535 from the internet', [tcpRule(0, 65535, '0.0.0.0/0')], 'FAIL'],
    ['tcp 1-65535 from the internet', [tcpRule(1, 65535, '0.0.0.0/0')], 'FAIL'],
    ['udp 0-65535 from the internet', [ipPermission({ protocol: 'udp', fromPort: 0, toPort: 65535, ipv4Ranges: ['0.0.0.0/0'] })], 'FAIL'],
    ['tcp 1024-65535 from the internet', [tcpRule(1024, 65535, '0.0.0.0/0')], 'PASS'],
    ['all traffic from a private range', [ipPermission({ protocol: '-1', ipv4Ranges: ['10.0.0.0/8'] })], 'PASS'],
    ['all icmp from the internet', [ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['0.0.0.0/0'] })], 'PASS'],
    ['all traffic from 0.0.0.0/1 and 128.0.0.0/1 in two rules', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/1'] }), ipPermission({ protocol: '-1', ipv4Ranges: ['128.0.0.0/1'] })], 'FAIL'],
    ['all traffic from 0.0.0.0/1 only', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/1'] })], 'PASS'],
    ['the port range split over two rules', [tcpRule(0, 1023, '0.0.0.0/0'), tcpRule(1024, 65535, '0.0.0.0/0')], 'FAIL'],
    ['all traffic from a prefix list holding 0.0.0.0/0', [ipPermission({ protocol: '-1', prefixListIds: ['pl-0anywhere'] })], 'FAIL'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('names the protocols and the rules that open them', () => {
    const [all] = run([ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] })]);
    expect(all?.message).toContain('opens all ports to the internet: tcp and udp (all traffic from 0.0.0.0/0, all traffic from ::/0).');
    const [split] = run([tcpRule(0, 65535, '0.0.0.0/1'), tcpRule(0, 65535, '128.0.0.0/1')]);
    expect(split?.message).toContain('tcp (tcp 0-65535 from 0.0.0.0/1, tcp 0-65535 from 128.0.0.0/1)');
  });

  it('reports ERROR naming the API and code when a rule\'s prefix list cannot be resolved', () => {
    const [result, ...others] = run([ipPermission({ protocol: '-1', prefixListIds: ['pl-0anywhere'] })], denied('ec2:DescribeManagedPrefixLists', 'UnauthorizedOperation'));
    expect(others).toEqual([]);
    expect([result?.status, result?.resource.uid, result?.error?.api, result?.error?.code]).toEqual(['ERROR', ARN, 'ec2:DescribeManagedPrefixLists', 'UnauthorizedOperation']);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
