import { describe, expect, it } from 'vitest';
import { EVERY_ACTION, EVERY_IAM_ACTION, coversEvery, everyArn, everyIamArn, searchBudget } from './wildcard-coverage.ts';
import type { Coverage } from './wildcard-coverage.ts';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

describe('coversEvery: actions', () => {
  it.each<[string, string[], (readonly string[])[], Coverage]>([
    ['*', ['*'], [], 'covered'],
    ['*:*', ['*:*'], [], 'covered'],
    ['upper-case *:* with other actions', ['s3:GetObject', '*:*'], [], 'covered'],
    ['?*:*', ['?*:*'], [], 'covered'],
    ['one service wildcard per first letter', LETTERS.map((char) => `${char}*`), [], 'covered'],
    ['every first letter but q', LETTERS.filter((char) => char !== 'q').map((char) => `${char}*`), [], 'not-covered'],
    ['s3:*', ['s3:*'], [], 'not-covered'],
    ['a list of services', ['s3:*', 'iam:*', 'ec2:*', 'sts:*'], [], 'not-covered'],
    ['*:Get*', ['*:Get*'], [], 'not-covered'],
    ['??:*', ['??:*'], [], 'not-covered'],
    ['nothing', [], [], 'not-covered'],
    ['NotAction of a service that does not exist', [], [['nosuchservice:*']], 'not-covered'],
    ['NotAction of something that is no action', [], [['nosuchservice']], 'covered'],
    ['NotAction iam:* with Action iam:* beside it', ['iam:*'], [['iam:*']], 'covered'],
    ['NotAction iam:* with Action iam:Get* beside it', ['iam:Get*'], [['iam:*']], 'not-covered'],
    ['two NotActions leaving out different services', [], [['iam:*'], ['s3:*']], 'covered'],
    ['two NotActions both leaving out IAM', [], [['iam:*', 's3:*'], ['IAM:*']], 'not-covered'],
  ])('%s', (_name, granted, leftOut, expected) => {
    expect(coversEvery(EVERY_ACTION, 'action', granted, leftOut)).toBe(expected);
  });

  it('finds the gap by search when no sample shows it', () => {
    const noSamples = { ...EVERY_ACTION, samples: [] };
    expect(coversEvery(noSamples, 'action', ['*'])).toBe('covered');
    expect(coversEvery(noSamples, 'action', ['*x*'])).toBe('not-covered');
    expect(coversEvery(noSamples, 'action', [], [['aws-portal:ViewBilling']])).toBe('not-covered');
    expect(coversEvery(noSamples, 'action', LETTERS.filter((char) => char !== 'q').map((char) => `${char}*`))).toBe('not-covered');
  });

  it.each<[string, string[], Coverage]>([
    ['iam:*', ['iam:*'], 'covered'],
    ['IAM:* (actions ignore case)', ['IAM:*'], 'covered'],
    ['i*', ['i*'], 'covered'],
    ['iam:Create* and iam:Get*', ['iam:Create*', 'iam:Get*'], 'not-covered'],
    ['aws-portal:ViewBilling', ['aws-portal:ViewBilling'], 'not-covered'],
    ['nosuchservice:*', ['nosuchservice:*'], 'not-covered'],
  ])('every IAM action: %s → %s', (_name, patterns, expected) => {
    expect(coversEvery(EVERY_IAM_ACTION, 'action', patterns)).toBe(expected);
  });
});

describe('coversEvery: ARNs', () => {
  it.each<[string, string[], Coverage]>([
    ['*', ['*'], 'covered'],
    ['arn:*', ['arn:*'], 'covered'],
    ['arn:aws:*', ['arn:aws:*'], 'covered'],
    ['arn:aws:*:*:*:*', ['arn:aws:*:*:*:*'], 'covered'],
    ['arn:*:*:*:*:*', ['arn:*:*:*:*:*'], 'covered'],
    ['arn:aws:*:*', ['arn:aws:*:*'], 'covered'],
    ['arn:aws*', ['arn:aws*'], 'covered'],
    ['arn:aws:*:*:*:*:* (needs a colon in the resource)', ['arn:aws:*:*:*:*:*'], 'not-covered'],
    ['arn:aws:*:::* (needs empty region and account)', ['arn:aws:*:::*'], 'not-covered'],
    ['arn:aws:*x:* (a * inside a segment stops at colons)', ['arn:aws:*x:*'], 'not-covered'],
    ['arn:aws-cn:* in the aws partition', ['arn:aws-cn:*'], 'not-covered'],
    ['ARN:AWS:* (ARNs are case-sensitive)', ['ARN:AWS:*'], 'not-covered'],
    ['one bucket', ['arn:aws:s3:::logs'], 'not-covered'],
    ['every S3 object', ['arn:aws:s3:::*'], 'not-covered'],
  ])('every aws ARN: %s → %s', (_name, patterns, expected) => {
    expect(coversEvery(everyArn('aws'), 'arn', patterns)).toBe(expected);
  });

  it('searches past fixed ARN text even when the patterns name none of its characters', () => {
    const noSamples = { ...everyArn('aws'), samples: [] };
    expect(coversEvery(noSamples, 'arn', ['*x*'])).toBe('not-covered');
    expect(coversEvery(noSamples, 'arn', ['?*'])).toBe('covered');
    expect(coversEvery({ ...everyIamArn('aws'), samples: [] }, 'arn', ['*:*/*'])).toBe('not-covered');
  });

  it('honours the partition', () => {
    expect(coversEvery(everyArn('aws-cn'), 'arn', ['arn:aws-cn:*:*:*:*'])).toBe('covered');
    expect(coversEvery(everyArn('aws-us-gov'), 'arn', ['arn:aws:*'])).toBe('not-covered');
  });

  it.each<[string, string[], Coverage]>([
    ['arn:aws:iam::*:*', ['arn:aws:iam::*:*'], 'covered'],
    ['arn:aws:iam::*', ['arn:aws:iam::*'], 'covered'],
    ['arn:aws:iam::123456789012:* (AWS managed policies remain)', ['arn:aws:iam::123456789012:*'], 'not-covered'],
    ['arn:aws:iam::*:user/*', ['arn:aws:iam::*:user/*'], 'not-covered'],
    ['one bucket', ['arn:aws:s3:::logs'], 'not-covered'],
  ])('every IAM ARN: %s → %s', (_name, patterns, expected) => {
    expect(coversEvery(everyIamArn('aws'), 'arn', patterns)).toBe(expected);
  });

  it('settles an AWS managed policy sized action list quickly', () => {
    const services = Array.from({ length: 400 }, (_, index) => `service${index}`);
    const patterns = services.flatMap((service) => [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`, `${service}:BatchGet*`]);
    const started = Date.now();
    expect(coversEvery(EVERY_ACTION, 'action', patterns)).toBe('not-covered');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('coversEvery: bounded search', () => {
  // Wildcards inside patterns (`*a?0*`) multiply the states of a joint search; these once took
  // 19–63 s and then answered "not covered".
  const noise = (count: number) => Array.from({ length: count }, (_, index) => `*${LETTERS[index % 26]}?${index % 10}*`);
  const arnNoise = (count: number) => Array.from({ length: count }, (_, index) => `arn:aws:*${LETTERS[index % 16]}?*:*`);

  it('settles at once when one pattern covers everything by itself, whatever sits beside it', () => {
    const budget = searchBudget(1_000);
    expect(coversEvery(EVERY_ACTION, 'action', ['*:*', ...noise(20)], [], budget)).toBe('covered');
    expect(coversEvery(everyArn('aws'), 'arn', ['arn:aws:*', ...arnNoise(20)], [], budget)).toBe('covered');
    expect(coversEvery(EVERY_ACTION, 'action', [...noise(20), '*'], [['iam:*']], budget)).toBe('covered');
  });

  it('answers undecided, never "not covered", when the budget runs out', () => {
    // Every action name starts with a letter, so `*:a*` … `*:z*` cover everything: only the noise
    // beside them makes that long to prove.
    const byActionLetter = LETTERS.map((letter) => `*:${letter}*`);
    expect(coversEvery(EVERY_ACTION, 'action', byActionLetter)).toBe('covered');
    expect(coversEvery(EVERY_ACTION, 'action', [...byActionLetter, ...noise(20)])).toBe('undecided');
    expect(coversEvery(EVERY_ACTION, 'action', [...byActionLetter, ...noise(5)], [], searchBudget(10_000_000))).toBe('covered');
  });

  it('shares one budget between searches', () => {
    const budget = searchBudget(10);
    expect(coversEvery(EVERY_ACTION, 'action', LETTERS.map((letter) => `*:${letter}*`), [], budget)).toBe('undecided');
    expect(budget.remaining).toBeLessThan(0);
    // What needs no search is still answered.
    expect(coversEvery(EVERY_ACTION, 'action', ['*'], [], budget)).toBe('covered');
    expect(coversEvery(EVERY_ACTION, 'action', ['s3:*'], [], budget)).toBe('not-covered');
  });

  it('combines Resource grants with what NotResource lists leave in', () => {
    expect(coversEvery(everyArn('aws'), 'arn', ['arn:aws:iam::*'], [['arn:aws:iam::*']])).toBe('covered');
    expect(coversEvery(everyArn('aws'), 'arn', ['arn:aws:iam::*:user/*'], [['arn:aws:iam::*']])).toBe('not-covered');
    expect(coversEvery(everyArn('aws'), 'arn', [], [['arn:aws:s3:::*'], ['arn:aws:iam::*']])).toBe('covered');
    expect(coversEvery(everyArn('aws'), 'arn', ['arn:aws:s3:::a*'], [['arn:aws:s3:::*'], ['arn:aws:s3:::*', 'arn:aws:iam::*']])).toBe('not-covered');
  });
});
