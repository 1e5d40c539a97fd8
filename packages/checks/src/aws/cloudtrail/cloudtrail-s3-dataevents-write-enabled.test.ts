import { describe, expect, it } from 'vitest';
import type { CloudTrailBasicEventSelector, CloudTrailTrail } from '@palisade/core/aws';
import { ALL_MANAGEMENT_EVENTS, TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-s3-dataevents-write-enabled.ts';

const ROOT = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
const s3Objects = (readWriteType: CloudTrailBasicEventSelector['readWriteType'], values = ['arn:aws:s3']): CloudTrailTrail['eventSelectors'] =>
  ok({ basic: [ALL_MANAGEMENT_EVENTS, { ...ALL_MANAGEMENT_EVENTS, readWriteType, dataResources: [{ type: 'AWS::S3::Object', values }] }], advanced: [] });
const withTrail = (overrides: Partial<CloudTrailTrail>) =>
  accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: ok([cloudTrailTrail({ name: 'main', ...overrides })]) } } } });

describe(check.id, () => {
  it.each([
    ['all buckets, WriteOnly', { eventSelectors: s3Objects('WriteOnly') }, 'PASS'],
    ['all buckets, All', { eventSelectors: s3Objects('All') }, 'PASS'],
    [
      'advanced selector for writes',
      {
        eventSelectors: ok({
          basic: [],
          advanced: [
            { name: 'writes', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }, { field: 'readOnly', equals: ['false'] }] },
          ],
        }),
      },
      'PASS',
    ],
    ['management events only', {}, 'FAIL'],
    ['all buckets, ReadOnly', { eventSelectors: s3Objects('ReadOnly') }, 'FAIL'],
    ['one bucket only', { eventSelectors: s3Objects('All', ['arn:aws:s3:::payments/']) }, 'FAIL'],
    ['single-region trail', { isMultiRegion: false, eventSelectors: s3Objects('All') }, 'FAIL'],
    ['trail not logging', { status: ok({ isLogging: false }), eventSelectors: s3Objects('All') }, 'FAIL'],
    ['selectors denied', { eventSelectors: denied('cloudtrail:GetEventSelectors') }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(runCheck(check, withTrail(overrides)))).toEqual([[expected, ROOT]]);
  });

  it('names single-region trails that would qualify', () => {
    const [result] = runCheck(check, withTrail({ isMultiRegion: false, eventSelectors: s3Objects('All') }));
    expect(result?.message).toContain('single-region trail(s) main record them only for buckets in their home region');
  });

  it('reports ERROR when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([['ERROR', ROOT]]);
    expect(results[0]?.message).toContain('cloudtrail:DescribeTrails failed with AccessDenied');
  });
});
