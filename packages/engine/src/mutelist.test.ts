import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { compileMutelist, globLikePatternWarnings, parseMutelist, unknownCheckWarnings } from './mutelist.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const finding = (overrides: { account?: string; check?: string; region?: string; uid?: string; name?: string; tags?: Record<string, string> } = {}) => ({
  accountId: overrides.account ?? '111111111111',
  region: overrides.region ?? 'us-east-1',
  check: { id: overrides.check ?? 'aws/s3-bucket-versioning-enabled' },
  resource: {
    uid: overrides.uid ?? 'arn:aws:s3:::logs-bucket',
    name: overrides.name ?? 'logs-bucket',
    type: 'AwsS3Bucket',
    region: overrides.region ?? 'us-east-1',
    tags: overrides.tags ?? {},
  },
});

describe('mutelist', () => {
  it('matches the widely used layout with underscore check names, regex resources and tags', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "111111111111":
      Checks:
        s3_bucket_versioning_enabled:
          Regions: ["*"]
          Resources: ["logs-.*"]
          Tags: ["env=dev|env=test"]
          Reason: Log buckets are write-once
`,
      'mutelist.yaml',
      NOW,
    );
    expect(list.match(finding({ tags: { env: 'dev' } }))).toEqual({ reason: 'Log buckets are write-once', rule: '111111111111/s3_bucket_versioning_enabled' });
    expect(list.match(finding({ tags: { env: 'prod' } }))).toBeUndefined();
    expect(list.match(finding({ tags: { env: 'dev' }, account: '222222222222' }))).toBeUndefined();
    expect(list.match(finding({ tags: { env: 'dev' }, uid: 'arn:aws:s3:::data', name: 'data' }))).toBeUndefined();
  });

  it('supports "*" accounts and checks, our ids and regex check keys, and exceptions', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "*":
      Checks:
        "aws/ec2-instance-public-ip":
          Regions: ["eu-west-1"]
          Resources: ["*"]
          Reason: Bastions
        "ec2-ebs-.*":
          Regions: ["*"]
          Resources: ["*"]
          Exceptions:
            Accounts: ["222222222222"]
          Description: Sandbox volumes
`,
      'm.yaml',
      NOW,
    );
    expect(list.match(finding({ check: 'aws/ec2-instance-public-ip', region: 'eu-west-1' }))?.reason).toBe('Bastions');
    expect(list.match(finding({ check: 'aws/ec2-instance-public-ip', region: 'us-east-1' }))).toBeUndefined();
    expect(list.match(finding({ check: 'aws/ec2-ebs-volume-encryption' }))?.reason).toBe('Sandbox volumes');
    expect(list.match(finding({ check: 'aws/ec2-ebs-volume-encryption', account: '222222222222' }))).toBeUndefined();
  });

  it('does not apply expired rules and lists them', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ["*"]
          Resources: ["*"]
          Reason: temporary
          Expires: 2026-01-01
`,
      'm.yaml',
      NOW,
    );
    expect(list.match(finding())).toBeUndefined();
    expect(list.expired.map((rule) => rule.check)).toEqual(['*']);
  });

  describe('patterns match whole values', () => {
    /** A one-rule mutelist for `check`: Regions and Resources `*` unless `field` sets one of them. */
    const rule = (check: string, field: 'Regions' | 'Resources' | 'Tags', pattern: string) => {
      const fields = { Regions: '*', Resources: '*', [field]: pattern };
      const body = Object.entries(fields)
        .map(([key, value]) => `          ${key}: ["${value}"]\n`)
        .join('');
      return parseMutelist(`Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "${check}":\n${body}          Reason: r\n`, 'm.yaml', NOW);
    };

    it('a resource pattern no longer mutes resources that merely contain it', () => {
      const list = rule('*', 'Resources', 'logs');
      expect(list.match(finding({ uid: 'arn:aws:s3:::prod-logs-archive', name: 'prod-logs-archive' }))).toBeUndefined();
      expect(list.match(finding({ uid: 'arn:aws:s3:::logs', name: 'logs' }))?.rule).toBe('*/*');
      expect(rule('*', 'Resources', '.*logs.*').match(finding({ uid: 'arn:aws:s3:::prod-logs-archive', name: 'prod-logs-archive' }))?.rule).toBe('*/*');
    });

    it('a region pattern no longer matches a longer region', () => {
      expect(rule('*', 'Regions', 'eu').match(finding({ region: 'eu-west-1' }))).toBeUndefined();
      expect(rule('*', 'Regions', 'eu-.*').match(finding({ region: 'eu-west-1' }))?.rule).toBe('*/*');
      expect(rule('*', 'Regions', 'eu-west-1|us-east-1').match(finding({ region: 'us-east-1' }))?.rule).toBe('*/*');
      expect(rule('*', 'Regions', 'eu-west-1|us-east').match(finding({ region: 'us-east-1' }))).toBeUndefined();
    });

    it('a check key no longer matches every check it is part of', () => {
      expect(rule('s3', 'Regions', '*').match(finding({ check: 'aws/s3-bucket-versioning-enabled' }))).toBeUndefined();
      expect(rule('s3-.*', 'Regions', '*').match(finding({ check: 'aws/s3-bucket-versioning-enabled' }))?.rule).toBe('*/s3-.*');
      expect(rule('*versioning-enabled', 'Regions', '*').match(finding({ check: 'aws/s3-bucket-versioning-enabled' }))?.rule).toBe('*/*versioning-enabled');
      for (const key of ['aws/s3-bucket-versioning-enabled', 's3-bucket-versioning-enabled', 's3_bucket_versioning_enabled']) {
        expect(rule(key, 'Regions', '*').match(finding({ check: 'aws/s3-bucket-versioning-enabled' }))?.rule).toBe(`*/${key}`);
      }
    });

    it('each tag entry must match a whole key=value pair, each | alternative anchored', () => {
      const list = rule('*', 'Tags', 'env=dev|env=test');
      expect(list.match(finding({ tags: { env: 'test' } }))?.rule).toBe('*/*');
      expect(list.match(finding({ tags: { env: 'development' } }))).toBeUndefined();
      expect(list.match(finding({ tags: { myenv: 'dev' } }))).toBeUndefined();
      expect(list.match(finding({ tags: { env: 'prod', team: 'dev' } }))).toBeUndefined();
      expect(rule('*', 'Tags', 'env=dev.*').match(finding({ tags: { env: 'development' } }))?.rule).toBe('*/*');
    });

    it('exceptions match whole values too', () => {
      const list = parseMutelist(
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Exceptions:\n            Resources: ["prod"]\n            Tags: ["keep=yes"]\n          Reason: r\n',
        'm.yaml',
        NOW,
      );
      expect(list.match(finding({ uid: 'arn:aws:s3:::prod', name: 'prod', tags: { keep: 'yes' } }))).toBeUndefined();
      expect(list.match(finding({ uid: 'arn:aws:s3:::prod-2', name: 'prod-2', tags: { keep: 'yes' } }))?.rule).toBe('*/*');
      expect(list.match(finding({ uid: 'arn:aws:s3:::prod', name: 'prod', tags: { keep: 'yes-please' } }))?.rule).toBe('*/*');
    });
  });

  it('labels rules by their keys and line', () => {
    const list = parseMutelist('Mutelist:\n  Accounts:\n    "111111111111":\n      Checks:\n        s3_bucket_versioning_enabled:\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n', 'm.yaml', NOW);
    expect(list.rules.map((rule) => [rule.label, rule.line])).toEqual([['111111111111/s3_bucket_versioning_enabled', 5]]);
  });

  describe('unknownCheckWarnings', () => {
    const KNOWN = ['aws/s3-bucket-versioning-enabled', 'aws/ec2-instance-public-ip'];
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "*":
      Checks:
        "aws/s3-bucket-versionning-enabled":
          Regions: ["*"]
          Resources: ["*"]
          Reason: typo in the full id
        s3_bucket_versoning_enabled:
          Regions: ["*"]
          Resources: ["*"]
          Reason: typo in the underscore name
        ec2-instance-public-ip:
          Regions: ["*"]
          Resources: ["*"]
          Reason: known
        "ec2-.*":
          Regions: ["*"]
          Resources: ["*"]
          Reason: a regex is not checked
        "*":
          Regions: ["*"]
          Resources: ["*"]
          Reason: everything
        rds-instance-nowhere:
          Regions: ["*"]
          Resources: ["*"]
          Reason: nothing close
`,
      'm.yaml',
      NOW,
    );

    it('names file, line and key of rules naming no known check, with the closest known name', () => {
      expect(unknownCheckWarnings(list, KNOWN).map((warning) => warning.message)).toEqual([
        'm.yaml:5: mutelist check key "aws/s3-bucket-versionning-enabled" (account "*") names no known check, so the rule mutes nothing (did you mean "aws/s3-bucket-versioning-enabled"?)',
        'm.yaml:9: mutelist check key "s3_bucket_versoning_enabled" (account "*") names no known check, so the rule mutes nothing (did you mean "s3_bucket_versioning_enabled"?)',
        'm.yaml:25: mutelist check key "rds-instance-nowhere" (account "*") names no known check, so the rule mutes nothing',
      ]);
      expect(unknownCheckWarnings(list, KNOWN)[0]).toMatchObject({ file: 'm.yaml', line: 5, rule: '*/aws/s3-bucket-versionning-enabled' });
    });

    it('is silent when every literal key names a known check', () => {
      expect(unknownCheckWarnings(list, [...KNOWN, 'aws/s3-bucket-versionning-enabled', 'aws/s3-bucket-versoning-enabled', 'aws/rds-instance-nowhere'])).toEqual([]);
    });
  });

  it('accepts unquoted account ids that read back as the same digits', () => {
    const list = parseMutelist('Mutelist:\n  Accounts:\n    123456789012:\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Exceptions:\n            Accounts: [210987654321]\n          Reason: r\n', 'm.yaml', NOW);
    expect(list.rules.map((rule) => rule.account)).toEqual(['123456789012']);
    expect(list.rules[0]?.exceptions?.accounts.map((matcher) => matcher.source)).toEqual(['210987654321']);
  });

  describe('globLikePatternWarnings', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    "*":
      Checks:
        "s3_*":
          Regions: ["eu-.*", "us-*"]
          Resources: ["arn:aws:s3:::logs-*", "\\\\*literal", "(a|b)*", "*-archive"]
          Exceptions:
            Resources: ["keep-*"]
          Reason: glob-style patterns
`,
      'm.yaml',
      NOW,
    );

    it('flags each pattern whose "*" follows a plain character and shows the regex meant', () => {
      expect(globLikePatternWarnings(list).map((warning) => warning.message)).toEqual([
        'm.yaml:5: pattern "s3_*" (rule */s3_*) is a regular expression matched against the whole value, where "*" repeats the character before it; write "s3_.*" to match any text there',
        'm.yaml:5: pattern "us-*" (rule */s3_*) is a regular expression matched against the whole value, where "*" repeats the character before it; write "us-.*" to match any text there',
        'm.yaml:5: pattern "arn:aws:s3:::logs-*" (rule */s3_*) is a regular expression matched against the whole value, where "*" repeats the character before it; write "arn:aws:s3:::logs-.*" to match any text there',
        'm.yaml:5: pattern "keep-*" (rule */s3_*) is a regular expression matched against the whole value, where "*" repeats the character before it; write "keep-.*" to match any text there',
      ]);
    });

    it('really under-mutes such a pattern, which is why it warns', () => {
      const finding = { accountId: '111111111111', region: 'us-east-1', check: { id: 'aws/s3_x' }, resource: { uid: 'arn:aws:s3:::logs-2024', type: 'AwsS3Bucket', name: 'logs-2024', region: 'us-east-1' } };
      expect(list.match(finding)).toBeUndefined();
    });
  });

  it.each([
    ['invalid YAML', 'Mutelist:\n  Accounts: [\n', /m\.yaml:\d+: invalid YAML/],
    ['missing Reason', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n', /m\.yaml:5 \(Mutelist\.Accounts\.\*\.Checks\.x\): every rule needs a "Reason"/],
    ['bad regex', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["(unclosed"]\n          Reason: r\n', /m\.yaml:7 \(Mutelist\.Accounts\.\*\.Checks\.x\.Resources\.0\): invalid pattern/],
    ['bad account', 'Mutelist:\n  Accounts:\n    "12345":\n      Checks: {}\n', /account key "12345" must be a 12-digit account id/],
    ['unknown field', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n          Region: ["oops"]\n', /m\.yaml:9 \(Mutelist\.Accounts\.\*\.Checks\.x\.Region\): unknown field "Region"/],
    ['bad expiry', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: r\n          Expires: soon\n', /Expires\): must be a date/],
    // YAML reads an unquoted 012345678901 as the number 12345678901: the rule would never apply.
    [
      'an unquoted account id in Exceptions.Accounts',
      'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Exceptions:\n            Accounts: [012345678901]\n          Reason: r\n',
      /^m\.yaml:9 \(Mutelist\.Accounts\.\*\.Checks\.x\.Exceptions\.Accounts\.0\): must be a string: 012345678901 is read by YAML as the number 12345678901, not as text; write it in quotes: "012345678901"$/,
    ],
    [
      'an unquoted account key',
      'Mutelist:\n  Accounts:\n    012345678901:\n      Checks: {}\n',
      /^m\.yaml:3 \(Mutelist\.Accounts\.12345678901\): account key 012345678901 is read by YAML as the number 12345678901, not as text; write it in quotes: "012345678901"$/,
    ],

    [
      'a boolean or null in a pattern list',
      'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: [yes, ~]\n          Reason: r\n',
      /m\.yaml:7 \(Mutelist\.Accounts\.\*\.Checks\.x\.Resources\.1\): must be a string: ~ is read by YAML as null, not as text; write it in quotes: "~"/,
    ],
    ['a mapping in a pattern list', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: [{ a: 1 }]\n          Resources: ["*"]\n          Reason: r\n', /Regions\.0\): must be a string$/],
  ])('rejects %s with file, line and field', (_name, text, message) => {
    let thrown: unknown;
    try {
      parseMutelist(text, 'm.yaml', NOW);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).code).toBe('MUTELIST_INVALID');
    expect((thrown as Error).message).toMatch(message);
  });

  describe('as plain data (MutelistSpec)', () => {
    const text = `Mutelist:
  Accounts:
    "111111111111":
      Checks:
        s3_bucket_versioning_enabled:
          Regions: ["*"]
          Resources: ["logs-.*"]
          Tags: ["env=dev|env=test"]
          Exceptions:
            Regions: ["eu-west-1"]
          Reason: Log buckets are write-once
          Expires: 2026-12-31
        "aws/iam-root-mfa-enabled":
          Regions: ["*"]
          Resources: ["*"]
          Reason: Break-glass account
          Expires: 2026-01-01
`;

    it('compiles from its JSON copy to a mutelist that mutes exactly the same findings', () => {
      const loaded = parseMutelist(text, 'm.yaml', NOW);
      const copy = compileMutelist(JSON.parse(JSON.stringify(loaded.spec)), NOW);
      const candidates = [
        finding({ tags: { env: 'dev' } }),
        finding({ tags: { env: 'dev' }, region: 'eu-west-1' }),
        finding({ tags: { env: 'prod' } }),
        finding({ check: 'aws/iam-root-mfa-enabled', uid: 'arn:aws:iam::111111111111:root', name: 'root' }),
      ];
      expect(candidates.map((candidate) => copy.match(candidate))).toEqual(candidates.map((candidate) => loaded.match(candidate)));
      expect(copy.match(candidates[0]!)).toEqual({ reason: 'Log buckets are write-once', rule: '111111111111/s3_bucket_versioning_enabled', expires: '2026-12-31' });
      expect(copy.match(candidates[1]!)).toBeUndefined();
      expect(copy.rules.map((rule) => [rule.label, rule.line])).toEqual([['111111111111/s3_bucket_versioning_enabled', 5]]);
    });

    it('decides what has expired when compiled, not when read', () => {
      const { spec } = parseMutelist(text, 'm.yaml', NOW);
      expect(spec.rules.map((rule) => rule.expires)).toEqual(['2026-12-31T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
      expect(compileMutelist(spec, NOW).expired.map((rule) => rule.label)).toEqual(['111111111111/aws/iam-root-mfa-enabled']);
      expect(compileMutelist(spec, new Date('2025-06-01T00:00:00Z')).expired).toEqual([]);
      expect(compileMutelist(spec, new Date('2027-06-01T00:00:00Z')).rules).toEqual([]);
    });

    it('rejects a pattern that does not compile, naming the rule and field', () => {
      const spec = { file: 'm.yaml', rules: [{ account: '*', check: '*', regions: ['*'], resources: ['ok', 'a)(b'], tags: [], reason: 'r' }] };
      expect(() => compileMutelist(spec, NOW)).toThrowError(/^m\.yaml \(rules\[0\]\.resources\[1\]\): invalid pattern "a\)\(b"/);
    });
  });
});
