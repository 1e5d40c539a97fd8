/** Result resources and labels for KMS keys, shared by the KMS checks. */
import { resource } from '@palisade/core';
import type { ResourceRef } from '@palisade/core';
import type { KmsKey } from '@palisade/core/aws';

/** The key's ARN, named by its first alias when it has one, with its tags when they were readable. */
export function keyResource(key: KmsKey, region: string): ResourceRef {
  return resource(key.arn, 'AwsKmsKey', key.aliases[0] ?? key.id, region, key.tags.value);
}

/** `alias/app (1234abcd-...)` or the bare key id, for messages. */
export function keyLabel(key: KmsKey): string {
  return key.aliases[0] ? `${key.aliases[0]} (${key.id})` : key.id;
}
