import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ipPermission, ok, runCheck, securityGroup, statuses } from '../../testing/aws/index.ts';
import check from './ec2-securitygroup-default-restrict-traffic.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-default';
const selfReference = ipPermission({ protocol: '-1', referencedGroupIds: ['sg-default'] });
const allOutbound = ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] });

describe(check.id, () => {
  it.each([
    ['no rules', securityGroup({ id: 'sg-default', name: 'default' }), 'PASS'],
    ['AWS-created rules', securityGroup({ id: 'sg-default', name: 'default', ingress: [selfReference], egress: [allOutbound] }), 'FAIL'],
    ['egress only', securityGroup({ id: 'sg-default', name: 'default', egress: [allOutbound] }), 'FAIL'],
    ['ingress only', securityGroup({ id: 'sg-default', name: 'default', ingress: [selfReference] }), 'FAIL'],
  ] as const)('%s → %s', (_name, group, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([group]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('ignores non-default groups', () => {
    const group = securityGroup({ id: 'sg-app', name: 'app', egress: [allOutbound] });
    expect(runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: ok([group]) } } } }))).toEqual([]);
  });

  it('reports ERROR when security groups could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { securityGroups: denied('ec2:DescribeSecurityGroups') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
