import { InputError } from '@palisade/core';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_LIMIT_NAMES, DETAIL_CAP_REACHED, capDetails, validateCollectorLimits } from './collector.ts';

describe('capDetails', () => {
  const items = ['a', 'b', 'c'];

  it('details every item when no limit is set', () => {
    const cap = capDetails(items, { region: 'us-east-1' }, 'snsTopics');
    expect(cap.detailed).toEqual(['a', 'b', 'c']);
    expect(cap.capped).toEqual([]);
  });

  it('details the first items up to the limit and names the limit in the error of the rest', () => {
    const cap = capDetails(items, { region: 'eu-west-1', limits: { snsTopics: 2, kmsKeys: 0 } }, 'snsTopics');
    expect(cap.detailed).toEqual(['a', 'b']);
    expect(cap.capped).toEqual(['c']);
    expect(cap.capError('sns:GetTopicAttributes', 'arn:aws:sns:eu-west-1:123456789012:c')).toEqual({
      api: 'sns:GetTopicAttributes',
      code: DETAIL_CAP_REACHED,
      message: 'detail calls capped at 2 SNS topics per account and region (limits.snsTopics); 1 of 3 listed without details; raise the limit to evaluate this topic',
      region: 'eu-west-1',
      resourceUid: 'arn:aws:sns:eu-west-1:123456789012:c',
    });
  });

  it('details nothing at a limit of 0', () => {
    const cap = capDetails(items, { region: 'us-east-1', limits: { kmsKeys: 0 } }, 'kmsKeys');
    expect(cap.detailed).toEqual([]);
    expect(cap.capped).toEqual(['a', 'b', 'c']);
  });
});

describe('validateCollectorLimits', () => {
  it('accepts known names with whole numbers and drops undefined ones', () => {
    expect(validateCollectorLimits({ s3Buckets: 500, iamUsers: 0, kmsKeys: undefined })).toEqual({ s3Buckets: 500, iamUsers: 0 });
    expect(COLLECTOR_LIMIT_NAMES).toEqual(['s3Buckets', 'iamUsers', 'kmsKeys', 'snsTopics', 'rdsSnapshots', 'efsFileSystems', 'cloudTrailTrails']);
  });

  it.each([
    [{ s3Bucket: 5 }, 'limits.s3Bucket: unknown limit; known: s3Buckets, iamUsers'],
    [{ kmsKeys: -1 }, 'limits.kmsKeys: must be a whole number of 0 or more, got -1'],
    [{ kmsKeys: 1.5 }, 'limits.kmsKeys: must be a whole number of 0 or more, got 1.5'],
    [{ kmsKeys: '10' }, 'limits.kmsKeys: must be a whole number of 0 or more, got "10"'],
  ])('rejects %j', (limits, message) => {
    const thrown = (() => {
      try {
        validateCollectorLimits(limits);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).message).toContain(message);
  });
});
