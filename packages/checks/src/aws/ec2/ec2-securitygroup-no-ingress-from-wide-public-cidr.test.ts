import { describe, expect, it } from 'vitest';
import type { Ec2Data, Ec2IpPermission } from '@palisade/core/aws';
import { accountSnapshot, denied, ipPermission, managedPrefixList, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-ingress-from-wide-public-cidr.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const PARTNERS = 'pl-0partners';
const CLOUDFRONT = 'pl-3b927c52';
const LISTS = ok([
  managedPrefixList({ id: PARTNERS, cidrs: ['198.51.100.0/24', '52.0.0.0/8'] }),
  managedPrefixList({ id: 'pl-0offices', cidrs: ['198.51.100.0/24', '54.240.0.0/16'] }),
  managedPrefixList({ id: CLOUDFRONT, ownerId: 'AWS', name: 'com.amazonaws.global.cloudfront.origin-facing', cidrs: ['13.224.0.0/14', '130.176.0.0/17'] }),
]);
const run = (ingress: readonly Ec2IpPermission[], config = {}, managedPrefixLists: Ec2Data['managedPrefixLists'] = LISTS) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]), managedPrefixLists } } } }), config);
const fromList = (port: number, prefixListId: string) => ipPermission({ fromPort: port, toPort: port, prefixListIds: [prefixListId] });

describe(check.id, () => {
  it.each([
    ['no ingress', [], 'PASS'],
    ['https from a /16', [tcpRule(443, 443, '54.240.0.0/16')], 'PASS'],
    ['https from a /15', [tcpRule(443, 443, '54.240.0.0/15')], 'FAIL'],
    ['any port from 0.0.0.0/1', [tcpRule(8080, 8080, '0.0.0.0/1')], 'FAIL'],
    ['https from 0.0.0.0/0 is left to the internet-exposure checks', [tcpRule(443, 443, '0.0.0.0/0')], 'PASS'],
    ['https from ::/0 likewise', [tcpRule(443, 443, '::/0')], 'PASS'],
    ['0.0.0.0/1 and 128.0.0.0/1: each half is wide', [tcpRule(443, 443, '0.0.0.0/1', '128.0.0.0/1')], 'FAIL'],
    ['all traffic from 52.0.0.0/8', [ipPermission({ protocol: '-1', ipv4Ranges: ['52.0.0.0/8'] })], 'FAIL'],
    ['udp from 52.0.0.0/8', [ipPermission({ protocol: 'udp', fromPort: 500, toPort: 500, ipv4Ranges: ['52.0.0.0/8'] })], 'FAIL'],
    ['private 10.0.0.0/8', [tcpRule(22, 22, '10.0.0.0/8')], 'PASS'],
    ['private 172.16.0.0/12 and CGNAT 100.64.0.0/10', [tcpRule(22, 22, '172.16.0.0/12', '100.64.0.0/10')], 'PASS'],
    ['192.168.0.0/15: its public part is a /16', [tcpRule(22, 22, '192.168.0.0/15')], 'PASS'],
    ['10.0.0.0/7: its public part 11.0.0.0/8 is wide', [tcpRule(22, 22, '10.0.0.0/7')], 'FAIL'],
    ['icmp from anywhere carries no ports', [ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['0.0.0.0/0'] })], 'PASS'],
    ['IPv6 /32', [tcpRule(443, 443, '2600:1f00::/32')], 'PASS'],
    ['IPv6 /16', [tcpRule(443, 443, '2600::/16')], 'FAIL'],
    ['IPv6 unique-local fc00::/7', [tcpRule(443, 443, 'fc00::/7')], 'PASS'],
    ['a customer prefix list holding 52.0.0.0/8', [fromList(443, PARTNERS)], 'FAIL'],
    ['a customer prefix list of narrow ranges', [fromList(443, 'pl-0offices')], 'PASS'],
    ['the AWS-managed CloudFront list', [fromList(443, CLOUDFRONT)], 'PASS'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('names the rule, the source and its public size', () => {
    const [result] = run([tcpRule(443, 443, '52.0.0.0/8'), fromList(8443, PARTNERS)]);
    expect(result?.message).toBe(
      'Security group sg-1 (sg-1) admits wide public sources: tcp 443 from 52.0.0.0/8 (16777216 public addresses), tcp 8443 from 52.0.0.0/8 (prefix list pl-0partners) (16777216 public addresses).',
    );
  });

  it('honours the configured prefix lengths', () => {
    expect(statuses(run([tcpRule(443, 443, '54.240.0.0/16')], { minPublicIngressPrefixLength: 24 }))).toEqual([['FAIL', ARN]]);
    expect(statuses(run([tcpRule(443, 443, '54.240.0.0/15')], { minPublicIngressPrefixLength: 8 }))).toEqual([['PASS', ARN]]);
    expect(statuses(run([tcpRule(443, 443, '2600:1f00::/32')], { minPublicIngressPrefixLengthIpv6: 48 }))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR naming the API and code when a customer prefix list cannot be resolved', () => {
    const entriesDenied = ok([managedPrefixList({ id: PARTNERS, entries: denied('ec2:GetManagedPrefixListEntries', 'UnauthorizedOperation') })]);
    const [result, ...others] = run([fromList(443, PARTNERS)], {}, entriesDenied);
    expect(others).toEqual([]);
    expect([result?.status, result?.resource.uid, result?.error?.api, result?.error?.code]).toEqual(['ERROR', ARN, 'ec2:GetManagedPrefixListEntries', 'UnauthorizedOperation']);
    const [missing] = run([fromList(443, 'pl-0gone')]);
    expect([missing?.status, missing?.resource.uid, missing?.error?.api, missing?.error?.code]).toEqual(['ERROR', ARN, 'ec2:DescribeManagedPrefixLists', 'PrefixListNotFound']);
    // A wide block written in the rule fails whatever the list holds.
    expect(statuses(run([fromList(443, PARTNERS), tcpRule(22, 22, '0.0.0.0/1')], {}, entriesDenied))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
