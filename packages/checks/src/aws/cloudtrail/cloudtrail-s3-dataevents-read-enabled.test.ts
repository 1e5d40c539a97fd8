import { describe, expect, it } from 'vitest';
import type { CloudTrailBasicEventSelector, CloudTrailTrail } from '@palisade/core/aws';
import { ALL_MANAGEMENT_EVENTS, TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-s3-dataevents-read-enabled.ts';

const ROOT = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
const s3Objects = (readWriteType: CloudTrailBasicEventSelector['readWriteType'], values = ['arn:aws:s3:::']): CloudTrailTrail['eventSelectors'] =>
  ok({ basic: [ALL_MANAGEMENT_EVENTS, { ...ALL_MANAGEMENT_EVENTS, readWriteType, dataResources: [{ type: 'AWS::S3::Object', values }] }], advanced: [] });
const withTrail = (overrides: Partial<CloudTrailTrail>) =>
  accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: ok([cloudTrailTrail({ name: 'main', ...overrides })]) } } } });

describe(check.id, () => {
  it.each([
    ['all buckets, ReadOnly', { eventSelectors: s3Objects('ReadOnly') }, 'PASS'],
    ['all buckets, All', { eventSelectors: s3Objects('All') }, 'PASS'],
    [
      'advanced selector without readOnly filter',
      { eventSelectors: ok({ basic: [], advanced: [{ name: 's3', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] }] }) },
      'PASS',
    ],
    ['management events only', {}, 'FAIL'],
    ['all buckets, WriteOnly', { eventSelectors: s3Objects('WriteOnly') }, 'FAIL'],
    ['single-region trail', { isMultiRegion: false, eventSelectors: s3Objects('All') }, 'FAIL'],
    ['status denied', { status: denied('cloudtrail:GetTrailStatus'), eventSelectors: s3Objects('All') }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(runCheck(check, withTrail(overrides)))).toEqual([[expected, ROOT]]);
  });

  it('reports ERROR when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', ROOT]]);
  });
});
