/**
 * KMS over JSON 1.1 (`TrentService.*`): the keys of the caller's account in the signing region,
 * from `snapshot.regional[region].kms`. Lists page with `Limit`/`Marker` and answer
 * `Truncated`/`NextMarker`; keys are addressed by id, key ARN, alias name or alias ARN.
 */
import type { KmsKey } from '@palisade/core/aws';
import type { SimContext } from '../types.ts';
import { epochSeconds, failure, fromEstate, pageOf } from './estate-answer.ts';
import type { Answer, Failure } from './estate-answer.ts';
import { jsonRpcSimulator } from './json-rpc.ts';
import type { JsonInput } from './json-rpc.ts';

/** Aliases AWS predefines in every region; until a service first uses one it has no target key. */
const PREDEFINED_ALIASES = ['alias/aws/dynamodb', 'alias/aws/ebs', 'alias/aws/elasticfilesystem', 'alias/aws/lambda', 'alias/aws/rds', 'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/sns'];

const statusFor = (code: string): number => (/Internal|Unavailable/.test(code) ? 500 : 400);

export const kmsSimulator = jsonRpcSimulator({
  signingName: 'kms',
  actionPrefix: 'kms',
  targetPrefixes: ['TrentService'],
  validationCode: 'ValidationException',
  throttle: { code: 'ThrottlingException', status: 400 },
  denied: { code: 'AccessDeniedException', status: 400 },
  operations: {
    ListKeys(input, context) {
      const keys = keysOf(context);
      if (keys.failure) return keys;
      const page = pageOf(keys.value, input.string('Marker'), input.pageSize('Limit', 1000, 100), `ListKeys|${context.region}`);
      if (!page) return invalidMarker();
      return { value: { Keys: page.items.map((key) => ({ KeyId: key.id, KeyArn: key.arn })), ...truncation(page.next) } };
    },
    ListAliases(input, context) {
      const keys = keysOf(context);
      if (keys.failure) return keys;
      const keyId = input.string('KeyId');
      let entries = aliasEntries(keys.value, context);
      if (keyId !== undefined) {
        const key = findKey(keys.value, keyId);
        if (!key) return notFound(keyId, context);
        entries = entries.filter((entry) => entry.TargetKeyId === key.id);
      }
      const page = pageOf(entries, input.string('Marker'), input.pageSize('Limit', 100, 50), `ListAliases|${context.region}|${keyId ?? ''}`);
      if (!page) return invalidMarker();
      return { value: { Aliases: page.items, ...truncation(page.next) } };
    },
    DescribeKey(input, context) {
      return withKey(input, context, (key) => ({ value: { KeyMetadata: keyMetadata(key, context) } }));
    },
    GetKeyRotationStatus(input, context) {
      return withKey(input, context, (key) => {
        if (key.state === 'PendingDeletion') return failure('KMSInvalidStateException', `${key.arn} is pending deletion.`, 400);
        if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.origin !== 'AWS_KMS') return failure('UnsupportedOperationException', `${key.arn} key type does not support automatic key rotation.`, 400);
        const rotation = fromEstate(key.rotationEnabled, null, statusFor);
        if (rotation.failure) return rotation;
        // The estate says null where rotation was never asked for; AWS rotates its own keys every year.
        const enabled = rotation.value ?? key.manager === 'AWS';
        return { value: { KeyRotationEnabled: enabled, KeyId: key.arn, ...(enabled ? { RotationPeriodInDays: 365 } : {}) } };
      });
    },
    GetKeyPolicy(input, context) {
      const policyName = input.string('PolicyName') ?? 'default';
      return withKey(input, context, (key) => {
        if (policyName !== 'default') return failure('NotFoundException', `Key policy ${policyName} does not exist for ${key.arn}.`, 400);
        const policy = fromEstate(key.policy, undefined, statusFor);
        if (policy.failure) return policy;
        if (policy.value === undefined) return failure('NotFoundException', `Key policy ${policyName} does not exist for ${key.arn}.`, 400);
        return { value: { Policy: JSON.stringify(policy.value), PolicyName: 'default' } };
      });
    },
    ListResourceTags(input, context) {
      const limit = input.pageSize('Limit', 50, 50);
      const marker = input.string('Marker');
      return withKey(input, context, (key) => {
        const tags = fromEstate(key.tags, {}, statusFor);
        if (tags.failure) return tags;
        const list = Object.entries(tags.value).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
        const page = pageOf(list, marker, limit, `ListResourceTags|${key.arn}`);
        if (!page) return invalidMarker();
        return { value: { Tags: page.items, ...truncation(page.next) } };
      });
    },
  },
});

function keysOf(context: SimContext): Answer<readonly KmsKey[]> {
  return fromEstate(context.account.snapshot.regional[context.region]?.kms?.keys, [], statusFor);
}

function withKey(input: JsonInput, context: SimContext, answer: (key: KmsKey) => Answer<object>): Answer<object> {
  const keyId = input.requiredString('KeyId');
  const keys = keysOf(context);
  if (keys.failure) return keys;
  const key = findKey(keys.value, keyId);
  return key ? answer(key) : notFound(keyId, context);
}

function findKey(keys: readonly KmsKey[], keyId: string): KmsKey | undefined {
  return keys.find((key) => key.id === keyId || key.arn === keyId || key.aliases.some((alias) => alias === keyId || keyId.endsWith(`:${alias}`)));
}

function notFound(keyId: string, context: SimContext): { failure: Failure } {
  const arn = keyId.startsWith('arn:') ? keyId : `arn:${context.account.snapshot.partition}:kms:${context.region}:${context.account.accountId}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
  return failure('NotFoundException', `${arn} does not exist`, 400);
}

function invalidMarker() {
  return failure('InvalidMarkerException', 'The marker that specifies where pagination should next begin is not valid.', 400);
}

function truncation(next: string | undefined): { Truncated: boolean; NextMarker?: string } {
  return next === undefined ? { Truncated: false } : { Truncated: true, NextMarker: next };
}

function aliasEntries(keys: readonly KmsKey[], context: SimContext) {
  const { accountId, snapshot } = context.account;
  const aliasArn = (name: string) => `arn:${snapshot.partition}:kms:${context.region}:${accountId}:${name}`;
  const assigned = keys.flatMap((key) =>
    key.aliases.map((name) => {
      const created = key.creationDate === undefined ? undefined : epochSeconds(key.creationDate);
      return { AliasName: name, AliasArn: aliasArn(name), TargetKeyId: key.id, CreationDate: created, LastUpdatedDate: created };
    }),
  );
  const used = new Set(assigned.map((entry) => entry.AliasName));
  const predefined = PREDEFINED_ALIASES.filter((name) => !used.has(name)).map((name) => ({ AliasName: name, AliasArn: aliasArn(name) }));
  return [...assigned, ...predefined] as { AliasName: string; AliasArn: string; TargetKeyId?: string; CreationDate?: number; LastUpdatedDate?: number }[];
}

function keyMetadata(key: KmsKey, context: SimContext): object {
  return {
    AWSAccountId: context.account.accountId,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: key.creationDate === undefined ? undefined : epochSeconds(key.creationDate),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    DeletionDate: key.deletionDate === undefined ? undefined : epochSeconds(key.deletionDate),
    Origin: key.origin,
    KeyManager: key.manager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...algorithms(key),
    MultiRegion: key.multiRegion,
  };
}

/** The algorithms a key of this spec and usage supports, as DescribeKey lists them. */
function algorithms(key: KmsKey): Record<string, string[]> {
  if (key.keyUsage === 'GENERATE_VERIFY_MAC') return { MacAlgorithms: [`HMAC_SHA_${key.keySpec.replace('HMAC_', '')}`] };
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] };
  if (key.keySpec.startsWith('RSA_')) {
    return key.keyUsage === 'SIGN_VERIFY'
      ? { SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'] }
      : { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
  }
  if (key.keySpec.startsWith('ECC_')) return key.keyUsage === 'KEY_AGREEMENT' ? { KeyAgreementAlgorithms: ['ECDH'] } : { SigningAlgorithms: ['ECDSA_SHA_256'] };
  return {};
}
