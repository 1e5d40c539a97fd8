import { describe, expect, it } from 'vitest';
import type { Ec2Data, Ec2IpPermission } from '@palisade/core/aws';
import { accountSnapshot, denied, ipPermission, managedPrefixList, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-ipv6-internet-ingress-to-admin-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const V6_LIST = 'pl-0anywhere6';
const V4_LIST = 'pl-0anywhere4';
const LISTS = ok([managedPrefixList({ id: V6_LIST, cidrs: ['::/0'] }), managedPrefixList({ id: V4_LIST, cidrs: ['0.0.0.0/0'] })]);
const run = (ingress: readonly Ec2IpPermission[], config = {}, managedPrefixLists: Ec2Data['managedPrefixLists'] = LISTS) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]), managedPrefixLists } } } }), config);
const fromList = (port: number, prefixListId: string) => ipPermission({ fromPort: port, toPort: port, prefixListIds: [prefixListId] });

describe(check.id, () => {
  it.each([
    ['no ingress', [], 'PASS'],
    ['ssh from ::/0', [tcpRule(22, 22, '::/0')], 'FAIL'],
    ['rdp from ::/0', [tcpRule(3389, 3389, '::/0')], 'FAIL'],
    ['all traffic from ::/0', [ipPermission({ protocol: '-1', ipv6Ranges: ['::/0'] })], 'FAIL'],
    ['ssh from a trusted IPv6 range', [tcpRule(22, 22, '2001:db8::/32')], 'PASS'],
    ['ssh from 0.0.0.0/0 only (IPv4 is the other check)', [tcpRule(22, 22, '0.0.0.0/0')], 'PASS'],
    ['ssh from ::/1 and 8000::/1 in two rules', [tcpRule(22, 22, '::/1'), tcpRule(22, 22, '8000::/1')], 'FAIL'],
    ['ssh from global unicast 2000::/3', [tcpRule(22, 22, '2000::/3')], 'FAIL'],
    ['ssh from unique-local fc00::/7', [tcpRule(22, 22, 'fc00::/7')], 'PASS'],
    ['rdp over udp from ::/0', [ipPermission({ protocol: 'udp', fromPort: 3389, toPort: 3389, ipv6Ranges: ['::/0'] })], 'FAIL'],
    ['udp 22 from ::/0 is not ssh', [ipPermission({ protocol: 'udp', fromPort: 22, toPort: 22, ipv6Ranges: ['::/0'] })], 'PASS'],
    ['ssh from a prefix list holding ::/0', [fromList(22, V6_LIST)], 'FAIL'],
    ['ssh from a prefix list holding 0.0.0.0/0 (IPv4 is the other check)', [fromList(22, V4_LIST)], 'PASS'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('honours configured admin ports', () => {
    expect(statuses(run([tcpRule(2222, 2222, '::/0')], { adminPorts: [2222] }))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR naming the API and code when a rule\'s prefix list cannot be resolved', () => {
    const [result, ...others] = run([fromList(3389, 'pl-0gone')]);
    expect(others).toEqual([]);
    expect([result?.status, result?.resource.uid, result?.error?.api, result?.error?.code]).toEqual(['ERROR', ARN, 'ec2:DescribeManagedPrefixLists', 'PrefixListNotFound']);
    // An IPv4 list whose entries could not be read cannot open anything to ::/0.
    const v4Denied = ok([managedPrefixList({ id: V4_LIST, entries: denied('ec2:GetManagedPrefixListEntries') })]);
    expect(statuses(run([fromList(22, V4_LIST)], {}, v4Denied))).toEqual([['PASS', ARN]]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
