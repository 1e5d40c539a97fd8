/** Fixture builders for KMS keys, GuardDuty detectors and IAM Access Analyzer analyzers. */
import type { AccessAnalyzer, GuardDutyDetector, KmsKey } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, TEST_REGION, daysAgo, ok } from './account.ts';

/** The key policy KMS creates by default: the account root may do everything. */
export function defaultKeyPolicy(accountId: string = TEST_ACCOUNT_ID): KmsKey['policy'] {
  return ok({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${accountId}:root`] },
        Action: ['kms:*'],
        Resource: ['*'],
      },
    ],
  });
}

/** An enabled, symmetric, customer managed key with rotation on and the default key policy. */
export function kmsKey(overrides: Partial<KmsKey> & { id: string }): KmsKey {
  return {
    arn: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/${overrides.id}`,
    manager: 'CUSTOMER',
    state: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    multiRegion: false,
    creationDate: daysAgo(400),
    aliases: [],
    rotationEnabled: ok(true),
    policy: defaultKeyPolicy(),
    tags: ok({}),
    ...overrides,
  };
}

export function guardDutyDetector(overrides: Partial<GuardDutyDetector> & { id: string }): GuardDutyDetector {
  return {
    arn: `arn:aws:guardduty:${TEST_REGION}:${TEST_ACCOUNT_ID}:detector/${overrides.id}`,
    status: 'ENABLED',
    findingPublishingFrequency: 'SIX_HOURS',
    features: {},
    tags: {},
    ...overrides,
  };
}

export function accessAnalyzer(overrides: Partial<AccessAnalyzer> & { name: string }): AccessAnalyzer {
  return {
    arn: `arn:aws:access-analyzer:${TEST_REGION}:${TEST_ACCOUNT_ID}:analyzer/${overrides.name}`,
    type: 'ACCOUNT',
    status: 'ACTIVE',
    tags: {},
    ...overrides,
  };
}
