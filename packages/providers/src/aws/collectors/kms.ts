import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import type { AliasListEntry, KeyListEntry, KeyMetadata, ListAliasesCommandOutput, ListKeysCommandOutput, ListResourceTagsCommandOutput } from '@aws-sdk/client-kms';
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { ApiError, Fetched, Tags } from '@palisade/core';
import type { KmsKey } from '@palisade/core/aws';
import { capDetails, isoDate, mapLimit } from '../collector.ts';
import type { CollectorContext, RegionalCollector } from '../collector.ts';

/** KMS list APIs page with `Marker`/`NextMarker`, and `Truncated` says whether another page exists. */
const nextMarker = (page: { NextMarker?: string; Truncated?: boolean }) => (page.Truncated ? page.NextMarker : undefined);

/** The APIs' largest pages (ListKeys 1,000, ListAliases 100): fewer sequential round trips before the per-key calls start. */
const MAX_PAGE = 1000;
const MAX_ALIASES_PAGE = 100;

export const kmsCollector: RegionalCollector<'kms'> = {
  service: 'kms',
  scope: 'regional',
  async collect(context) {
    const { gateway, clients, region } = context;
    const client = clients.get(KMSClient, region);
    const [keys, aliases] = await Promise.all([
      gateway.paginate(
        'kms:ListKeys',
        (Marker, abortSignal) => client.send(new ListKeysCommand({ Marker, Limit: MAX_PAGE }), { abortSignal }),
        (page: ListKeysCommandOutput) => page.Keys,
        nextMarker,
      ),
      gateway.paginate(
        'kms:ListAliases',
        (Marker, abortSignal) => client.send(new ListAliasesCommand({ Marker, Limit: MAX_ALIASES_PAGE }), { abortSignal }),
        (page: ListAliasesCommandOutput) => page.Aliases,
        nextMarker,
      ),
    ]);
    if (keys.error) return { keys };
    // A key's aliases have no error slot of their own; empty aliases from a failed list would read as "none".
    if (aliases.error) return { keys: aliases };
    const aliasesByKeyId = groupAliases(aliases.value);
    const aliasesOf = (entry: KeyListEntry) => aliasesByKeyId.get(entry.KeyId ?? '') ?? [];
    const cap = capDetails(keys.value, context, 'kmsKeys');
    const detailed = await mapLimit(cap.detailed, 8, (entry) => collectKey(context, client, entry, aliasesOf(entry)));
    // Without DescribeKey nothing is known about a capped key; it is reported like one whose DescribeKey failed.
    const capped = cap.capped.map((entry) => undescribedKey(entry.KeyId ?? '', entry.KeyArn ?? '', aliasesOf(entry), cap.capError('kms:DescribeKey', entry.KeyArn ?? '')));
    return { keys: { value: [...detailed, ...capped] } };
  },
};

async function collectKey({ gateway }: CollectorContext, client: KMSClient, entry: KeyListEntry, aliases: readonly string[]): Promise<KmsKey> {
  const id = entry.KeyId ?? '';
  const arn = entry.KeyArn ?? '';
  const described = await gateway.call('kms:DescribeKey', (abortSignal) => client.send(new DescribeKeyCommand({ KeyId: arn }), { abortSignal }), { resourceUid: arn });
  if (described.error) return undescribedKey(id, arn, aliases, described.error);
  const metadata: KeyMetadata = described.value.KeyMetadata ?? { KeyId: id };
  const manager = metadata.KeyManager ?? 'CUSTOMER';
  const [rotationEnabled, policy, tags] = await Promise.all([
    rotationApplies(metadata)
      ? gateway.call(
          'kms:GetKeyRotationStatus',
          async (abortSignal) => (await client.send(new GetKeyRotationStatusCommand({ KeyId: arn }), { abortSignal })).KeyRotationEnabled ?? false,
          { resourceUid: arn },
        )
      : { value: null },
    // Parsing inside the call turns a malformed policy into this key's error instead of a throw.
    gateway.call(
      'kms:GetKeyPolicy',
      async (abortSignal) => normalizePolicyDocument((await client.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }), { abortSignal })).Policy),
      { resourceUid: arn },
    ),
    // AWS managed keys carry no customer tags and cannot be tagged.
    manager === 'AWS' ? { value: {} } : listTags(gateway, client, arn),
  ]);
  return {
    id: metadata.KeyId ?? id,
    arn: metadata.Arn ?? arn,
    manager,
    state: metadata.KeyState ?? 'Unknown',
    keySpec: metadata.KeySpec ?? 'Unknown',
    keyUsage: metadata.KeyUsage ?? 'Unknown',
    origin: metadata.Origin ?? 'Unknown',
    multiRegion: metadata.MultiRegion ?? false,
    creationDate: isoDate(metadata.CreationDate),
    deletionDate: isoDate(metadata.DeletionDate),
    description: metadata.Description,
    aliases,
    rotationEnabled,
    policy,
    tags,
  };
}

/**
 * A key whose DescribeKey failed stays in the list so checks report ERROR for it. Nothing about
 * it is known, so every fetched field carries that failure; the reserved `alias/aws/` prefix still
 * tells an AWS managed key apart, and any other key is treated as customer managed so customer-key
 * checks see it rather than skip it.
 */
function undescribedKey(id: string, arn: string, aliases: readonly string[], error: ApiError): KmsKey {
  return {
    id,
    arn,
    manager: aliases.some((alias) => alias.startsWith('alias/aws/')) ? 'AWS' : 'CUSTOMER',
    state: 'Unknown',
    keySpec: 'Unknown',
    keyUsage: 'Unknown',
    origin: 'Unknown',
    multiRegion: false,
    aliases,
    rotationEnabled: { error },
    policy: { error },
    tags: { error },
  };
}

/**
 * Automatic rotation exists only for customer managed symmetric keys with KMS-generated material;
 * keys pending deletion or import cannot be queried meaningfully.
 */
function rotationApplies(metadata: KeyMetadata): boolean {
  return (
    metadata.KeyManager === 'CUSTOMER' &&
    metadata.KeySpec === 'SYMMETRIC_DEFAULT' &&
    metadata.Origin === 'AWS_KMS' &&
    metadata.KeyState !== 'PendingDeletion' &&
    metadata.KeyState !== 'PendingImport'
  );
}

async function listTags(gateway: CollectorContext['gateway'], client: KMSClient, arn: string): Promise<Fetched<Tags>> {
  const tags = await gateway.paginate(
    'kms:ListResourceTags',
    (Marker, abortSignal) => client.send(new ListResourceTagsCommand({ KeyId: arn, Marker }), { abortSignal }),
    (page: ListResourceTagsCommandOutput) => page.Tags,
    nextMarker,
  );
  // paginate takes no resource uid, so the key is attached here.
  if (tags.error) return { error: { ...tags.error, resourceUid: arn } };
  const out: Record<string, string> = {};
  for (const tag of tags.value) if (tag.TagKey !== undefined) out[tag.TagKey] = tag.TagValue ?? '';
  return { value: out };
}

function groupAliases(aliases: readonly AliasListEntry[]): Map<string, string[]> {
  const byKeyId = new Map<string, string[]>();
  for (const alias of aliases) {
    // Predefined aliases of AWS managed keys not yet created have no target.
    if (alias.TargetKeyId === undefined || alias.AliasName === undefined) continue;
    const names = byKeyId.get(alias.TargetKeyId) ?? [];
    names.push(alias.AliasName);
    byKeyId.set(alias.TargetKeyId, names);
  }
  return byKeyId;
}
