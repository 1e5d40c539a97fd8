import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ipPermission, ok, runCheck, securityGroup, statuses, tcpRule } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-no-internet-ingress-to-all-ports.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';

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
  ] as const)('%s → %s', (_name, ingress, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([securityGroup({ id: 'sg-1', ingress })]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
