import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, denied, kmsKey, ok } from '../../testing/aws/index.ts';
import { keyLabel, keyResource } from './kms-keys.ts';

describe('keyResource', () => {
  it('names the key by its alias and carries its tags', () => {
    const key = kmsKey({ id: 'k1', aliases: ['alias/app'], tags: ok({ team: 'payments' }) });
    expect(keyResource(key, 'eu-west-1')).toEqual({
      uid: `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/k1`,
      type: 'AwsKmsKey',
      name: 'alias/app',
      region: 'eu-west-1',
      tags: { team: 'payments' },
    });
    expect(keyLabel(key)).toBe('alias/app (k1)');
  });

  it('falls back to the key id and omits unreadable tags', () => {
    const key = kmsKey({ id: 'k2', tags: denied('kms:ListResourceTags') });
    expect(keyResource(key, 'us-east-1')).toEqual({ uid: key.arn, type: 'AwsKmsKey', name: 'k2', region: 'us-east-1' });
    expect(keyLabel(key)).toBe('k2');
  });
});
