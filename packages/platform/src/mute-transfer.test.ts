import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { parseMutelist } from '@palisade/engine';
import { createSqliteStore } from '@palisade/store';
import type { MuteRule, TenantStore } from '@palisade/store';
import { allMuteRules, importMuteRules, muteRulesFromMutelist, mutelistYaml } from './mute-transfer.ts';

const ENCRYPTION = 'aws/s3-bucket-default-encryption';
const ACL = 'aws/s3-bucket-acl-prohibited';
const AMI = 'aws/ec2-ami-public';
const HEADER = { tenant: 'Acme "prod"', exportedAt: '2026-12-03T10:00:00.000Z' };

let sequence = 0;
function rule(fields: Partial<MuteRule>): MuteRule {
  sequence += 1;
  return { id: `rule-${sequence}`, tenantId: 't', reason: 'accepted risk', createdBy: 'user:1', createdAt: '2026-12-01T00:00:00.000Z', ...fields };
}

/** The criteria, reason and expiry of rules, in a stable order: what a round trip must keep. */
function essence(rules: readonly { account?: string; checkId?: string; region?: string; resource?: string; reason: string; expiresAt?: string }[]): string[] {
  return rules.map((entry) => JSON.stringify([entry.account ?? '*', entry.checkId ?? '*', entry.region ?? '*', entry.resource ?? '*', entry.reason, entry.expiresAt ?? null])).sort();
}

const RULES = [
  // A one-finding mute: every criterion set, limited to a provider.
  rule({ findingUid: 'uid-1', providerId: 'p1', account: '123456789012', checkId: ENCRYPTION, region: 'eu-west-1', resource: 'arn:aws:s3:::logs.example.com' }),
  // Same check and region, another resource: one entry with two resources.
  rule({ account: '123456789012', checkId: ENCRYPTION, region: 'eu-west-1', resource: 'arn:aws:s3:::archive' }),
  // Same check, another region: a second key for the check.
  rule({ account: '123456789012', checkId: ENCRYPTION, region: 'us-east-1', resource: 'arn:aws:s3:::us-logs', reason: 'replicated "elsewhere"\nsee ticket 42', expiresAt: '2027-06-30T00:00:00.000Z' }),
  // And a third.
  rule({ account: '123456789012', checkId: ENCRYPTION, region: 'us-east-1', resource: 'arn:aws:s3:::us-logs', reason: 'another reason' }),
  rule({ account: '*', checkId: AMI }),
  rule({ checkId: ACL, region: 'eu-west-1' }),
  rule({ account: '210987654321', reason: 'sandbox account' }),
];

describe('mute rules as a mutelist file', () => {
  it('writes rules the CLI reads as written: exact values, one key per check spelled (id), ((id)), a comment header', () => {
    const text = mutelistYaml(RULES, HEADER);
    expect(text.split('\n').slice(0, 5)).toEqual([
      '# Mute rules of tenant "Acme \\"prod\\"", exported 2026-12-03T10:00:00.000Z.',
      '# The mutelist format of `palisade scan aws --mutelist`; POST /api/v1/mutes/import reads it back.',
      '# Values match exactly (regular-expression characters are escaped); "*" matches anything.',
      '# A check with several entries in one account is keyed (id), ((id)), …: each key matches the same check.',
      '# 1 of these rules were limited to one provider; here they apply to every provider.',
    ]);
    expect(text).toContain(`    "123456789012":\n      Checks:\n        "${ENCRYPTION}":\n          Regions: ["eu-west-1"]\n          Resources: ["arn:aws:s3:::archive", "arn:aws:s3:::logs\\\\.example\\\\.com"]\n          Reason: "accepted risk"\n`);
    expect(text).toContain(`        "(${ENCRYPTION})":\n          Regions: ["us-east-1"]`);
    expect(text).toContain(`        "((${ENCRYPTION}))":\n`);
    expect(text).toContain('          Expires: "2027-06-30T00:00:00.000Z"\n');

    const mutelist = parseMutelist(text, 'export.yaml', new Date('2026-12-03T10:00:00.000Z'));
    // Seven rules, two of them in one entry.
    expect(mutelist.rules).toHaveLength(6);
    const finding = (accountId: string, checkId: string, region: string, uid: string) => ({ accountId, region, resource: { uid, name: uid.split(':').pop()!, type: 'AwsS3Bucket', region }, check: { id: checkId } });
    expect(mutelist.match(finding('123456789012', ENCRYPTION, 'eu-west-1', 'arn:aws:s3:::logs.example.com'))).toMatchObject({ reason: 'accepted risk' });
    // The dots are literal: a look-alike bucket stays unmuted.
    expect(mutelist.match(finding('123456789012', ENCRYPTION, 'eu-west-1', 'arn:aws:s3:::logsXexample.com'))).toBeUndefined();
    expect(mutelist.match(finding('123456789012', ENCRYPTION, 'us-east-1', 'arn:aws:s3:::us-logs'))).toMatchObject({ reason: 'replicated "elsewhere"\nsee ticket 42' });
    expect(mutelist.match(finding('123456789012', ENCRYPTION, 'eu-west-1', 'arn:aws:s3:::us-logs'))).toBeUndefined();
    expect(mutelist.match(finding('555555555555', AMI, 'ap-south-1', 'arn:aws:ec2:ap-south-1:555555555555:image/ami-1'))).toMatchObject({ rule: `*/${AMI}` });
    expect(mutelist.match(finding('210987654321', ACL, 'us-west-2', 'arn:aws:s3:::x'))).toMatchObject({ reason: 'sandbox account' });
  });

  it('reads back the rules it wrote', () => {
    const text = mutelistYaml(RULES, HEADER);
    expect(essence(muteRulesFromMutelist(text, 'export.yaml'))).toEqual(essence(RULES));
  });

  it('writes an empty file that reads as no rules', () => {
    const text = mutelistYaml([], HEADER);
    expect(text).toContain('# The tenant has no mute rules.');
    expect(muteRulesFromMutelist(text, 'empty.yaml')).toEqual([]);
  });

  it('reads the CLI\'s forms: bare and underscore names, "*" and ".*", escaped values, regions × resources', () => {
    const text = [
      'Mutelist:',
      '  Accounts:',
      '    "*":',
      '      Checks:',
      '        "s3_bucket_acl_prohibited":',
      '          Regions: ["eu-west-1", "us-east-1"]',
      '          Resources: ["arn:aws:s3:::a\\\\.b", "arn:aws:s3:::c"]',
      '          Reason: "two by two"',
      '          Expires: 2027-01-31',
      '    "123456789012":',
      '      Checks:',
      '        "ec2-ami-public":',
      '          Regions: [".*", "eu-west-1"]',
      '          Resources: ["*"]',
      '          Description: "an alias of Reason"',
      '        ".*":',
      '          Regions: ["*"]',
      '          Resources: ["*"]',
      '          Reason: "everything"',
      '',
    ].join('\n');
    const rules = muteRulesFromMutelist(text, 'cli.yaml');
    expect(rules).toEqual([
      { checkId: ACL, region: 'eu-west-1', resource: 'arn:aws:s3:::a.b', reason: 'two by two', expiresAt: '2027-01-31T00:00:00.000Z', line: 5 },
      { checkId: ACL, region: 'eu-west-1', resource: 'arn:aws:s3:::c', reason: 'two by two', expiresAt: '2027-01-31T00:00:00.000Z', line: 5 },
      { checkId: ACL, region: 'us-east-1', resource: 'arn:aws:s3:::a.b', reason: 'two by two', expiresAt: '2027-01-31T00:00:00.000Z', line: 5 },
      { checkId: ACL, region: 'us-east-1', resource: 'arn:aws:s3:::c', reason: 'two by two', expiresAt: '2027-01-31T00:00:00.000Z', line: 5 },
      { account: '123456789012', checkId: AMI, reason: 'an alias of Reason', line: 12 },
      { account: '123456789012', reason: 'everything', line: 16 },
    ]);
  });

  it('refuses what a stored rule cannot hold, naming the line and field', () => {
    const file = (check: string, fields: string[]) => ['Mutelist:', '  Accounts:', '    "123456789012":', '      Checks:', `        "${check}":`, ...fields.map((field) => `          ${field}`), '          Reason: "why"', ''].join('\n');
    const refusal = (text: string) => {
      try {
        muteRulesFromMutelist(text, 'body');
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal(file(ENCRYPTION, ['Regions: ["eu-.*"]', 'Resources: ["*"]']))).toBe(
      `body:5 (Mutelist.Accounts.123456789012.Checks.${ENCRYPTION}.Regions.0): "eu-.*" is a regular expression; the platform's mute rules match exact values or "*" (escape the characters meant literally, e.g. "\\.")`,
    );
    expect(refusal(file(ENCRYPTION, ['Regions: ["*"]', 'Resources: ["*"]', 'Tags: ["env=dev"]']))).toMatch(/^body:5 \(Mutelist\.Accounts\.123456789012\.Checks\.aws\/s3-bucket-default-encryption\.Tags\): tags are not supported/);
    expect(refusal(file(ENCRYPTION, ['Regions: ["*"]', 'Resources: ["*"]', 'Exceptions:', '  Regions: ["eu-west-1"]']))).toMatch(/\.Exceptions\): exceptions are not supported/);
    expect(refusal(file('s3-bucket-.*', ['Regions: ["*"]', 'Resources: ["*"]']))).toMatch(/^body:5 \(Mutelist\.Accounts\.123456789012\.Checks\.s3-bucket-\.\*\): check key "s3-bucket-\.\*" is a regular expression/);
    expect(refusal(file('s3-bucket-acl-prohibitted', ['Regions: ["*"]', 'Resources: ["*"]']))).toMatch(/names no known check \(did you mean "s3-bucket-acl-prohibited"\?\)$/);
    // The engine's own checks come first, with its messages.
    expect(refusal(file(ENCRYPTION, ['Regions: "eu-west-1"', 'Resources: ["*"]']))).toMatch(/^body:6 \(.*Regions\): must be a list of strings$/);
    expect(refusal('Mutelist:\n  Accounts:\n    "123":\n      Checks: {}\n')).toMatch(/^body:3 .*account key "123" must be/);
  });
});

describe('importing mute rules', () => {
  async function tenantStore(): Promise<TenantStore> {
    const store = createSqliteStore({ dataDir: ':memory:' });
    await store.migrate();
    return store.forTenant((await store.system.createTenant({ name: 'acme' })).id);
  }

  it('merges: new rules created, changed ones replaced, identical ones skipped, the others kept', async () => {
    const tenant = await tenantStore();
    const kept = await tenant.createMute({ account: '111111111111', checkId: AMI, reason: 'kept', createdBy: 'user:1' });
    const same = await tenant.createMute({ account: '123456789012', checkId: ACL, reason: 'same', createdBy: 'user:1' });
    const finding = await tenant.createMute({ findingUid: 'uid-9', providerId: '00000000-0000-4000-8000-000000000000', account: '123456789012', checkId: ENCRYPTION, region: 'eu-west-1', resource: 'arn:aws:s3:::x', reason: 'old', createdBy: 'user:1' });
    const result = await importMuteRules(
      tenant,
      [
        { account: '123456789012', checkId: ACL, reason: 'same' },
        { account: '123456789012', checkId: ENCRYPTION, region: 'eu-west-1', resource: 'arn:aws:s3:::x', reason: 'new reason', expiresAt: '2030-01-01T00:00:00.000Z' },
        { checkId: AMI, reason: 'everywhere' },
        { checkId: AMI, reason: 'a repeat in the file' },
      ],
      { mode: 'merge', createdBy: 'user:2' },
    );
    expect(result).toEqual({ created: 1, replaced: 1, skipped: 2, removed: 0 });
    const rules = await allMuteRules(tenant);
    expect(rules.map((entry) => entry.id)).toEqual(expect.arrayContaining([kept.id, same.id]));
    expect(rules.map((entry) => entry.id)).not.toContain(finding.id);
    // The replacement keeps the finding and provider the stored rule was limited to.
    expect(rules.find((entry) => entry.checkId === ENCRYPTION)).toMatchObject({ findingUid: 'uid-9', providerId: finding.providerId, reason: 'new reason', expiresAt: '2030-01-01T00:00:00.000Z', createdBy: 'user:2' });
    expect(essence(rules)).toEqual(
      essence([
        { account: '111111111111', checkId: AMI, reason: 'kept' },
        { account: '123456789012', checkId: ACL, reason: 'same' },
        { account: '123456789012', checkId: ENCRYPTION, region: 'eu-west-1', resource: 'arn:aws:s3:::x', reason: 'new reason', expiresAt: '2030-01-01T00:00:00.000Z' },
        { checkId: AMI, reason: 'everywhere' },
      ]),
    );
  });

  it('replaces: the rules the file does not hold are removed', async () => {
    const tenant = await tenantStore();
    await tenant.createMute({ account: '111111111111', checkId: AMI, reason: 'dropped', createdBy: 'user:1' });
    const same = await tenant.createMute({ account: '123456789012', checkId: ACL, reason: 'same', createdBy: 'user:1' });
    const result = await importMuteRules(tenant, [{ account: '123456789012', checkId: ACL, reason: 'same' }, { region: 'eu-west-1', reason: 'whole region' }], { mode: 'replace', createdBy: 'user:2' });
    expect(result).toEqual({ created: 1, replaced: 0, skipped: 1, removed: 1 });
    const rules = await allMuteRules(tenant);
    expect(rules.map((entry) => entry.id)).toContain(same.id);
    expect(essence(rules)).toEqual(essence([{ account: '123456789012', checkId: ACL, reason: 'same' }, { region: 'eu-west-1', reason: 'whole region' }]));
  });
});
