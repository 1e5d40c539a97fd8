import { describe, expect, it } from 'vitest';
import { EVERY_ACTION, EVERY_IAM_ACTION, coversEvery, everyArn, everyIamArn } from './wildcard-coverage.ts';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

describe('coversEvery: actions', () => {
  it.each<[string, string[], (readonly string[])[], boolean]>([
    ['*', ['*'], [], true],
    ['*:*', ['*:*'], [], true],
    ['upper-case *:* with other actions', ['s3:GetObject', '*:*'], [], true],
    ['?*:*', ['?*:*'], [], true],
    ['one service wildcard per first letter', LETTERS.map((char) => `${char}*`), [], true],
    ['every first letter but q', LETTERS.filter((char) => char !== 'q').map((char) => `${char}*`), [], false],
    ['s3:*', ['s3:*'], [], false],
    ['a list of services', ['s3:*', 'iam:*', 'ec2:*', 'sts:*'], [], false],
    ['*:Get*', ['*:Get*'], [], false],
    ['??:*', ['??:*'], [], false],
    ['nothing', [], [], false],
    ['NotAction of a service that does not exist', [], [['nosuchservice:*']], false],
    ['NotAction of something that is no action', [], [['nosuchservice']], true],
    ['NotAction iam:* with Action iam:* beside it', ['iam:*'], [['iam:*']], true],
    ['NotAction iam:* with Action iam:Get* beside it', ['iam:Get*'], [['iam:*']], false],
    ['two NotActions leaving out different services', [], [['iam:*'], ['s3:*']], true],
    ['two NotActions both leaving out IAM', [], [['iam:*', 's3:*'], ['IAM:*']], false],
  ])('%s', (_name, granted, leftOut, expected) => {
    expect(coversEvery(EVERY_ACTION, 'action', granted, leftOut)).toBe(expected);
  });

  it('finds the gap by search when no sample shows it', () => {
    const noSamples = { ...EVERY_ACTION, samples: [] };
    expect(coversEvery(noSamples, 'action', ['*'])).toBe(true);
    expect(coversEvery(noSamples, 'action', ['*x*'])).toBe(false);
    expect(coversEvery(noSamples, 'action', [], [['aws-portal:ViewBilling']])).toBe(false);
    expect(coversEvery(noSamples, 'action', LETTERS.filter((char) => char !== 'q').map((char) => `${char}*`))).toBe(false);
  });

  it.each<[string, string[], boolean]>([
    ['iam:*', ['iam:*'], true],
    ['IAM:* (actions ignore case)', ['IAM:*'], true],
    ['i*', ['i*'], true],
    ['iam:Create* and iam:Get*', ['iam:Create*', 'iam:Get*'], false],
    ['aws-portal:ViewBilling', ['aws-portal:ViewBilling'], false],
    ['nosuchservice:*', ['nosuchservice:*'], false],
  ])('every IAM action: %s → %s', (_name, patterns, expected) => {
    expect(coversEvery(EVERY_IAM_ACTION, 'action', patterns)).toBe(expected);
  });
});

describe('coversEvery: ARNs', () => {
  it.each<[string, string[], boolean]>([
    ['*', ['*'], true],
    ['arn:*', ['arn:*'], true],
    ['arn:aws:*', ['arn:aws:*'], true],
    ['arn:aws:*:*:*:*', ['arn:aws:*:*:*:*'], true],
    ['arn:*:*:*:*:*', ['arn:*:*:*:*:*'], true],
    ['arn:aws:*:*', ['arn:aws:*:*'], true],
    ['arn:aws*', ['arn:aws*'], true],
    ['arn:aws:*:*:*:*:* (needs a colon in the resource)', ['arn:aws:*:*:*:*:*'], false],
    ['arn:aws:*:::* (needs empty region and account)', ['arn:aws:*:::*'], false],
    ['arn:aws:*x:* (a * inside a segment stops at colons)', ['arn:aws:*x:*'], false],
    ['arn:aws-cn:* in the aws partition', ['arn:aws-cn:*'], false],
    ['ARN:AWS:* (ARNs are case-sensitive)', ['ARN:AWS:*'], false],
    ['one bucket', ['arn:aws:s3:::logs'], false],
    ['every S3 object', ['arn:aws:s3:::*'], false],
  ])('every aws ARN: %s → %s', (_name, patterns, expected) => {
    expect(coversEvery(everyArn('aws'), 'arn', patterns)).toBe(expected);
  });

  it('searches past fixed ARN text even when the patterns name none of its characters', () => {
    const noSamples = { ...everyArn('aws'), samples: [] };
    expect(coversEvery(noSamples, 'arn', ['*x*'])).toBe(false);
    expect(coversEvery(noSamples, 'arn', ['?*'])).toBe(true);
    expect(coversEvery({ ...everyIamArn('aws'), samples: [] }, 'arn', ['*:*/*'])).toBe(false);
  });

  it('honours the partition', () => {
    expect(coversEvery(everyArn('aws-cn'), 'arn', ['arn:aws-cn:*:*:*:*'])).toBe(true);
    expect(coversEvery(everyArn('aws-us-gov'), 'arn', ['arn:aws:*'])).toBe(false);
  });

  it.each<[string, string[], boolean]>([
    ['arn:aws:iam::*:*', ['arn:aws:iam::*:*'], true],
    ['arn:aws:iam::*', ['arn:aws:iam::*'], true],
    ['arn:aws:iam::123456789012:* (AWS managed policies remain)', ['arn:aws:iam::123456789012:*'], false],
    ['arn:aws:iam::*:user/*', ['arn:aws:iam::*:user/*'], false],
    ['one bucket', ['arn:aws:s3:::logs'], false],
  ])('every IAM ARN: %s → %s', (_name, patterns, expected) => {
    expect(coversEvery(everyIamArn('aws'), 'arn', patterns)).toBe(expected);
  });

  it('settles an AWS managed policy sized action list quickly', () => {
    const services = Array.from({ length: 400 }, (_, index) => `service${index}`);
    const patterns = services.flatMap((service) => [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`, `${service}:BatchGet*`]);
    const started = Date.now();
    expect(coversEvery(EVERY_ACTION, 'action', patterns)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
