import { describe, expect, it } from 'vitest';
import type { Ec2IpPermission } from '@palisade/core';
import { accountSnapshot, denied, ipPermission, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-internet-ingress-to-database-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
const run = (ingress: readonly Ec2IpPermission[], config = {}) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]) } } } }), config);

describe(check.id, () => {
  it.each([
    ['https only', [tcpRule(443, 443, '0.0.0.0/0')], 'PASS'],
    ['postgres from the internet', [tcpRule(5432, 5432, '0.0.0.0/0')], 'FAIL'],
    ['mysql from ::/0', [tcpRule(3306, 3306, '::/0')], 'FAIL'],
    ['redis from the internet', [tcpRule(6379, 6379, '0.0.0.0/0')], 'FAIL'],
    ['all traffic from the internet', [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] })], 'FAIL'],
    ['postgres from the app security group', [ipPermission({ fromPort: 5432, toPort: 5432, referencedGroupIds: ['sg-app'] })], 'PASS'],
    ['postgres from a private range', [tcpRule(5432, 5432, '10.0.0.0/16')], 'PASS'],
  ] as const)('%s → %s', (_name, ingress, expected) => {
    expect(statuses(run(ingress))).toEqual([[expected, ARN]]);
  });

  it('honours configured database ports', () => {
    expect(statuses(run([tcpRule(8123, 8123, '0.0.0.0/0')]))).toEqual([['PASS', ARN]]);
    expect(statuses(run([tcpRule(8123, 8123, '0.0.0.0/0')], { databasePorts: [8123] }))).toEqual([['FAIL', ARN]]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
