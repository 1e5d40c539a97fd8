import { describe, expect, it } from 'vitest';
import type { Ec2FlowLog } from '@palisade/core/aws';
import { accountSnapshot, denied, flowLog, ok, runCheck, statuses, vpc } from '../../testing/aws/index.ts';
import check from './vpc-flow-logs-enabled.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1';
const run = (flowLogs: readonly Ec2FlowLog[]) =>
  runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { vpcs: ok([vpc({ id: 'vpc-1' })]), flowLogs: ok(flowLogs) } } } }));

describe(check.id, () => {
  it.each([
    ['active flow log on the VPC', [flowLog({ resourceId: 'vpc-1' })], 'PASS'],
    ['active REJECT-only flow log', [flowLog({ resourceId: 'vpc-1', trafficType: 'REJECT' })], 'PASS'],
    ['no flow log', [], 'FAIL'],
    ['flow log on another VPC', [flowLog({ resourceId: 'vpc-2' })], 'FAIL'],
    ['flow log on a subnet only', [flowLog({ resourceId: 'subnet-0a1b2c3d' })], 'FAIL'],
    ['flow log not active', [flowLog({ resourceId: 'vpc-1', status: 'FAILED' })], 'FAIL'],
  ] as const)('%s → %s', (_name, flowLogs, expected) => {
    expect(statuses(run(flowLogs))).toEqual([[expected, ARN]]);
  });

  it('reports ERROR on the region when VPCs could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { vpcs: denied('ec2:DescribeVpcs') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });

  it('reports ERROR per VPC when flow logs could not be listed', () => {
    const results = runCheck(
      check,
      accountSnapshot({ regional: { 'us-east-1': { ec2: { vpcs: ok([vpc({ id: 'vpc-1' })]), flowLogs: denied('ec2:DescribeFlowLogs') } } } }),
    );
    expect(statuses(results)).toEqual([['ERROR', ARN]]);
    expect(results[0]?.message).toContain('ec2:DescribeFlowLogs failed with AccessDenied');
  });
});
