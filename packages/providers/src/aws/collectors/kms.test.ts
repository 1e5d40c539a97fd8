import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { kmsCollector } from './kms.ts';

const mock = mockClient(KMSClient);
afterEach(() => mock.reset());

const ACCOUNT = '123456789012';
const keyArn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const CUSTOMER_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const AWS_MANAGED_ID = '0987dcba-09fe-87dc-65ba-ab0987654321';
const SIGNING_ID = 'mrk-4d2b1f6c9e8a4b3c8d7e6f5a4b3c2d1e';
const DELETING_ID = 'ffff1111-2222-3333-4444-555566667777';

const DEFAULT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
});
const NORMALIZED_DEFAULT_POLICY = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] }, Action: ['kms:*'], Resource: ['*'] }],
};

// Shaped like DescribeKey's KeyMetadata: dates are Dates, symmetric keys list their algorithms.
function metadata(id: string, overrides: Partial<KeyMetadata>): KeyMetadata {
  return {
    AWSAccountId: ACCOUNT,
    KeyId: id,
    Arn: keyArn(id),
    CreationDate: new Date('2024-03-01T12:00:00Z'),
    Enabled: true,
    Description: '',
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...overrides,
  };
}

function listKeysAndAliases() {
  mock
    .on(ListKeysCommand, { Marker: undefined })
    .resolves({
      Keys: [
        { KeyId: CUSTOMER_ID, KeyArn: keyArn(CUSTOMER_ID) },
        { KeyId: AWS_MANAGED_ID, KeyArn: keyArn(AWS_MANAGED_ID) },
      ],
      NextMarker: 'AE0AAAACAHZlcnNpb24AAAABMQAA',
      Truncated: true,
    })
    .on(ListKeysCommand, { Marker: 'AE0AAAACAHZlcnNpb24AAAABMQAA' })
    .resolves({
      Keys: [
        { KeyId: SIGNING_ID, KeyArn: keyArn(SIGNING_ID) },
        { KeyId: DELETING_ID, KeyArn: keyArn(DELETING_ID) },
      ],
      Truncated: false,
    });
  mock
    .on(ListAliasesCommand, { Marker: undefined })
    .resolves({
      Aliases: [
        { AliasName: 'alias/app-data', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app-data`, TargetKeyId: CUSTOMER_ID, CreationDate: new Date('2024-03-01T12:00:00Z'), LastUpdatedDate: new Date('2024-03-01T12:00:00Z') },
        { AliasName: 'alias/aws/dynamodb', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/dynamodb` },
      ],
      NextMarker: 'aliases-2',
      Truncated: true,
    })
    .on(ListAliasesCommand, { Marker: 'aliases-2' })
    .resolves({
      Aliases: [
        { AliasName: 'alias/aws/s3', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`, TargetKeyId: AWS_MANAGED_ID, CreationDate: new Date('2023-01-01T00:00:00Z') },
        { AliasName: 'alias/app-data-legacy', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app-data-legacy`, TargetKeyId: CUSTOMER_ID },
      ],
      Truncated: false,
    });
}

function describeKeys() {
  mock
    .on(DescribeKeyCommand, { KeyId: keyArn(CUSTOMER_ID) })
    .resolves({ KeyMetadata: metadata(CUSTOMER_ID, { Description: 'application data' }) })
    .on(DescribeKeyCommand, { KeyId: keyArn(AWS_MANAGED_ID) })
    .resolves({ KeyMetadata: metadata(AWS_MANAGED_ID, { KeyManager: 'AWS', Description: 'Default key that protects my S3 objects when no other key is defined', CreationDate: new Date('2023-01-01T00:00:00Z') }) })
    .on(DescribeKeyCommand, { KeyId: keyArn(SIGNING_ID) })
    .resolves({
      KeyMetadata: metadata(SIGNING_ID, {
        KeyUsage: 'SIGN_VERIFY',
        KeySpec: 'ECC_NIST_P256',
        CustomerMasterKeySpec: 'ECC_NIST_P256',
        EncryptionAlgorithms: undefined,
        SigningAlgorithms: ['ECDSA_SHA_256'],
        MultiRegion: true,
        MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: keyArn(SIGNING_ID), Region: 'us-east-1' }, ReplicaKeys: [] },
      }),
    })
    .on(DescribeKeyCommand, { KeyId: keyArn(DELETING_ID) })
    .resolves({
      KeyMetadata: metadata(DELETING_ID, { Enabled: false, KeyState: 'PendingDeletion', DeletionDate: new Date('2025-07-01T00:00:00Z'), PendingDeletionWindowInDays: 30 }),
    });
}

describe('kms collector', () => {
  it('maps keys with aliases, rotation, policy and tags across pages', async () => {
    listKeysAndAliases();
    describeKeys();
    mock.on(GetKeyRotationStatusCommand, { KeyId: keyArn(CUSTOMER_ID) }).resolves({ KeyRotationEnabled: true, KeyId: keyArn(CUSTOMER_ID), RotationPeriodInDays: 365, NextRotationDate: new Date('2026-03-01T12:00:00Z') });
    mock.on(GetKeyPolicyCommand).resolves({ Policy: DEFAULT_POLICY, PolicyName: 'default' });
    mock
      .on(ListResourceTagsCommand, { KeyId: keyArn(CUSTOMER_ID), Marker: undefined })
      .resolves({ Tags: [{ TagKey: 'team', TagValue: 'payments' }], NextMarker: 'tags-2', Truncated: true })
      .on(ListResourceTagsCommand, { KeyId: keyArn(CUSTOMER_ID), Marker: 'tags-2' })
      .resolves({ Tags: [{ TagKey: 'env', TagValue: 'prod' }], Truncated: false })
      .on(ListResourceTagsCommand, { KeyId: keyArn(SIGNING_ID) })
      .resolves({ Tags: [], Truncated: false })
      .on(ListResourceTagsCommand, { KeyId: keyArn(DELETING_ID) })
      .resolves({ Tags: [{ TagKey: 'retired', TagValue: '' }], Truncated: false });

    const data = await kmsCollector.collect(testCollectorContext());

    expect(data.keys.value).toEqual([
      {
        id: CUSTOMER_ID,
        arn: keyArn(CUSTOMER_ID),
        manager: 'CUSTOMER',
        state: 'Enabled',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        origin: 'AWS_KMS',
        multiRegion: false,
        creationDate: '2024-03-01T12:00:00.000Z',
        description: 'application data',
        aliases: ['alias/app-data', 'alias/app-data-legacy'],
        rotationEnabled: { value: true },
        policy: { value: NORMALIZED_DEFAULT_POLICY },
        tags: { value: { team: 'payments', env: 'prod' } },
      },
      {
        id: AWS_MANAGED_ID,
        arn: keyArn(AWS_MANAGED_ID),
        manager: 'AWS',
        state: 'Enabled',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        origin: 'AWS_KMS',
        multiRegion: false,
        creationDate: '2023-01-01T00:00:00.000Z',
        description: 'Default key that protects my S3 objects when no other key is defined',
        aliases: ['alias/aws/s3'],
        rotationEnabled: { value: null },
        policy: { value: NORMALIZED_DEFAULT_POLICY },
        tags: { value: {} },
      },
      {
        id: SIGNING_ID,
        arn: keyArn(SIGNING_ID),
        manager: 'CUSTOMER',
        state: 'Enabled',
        keySpec: 'ECC_NIST_P256',
        keyUsage: 'SIGN_VERIFY',
        origin: 'AWS_KMS',
        multiRegion: true,
        creationDate: '2024-03-01T12:00:00.000Z',
        description: '',
        aliases: [],
        rotationEnabled: { value: null },
        policy: { value: NORMALIZED_DEFAULT_POLICY },
        tags: { value: {} },
      },
      {
        id: DELETING_ID,
        arn: keyArn(DELETING_ID),
        manager: 'CUSTOMER',
        state: 'PendingDeletion',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        origin: 'AWS_KMS',
        multiRegion: false,
        creationDate: '2024-03-01T12:00:00.000Z',
        deletionDate: '2025-07-01T00:00:00.000Z',
        description: '',
        aliases: [],
        rotationEnabled: { value: null },
        policy: { value: NORMALIZED_DEFAULT_POLICY },
        tags: { value: { retired: '' } },
      },
    ]);
    // Rotation is queried only for the enabled customer symmetric key; tags never for the AWS managed key.
    expect(mock.commandCalls(GetKeyRotationStatusCommand).map((call) => call.args[0].input.KeyId)).toEqual([keyArn(CUSTOMER_ID)]);
    expect(mock.commandCalls(ListResourceTagsCommand).some((call) => call.args[0].input.KeyId === keyArn(AWS_MANAGED_ID))).toBe(false);
    expect(mock.commandCalls(GetKeyPolicyCommand).every((call) => call.args[0].input.PolicyName === 'default')).toBe(true);
  });

  it('skips rotation for imported key material', async () => {
    mock.on(ListKeysCommand).resolves({ Keys: [{ KeyId: CUSTOMER_ID, KeyArn: keyArn(CUSTOMER_ID) }], Truncated: false });
    mock.on(ListAliasesCommand).resolves({ Aliases: [], Truncated: false });
    mock.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata(CUSTOMER_ID, { Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) });
    mock.on(GetKeyPolicyCommand).resolves({ Policy: DEFAULT_POLICY, PolicyName: 'default' });
    mock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });

    const data = await kmsCollector.collect(testCollectorContext());

    expect(data.keys.value?.[0]).toMatchObject({ origin: 'EXTERNAL', rotationEnabled: { value: null } });
    expect(mock.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(0);
  });

  it('keeps per-key failures on the failing field while the other fields succeed', async () => {
    listKeysAndAliases();
    describeKeys();
    mock.on(GetKeyRotationStatusCommand).rejects(sdkError('AccessDeniedException', `User is not authorized to perform: kms:GetKeyRotationStatus on resource: ${keyArn(CUSTOMER_ID)}`, 400));
    mock
      .on(GetKeyPolicyCommand)
      .resolves({ Policy: DEFAULT_POLICY, PolicyName: 'default' })
      .on(GetKeyPolicyCommand, { KeyId: keyArn(SIGNING_ID) })
      .rejects(sdkError('AccessDeniedException', 'not authorized to perform: kms:GetKeyPolicy', 400));
    mock.on(ListResourceTagsCommand).resolves({ Tags: [{ TagKey: 'team', TagValue: 'payments' }], Truncated: false });

    const data = await kmsCollector.collect(testCollectorContext('us-east-1'));

    const byId = new Map(data.keys.value?.map((key) => [key.id, key]));
    const customer = byId.get(CUSTOMER_ID);
    expect(customer?.rotationEnabled.error).toMatchObject({ api: 'kms:GetKeyRotationStatus', code: 'AccessDeniedException', region: 'us-east-1', resourceUid: keyArn(CUSTOMER_ID) });
    expect(customer?.policy).toEqual({ value: NORMALIZED_DEFAULT_POLICY });
    expect(customer?.tags).toEqual({ value: { team: 'payments' } });
    const signing = byId.get(SIGNING_ID);
    expect(signing?.policy.error).toMatchObject({ api: 'kms:GetKeyPolicy', code: 'AccessDeniedException', resourceUid: keyArn(SIGNING_ID) });
    expect(signing?.tags).toEqual({ value: { team: 'payments' } });
  });

  it('keeps a key whose DescribeKey fails, with the failure on every fetched field', async () => {
    listKeysAndAliases();
    mock
      .on(DescribeKeyCommand)
      .rejects(sdkError('AccessDeniedException', 'not authorized to perform: kms:DescribeKey', 400))
      .on(DescribeKeyCommand, { KeyId: keyArn(SIGNING_ID) })
      .resolves({ KeyMetadata: metadata(SIGNING_ID, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }) })
      .on(DescribeKeyCommand, { KeyId: keyArn(DELETING_ID) })
      .resolves({ KeyMetadata: metadata(DELETING_ID, {}) });
    mock.on(GetKeyPolicyCommand).resolves({ Policy: DEFAULT_POLICY, PolicyName: 'default' });
    mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    mock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });

    const data = await kmsCollector.collect(testCollectorContext('us-east-1'));

    const error = { api: 'kms:DescribeKey', code: 'AccessDeniedException', message: 'not authorized to perform: kms:DescribeKey', region: 'us-east-1', httpStatus: 400, resourceUid: keyArn(CUSTOMER_ID) };
    expect(data.keys.value?.[0]).toEqual({
      id: CUSTOMER_ID,
      arn: keyArn(CUSTOMER_ID),
      manager: 'CUSTOMER',
      state: 'Unknown',
      keySpec: 'Unknown',
      keyUsage: 'Unknown',
      origin: 'Unknown',
      multiRegion: false,
      aliases: ['alias/app-data', 'alias/app-data-legacy'],
      rotationEnabled: { error },
      policy: { error },
      tags: { error },
    });
    // The reserved alias still identifies the AWS managed key.
    expect(data.keys.value?.[1]).toMatchObject({ id: AWS_MANAGED_ID, manager: 'AWS', state: 'Unknown', policy: { error: { code: 'AccessDeniedException', resourceUid: keyArn(AWS_MANAGED_ID) } } });
    expect(data.keys.value?.[3]).toMatchObject({ id: DELETING_ID, state: 'Enabled', rotationEnabled: { value: false } });
    // No detail call is attempted for a key that could not be described.
    expect(mock.commandCalls(GetKeyPolicyCommand).map((call) => call.args[0].input.KeyId).sort()).toEqual([keyArn(DELETING_ID), keyArn(SIGNING_ID)].sort());
  });

  it('fails the key list when aliases cannot be listed, rather than showing keys without aliases', async () => {
    listKeysAndAliases();
    mock.on(ListAliasesCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: kms:ListAliases', 400));

    const data = await kmsCollector.collect(testCollectorContext());

    expect(data.keys.error).toMatchObject({ api: 'kms:ListAliases', code: 'AccessDeniedException' });
    expect(mock.commandCalls(DescribeKeyCommand)).toHaveLength(0);
  });

  it('returns the API error code when ListKeys is denied', async () => {
    mock.on(ListKeysCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: kms:ListKeys', 400));
    mock.on(ListAliasesCommand).resolves({ Aliases: [], Truncated: false });
    const data = await kmsCollector.collect(testCollectorContext('eu-north-1'));
    expect(data.keys.error).toMatchObject({ api: 'kms:ListKeys', code: 'AccessDeniedException', region: 'eu-north-1', httpStatus: 400 });
  });
});

describe('kms collector detail cap', () => {
  it('keeps keys past limits.kmsKeys, undescribed, with DetailCapReached on every fetched field', async () => {
    listKeysAndAliases();
    describeKeys();
    mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    mock.on(GetKeyPolicyCommand).resolves({ Policy: DEFAULT_POLICY, PolicyName: 'default' });
    mock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });

    const data = await kmsCollector.collect({ ...testCollectorContext('us-east-1'), limits: { kmsKeys: 1 } });

    const [customer, awsManaged, signing] = data.keys.value ?? [];
    expect(customer).toMatchObject({ id: CUSTOMER_ID, state: 'Enabled', rotationEnabled: { value: true } });
    expect(data.keys.value).toHaveLength(4);
    expect(awsManaged).toMatchObject({ id: AWS_MANAGED_ID, manager: 'AWS', state: 'Unknown' });
    expect(signing?.policy.error).toMatchObject({
      api: 'kms:DescribeKey',
      code: 'DetailCapReached',
      region: 'us-east-1',
      resourceUid: keyArn(SIGNING_ID),
      message: expect.stringContaining('capped at 1 KMS keys per account and region (limits.kmsKeys); 3 of 4'),
    });
    expect(signing?.rotationEnabled.error?.code).toBe('DetailCapReached');
    expect(signing?.tags.error?.code).toBe('DetailCapReached');
    expect(mock.commandCalls(DescribeKeyCommand).map((call) => call.args[0].input.KeyId)).toEqual([keyArn(CUSTOMER_ID)]);
  });
});
