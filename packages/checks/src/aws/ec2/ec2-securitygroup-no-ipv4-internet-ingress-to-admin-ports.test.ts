import { describe, expect, it } from 'vitest';
import type { Ec2IpPermission } from '@palisade/core';
import { accountSnapshot, denied, ipPermission, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const run = (ingress: readonly Ec2IpPermission[], config = {}) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]) } } } }), config);

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
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('honours configured admin ports', () => {
    expect(statuses(run([tcpRule(5985, 5986, '0.0.0.0/0')]))).toEqual([['PASS', ARN]]);
    expect(statuses(run([tcpRule(5985, 5986, '0.0.0.0/0')], { adminPorts: [5985] }))).toEqual([['FAIL', ARN]]);
  });

  it('names the open port and rule', () => {
    const [result] = run([tcpRule(22, 22, '0.0.0.0/0')]);
    expect(result?.message).toContain('22 (tcp 22 from 0.0.0.0/0)');
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
