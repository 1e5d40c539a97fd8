import { describe, expect, it } from 'vitest';
import type { Ec2IpPermission } from '@palisade/core';
import { accountSnapshot, denied, ipPermission, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-ipv6-internet-ingress-to-admin-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const run = (ingress: readonly Ec2IpPermission[], config = {}) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]) } } } }), config);

describe(check.id, () => {
  it.each([
    ['no ingress', [], 'PASS'],
    ['ssh from ::/0', [tcpRule(22, 22, '::/0')], 'FAIL'],
    ['rdp from ::/0', [tcpRule(3389, 3389, '::/0')], 'FAIL'],
    ['all traffic from ::/0', [ipPermission({ protocol: '-1', ipv6Ranges: ['::/0'] })], 'FAIL'],
    ['ssh from a trusted IPv6 range', [tcpRule(22, 22, '2001:db8::/32')], 'PASS'],
    ['ssh from 0.0.0.0/0 only (IPv4 is the other check)', [tcpRule(22, 22, '0.0.0.0/0')], 'PASS'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('honours configured admin ports', () => {
    expect(statuses(run([tcpRule(2222, 2222, '::/0')], { adminPorts: [2222] }))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
