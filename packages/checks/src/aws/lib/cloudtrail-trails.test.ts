import { describe, expect, it } from 'vitest';
import type { CloudTrailAdvancedEventSelector, CloudTrailBasicEventSelector } from '@palisade/core/aws';
import { accountSnapshot, cloudTrailTrail, denied, ok } from '../../testing/aws/index.ts';
import { capturesAllManagementEvents, logsAllS3ObjectEvents, uniqueTrails } from './cloudtrail-trails.ts';
import type { TrailEventSelectors } from './cloudtrail-trails.ts';

const basic = (overrides: Partial<CloudTrailBasicEventSelector>): TrailEventSelectors => ({
  basic: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [], ...overrides }],
  advanced: [],
});
const advanced = (...fieldSelectors: CloudTrailAdvancedEventSelector['fieldSelectors']): TrailEventSelectors => ({
  basic: [],
  advanced: [{ name: 'selector', fieldSelectors }],
});
const s3Objects = (values: string[], readWriteType: CloudTrailBasicEventSelector['readWriteType'] = 'All') =>
  basic({ readWriteType, dataResources: [{ type: 'AWS::S3::Object', values }] });

describe('uniqueTrails', () => {
  it('lists a shadowed trail once, keeping readable status from any copy', () => {
    const home = cloudTrailTrail({ name: 'org', status: denied('cloudtrail:GetTrailStatus') });
    const shadow = { ...home, status: ok({ isLogging: true }) };
    const account = accountSnapshot({
      regions: ['us-east-1', 'eu-west-1'],
      regional: { 'us-east-1': { cloudtrail: { trails: ok([home]) } }, 'eu-west-1': { cloudtrail: { trails: ok([shadow]) } } },
    });
    const trails = uniqueTrails(account);
    expect(trails.value?.map((trail) => [trail.arn, trail.status.value?.isLogging])).toEqual([[home.arn, true]]);
  });

  it('carries the listing error of any region', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    expect(uniqueTrails(account).error?.api).toBe('cloudtrail:DescribeTrails');
  });
});

describe('capturesAllManagementEvents', () => {
  it.each([
    ['basic All', basic({}), true],
    ['basic WriteOnly', basic({ readWriteType: 'WriteOnly' }), false],
    ['basic management off', basic({ includeManagementEvents: false }), false],
    ['advanced Management', advanced({ field: 'eventCategory', equals: ['Management'] }), true],
    ['advanced Management write-only', advanced({ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['false'] }), false],
    ['advanced Data', advanced({ field: 'eventCategory', equals: ['Data'] }), false],
    ['none', { basic: [], advanced: [] }, false],
  ] as const)('%s → %s', (_name, selectors, expected) => {
    expect(capturesAllManagementEvents(selectors)).toBe(expected);
  });
});

describe('logsAllS3ObjectEvents', () => {
  const dataS3 = [
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
  ] as const;
  it.each([
    ['basic all buckets, All', s3Objects(['arn:aws:s3']), true, true],
    ['basic all buckets with :::', s3Objects(['arn:aws:s3:::']), true, true],
    ['basic all buckets in aws-us-gov', s3Objects(['arn:aws-us-gov:s3']), true, true],
    ['basic WriteOnly', s3Objects(['arn:aws:s3'], 'WriteOnly'), true, false],
    ['basic ReadOnly', s3Objects(['arn:aws:s3'], 'ReadOnly'), false, true],
    ['basic one bucket', s3Objects(['arn:aws:s3:::my-bucket/']), false, false],
    ['basic Lambda only', basic({ dataResources: [{ type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }] }), false, false],
    ['advanced read and write', advanced(...dataS3), true, true],
    ['advanced write', advanced(...dataS3, { field: 'readOnly', equals: ['false'] }), true, false],
    ['advanced read', advanced(...dataS3, { field: 'readOnly', equals: ['true'] }), false, true],
    ['advanced one bucket', advanced(...dataS3, { field: 'resources.ARN', startsWith: ['arn:aws:s3:::my-bucket/'] }), false, false],
  ] as const)('%s → write %s, read %s', (_name, selectors, write, read) => {
    expect(logsAllS3ObjectEvents(selectors, 'write')).toBe(write);
    expect(logsAllS3ObjectEvents(selectors, 'read')).toBe(read);
  });
});
