import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '@palisade/core';
import { resourceScopeFilter, withoutIamPath } from './filters.ts';

const ref = (uid: string, tags?: Record<string, string>): ResourceRef => ({ uid, type: 'AwsIamUser', name: uid.slice(uid.lastIndexOf('/') + 1), region: 'global', ...(tags ? { tags } : {}) });

describe('resourceScopeFilter', () => {
  it('keeps the resources an ARN names, and an IAM user or role under any path by its path-less ARN', () => {
    const inScope = resourceScopeFilter({ arns: ['arn:aws:iam::123456789012:user/bob', 'arn:aws:s3:::logs'] })!;
    expect(inScope(ref('arn:aws:iam::123456789012:user/bob'))).toBe(true);
    expect(inScope(ref('arn:aws:iam::123456789012:user/ops/team/bob'))).toBe(true);
    expect(inScope(ref('arn:aws:s3:::logs'))).toBe(true);
    expect(inScope(ref('arn:aws:iam::123456789012:user/bobby'))).toBe(false);
    expect(inScope(ref('arn:aws:iam::999999999999:user/bob'))).toBe(false);
    expect(inScope(ref('arn:aws:s3:::logs-archive'))).toBe(false);
  });

  it('keeps resources with any of the tags; none without a scope', () => {
    expect(resourceScopeFilter({})).toBeUndefined();
    const tagged = resourceScopeFilter({ tags: ['team=sec'] })!;
    expect(tagged(ref('arn:aws:iam::123456789012:user/a', { team: 'sec' }))).toBe(true);
    expect(tagged(ref('arn:aws:iam::123456789012:user/b', { team: 'dev' }))).toBe(false);
  });
});

describe('withoutIamPath', () => {
  it('drops the path of IAM user and role ARNs only', () => {
    expect(withoutIamPath('arn:aws:iam::123456789012:role/service-role/deployer')).toBe('arn:aws:iam::123456789012:role/deployer');
    expect(withoutIamPath('arn:aws-cn:iam::123456789012:user/a/b/c')).toBe('arn:aws-cn:iam::123456789012:user/c');
    expect(withoutIamPath('arn:aws:iam::123456789012:policy/team/readonly')).toBe('arn:aws:iam::123456789012:policy/team/readonly');
    expect(withoutIamPath('arn:aws:s3:::bucket/key/part')).toBe('arn:aws:s3:::bucket/key/part');
  });
});
