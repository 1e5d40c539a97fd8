import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ec2Instance, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-instance-imdsv2-enabled.ts';

const ARN = 'arn:aws:ec2:us-east-1:123456789012:instance/i-1';

describe(check.id, () => {
  it.each([
    ['tokens required', ec2Instance({ id: 'i-1' }), 'PASS'],
    ['endpoint disabled', ec2Instance({ id: 'i-1', metadataOptions: { httpTokens: 'optional', httpEndpoint: 'disabled' } }), 'PASS'],
    ['tokens optional', ec2Instance({ id: 'i-1', metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled' } }), 'FAIL'],
    ['stopped with tokens optional', ec2Instance({ id: 'i-1', state: 'stopped', metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled' } }), 'FAIL'],
  ] as const)('%s → %s', (_name, instance, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: ok([instance]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('skips terminated instances', () => {
    const instance = ec2Instance({ id: 'i-1', state: 'terminated', metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled' } });
    expect(runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: ok([instance]) } } } }))).toEqual([]);
  });

  it('reports ERROR when instances could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { instances: denied('ec2:DescribeInstances') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
