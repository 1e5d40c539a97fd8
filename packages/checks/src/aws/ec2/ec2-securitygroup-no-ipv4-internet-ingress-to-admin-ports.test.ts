import { describe, expect, it } from 'vitest';
import type { Ec2Data, Ec2IpPermission } from '@palisade/core/aws';
import { accountSnapshot, denied, ipPermission, managedPrefixList, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const OFFICE = 'pl-0office0000000001';
const LISTS = ok([managedPrefixList({ id: OFFICE, cidrs: ['198.51.100.0/24', '203.0.113.0/24'] }), managedPrefixList({ id: 'pl-0anywhere', cidrs: ['0.0.0.0/0'] })]);
/** `lists` without `managedPrefixLists` stands for a snapshot written before prefix lists were collected. */
const run = (ingress: readonly Ec2IpPermission[], config = {}, lists: Pick<Ec2Data, 'managedPrefixLists'> = { managedPrefixLists: LISTS }) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]), ...lists } } } }), config);
const udpRule = (port: number, ...cidrs: string[]) => ipPermission({ protocol: 'udp', fromPort: port, toPort: port, ipv4Ranges: cidrs });
const fromList = (port: number, prefixListId: string) => ipPermission({ fromPort: port, toPort: port, prefixListIds: [prefixListId] });

describe(check.id, () => {
  it.each([
    ['no ingress', [], 'PASS'],
    ['ssh from the internet', [tcpRule(22, 22, '0.0.0.0/0')], 'FAIL'],
    ['rdp from the internet', [tcpRule(3389, 3389, '0.0.0.0/0')], 'FAIL'],
    ['a range covering 22', [tcpRule(20, 30, '0.0.0.0/0')], 'FAIL'],
    ['all traffic from the internet', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] })], 'FAIL'],
    ['ssh from a trusted range', [tcpRule(22, 22, '203.0.113.0/24')], 'PASS'],
    ['https from the internet', [tcpRule(443, 443, '0.0.0.0/0')], 'PASS'],
    ['udp 22 is not tcp', [ipPermission({ protocol: 'udp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'] })], 'PASS'],
    ['ssh from ::/0 only (IPv6 is the other check)', [tcpRule(22, 22, '::/0')], 'PASS'],
    ['ssh from another security group', [ipPermission({ fromPort: 22, toPort: 22, referencedGroupIds: ['sg-2'] })], 'PASS'],
    ['ssh from 0.0.0.0/1 and 128.0.0.0/1 in two rules', [tcpRule(22, 22, '0.0.0.0/1'), tcpRule(22, 22, '128.0.0.0/1')], 'FAIL'],
    ['ssh from 0.0.0.0/1 only', [tcpRule(22, 22, '0.0.0.0/1')], 'PASS'],
    ['rdp over udp from the internet', [udpRule(3389, '0.0.0.0/0')], 'FAIL'],
    ['ssh from a prefix list holding 0.0.0.0/0', [fromList(22, 'pl-0anywhere')], 'FAIL'],
    ['ssh from a prefix list of office ranges', [fromList(22, OFFICE)], 'PASS'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('honours configured admin ports', () => {
    expect(statuses(run([tcpRule(5985, 5986, '0.0.0.0/0')]))).toEqual([['PASS', ARN]]);
    expect(statuses(run([tcpRule(5985, 5986, '0.0.0.0/0')], { adminPorts: [5985] }))).toEqual([['FAIL', ARN]]);
  });

  it('names the open port, protocol and rules', () => {
    const [result] = run([tcpRule(22, 22, '0.0.0.0/0')]);
    expect(result?.message).toContain('22/tcp (tcp 22 from 0.0.0.0/0)');
    const [split] = run([tcpRule(22, 22, '0.0.0.0/1'), tcpRule(22, 22, '128.0.0.0/1'), fromList(3389, 'pl-0anywhere'), udpRule(3389, '0.0.0.0/0')]);
    expect(split?.message).toContain('22/tcp (tcp 22 from 0.0.0.0/1, tcp 22 from 128.0.0.0/1), 3389/tcp (tcp 3389 from 0.0.0.0/0 (prefix list pl-0anywhere)), 3389/udp (udp 3389 from 0.0.0.0/0)');
  });

  it('reports ERROR naming the API and code when a rule\'s prefix list cannot be resolved', () => {
    const entriesDenied = ok([managedPrefixList({ id: OFFICE, entries: denied('ec2:GetManagedPrefixListEntries', 'UnauthorizedOperation') })]);
    const cases = [
      [{ managedPrefixLists: entriesDenied }, 'ec2:GetManagedPrefixListEntries', 'UnauthorizedOperation'],
      [{ managedPrefixLists: ok([]) }, 'ec2:DescribeManagedPrefixLists', 'PrefixListNotFound'],
      [{ managedPrefixLists: denied('ec2:DescribeManagedPrefixLists', 'UnauthorizedOperation') }, 'ec2:DescribeManagedPrefixLists', 'UnauthorizedOperation'],
      // A snapshot written before prefix lists were collected.
      [{}, 'ec2:DescribeManagedPrefixLists', 'NotCollected'],
    ] as const;
    for (const [lists, api, code] of cases) {
      const [result, ...others] = run([fromList(22, OFFICE)], {}, lists);
      expect(others).toEqual([]);
      expect([result?.status, result?.resource.uid, result?.error?.api, result?.error?.code]).toEqual(['ERROR', ARN, api, code]);
      expect(result?.message).toContain(`prefix list ${OFFICE}`);
    }
  });

  it('does not let an unreadable prefix list hide or undo a finding', () => {
    expect(statuses(run([fromList(22, OFFICE), tcpRule(3389, 3389, '0.0.0.0/0')], {}, {}))).toEqual([['FAIL', ARN]]);
    // A list on a rule for another port cannot open an administration port.
    expect(statuses(run([fromList(443, OFFICE)], {}, {}))).toEqual([['PASS', ARN]]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
