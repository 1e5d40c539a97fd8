import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ec2Image, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './ec2-ami-public.ts';

const ARN = 'arn:aws:ec2:us-east-1::image/ami-1';

describe(check.id, () => {
  it.each([
    ['private', ec2Image({ id: 'ami-1' }), 'PASS'],
    ['public', ec2Image({ id: 'ami-1', public: true }), 'FAIL'],
  ] as const)('%s → %s', (_name, image, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { images: ok([image]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when images could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { ec2: { images: denied('ec2:DescribeImages') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:ec2:us-east-1:123456789012:ec2/us-east-1']]);
  });
});
