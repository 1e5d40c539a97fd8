import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './suggest.ts';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['s3-bucket-versioning', 's3-bucket-versioning', 0],
    ['s3-bucket-versionning', 's3-bucket-versioning', 1],
    ['ab', 'ba', 2],
  ] as const)('%s → %s is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('closestMatch', () => {
  const checks = ['aws/s3-bucket-versioning-enabled', 'aws/s3-bucket-default-encryption', 'aws/iam-root-mfa-enabled'];

  it('suggests the nearest candidate for a typo, ignoring case', () => {
    expect(closestMatch('aws/s3-bucket-versionning-enabled', checks)).toBe('aws/s3-bucket-versioning-enabled');
    expect(closestMatch('AWS/IAM-ROOT-MFA-ENABLE', checks)).toBe('aws/iam-root-mfa-enabled');
  });

  it('offers nothing when no candidate is plausibly meant', () => {
    expect(closestMatch('ec2-instance-public-ip', checks)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });

  it('accepts short names within two edits and prefers the earlier of equally close candidates', () => {
    expect(closestMatch('cis3', ['cis', 'hipaa'])).toBe('cis');
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
  });
});
