import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { KmsKey } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, kmsKey, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './kms-cmk-rotation-enabled.ts';

const KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/k1`;
const withKeys = (keys: Fetched<readonly KmsKey[]>) => accountSnapshot({ regional: { 'us-east-1': { kms: { keys } } } });

describe(check.id, () => {
  it.each([
    ['rotation on', ok(true), 'PASS'],
    ['rotation off', ok(false), 'FAIL'],
    ['rotation status denied', denied('kms:GetKeyRotationStatus'), 'ERROR'],
  ] as const)('%s → %s', (_name, rotationEnabled, expected) => {
    expect(statuses(runCheck(check, withKeys(ok([kmsKey({ id: 'k1', rotationEnabled })]))))).toEqual([[expected, KEY_ARN]]);
  });

  it.each([
    ['AWS managed', { manager: 'AWS' as const }],
    ['asymmetric', { keySpec: 'RSA_2048' }],
    ['disabled', { state: 'Disabled' }],
    ['pending deletion', { state: 'PendingDeletion' }],
    ['rotation not applicable (imported material)', { origin: 'EXTERNAL', rotationEnabled: ok(null) }],
  ] as const)('skips a key that is %s', (_name, overrides) => {
    expect(runCheck(check, withKeys(ok([kmsKey({ id: 'k1', rotationEnabled: ok(false), ...overrides })])))).toEqual([]);
  });

  it('reports ERROR on the region when keys cannot be listed', () => {
    const results = runCheck(check, withKeys(denied('kms:ListKeys')));
    expect(statuses(results)).toEqual([['ERROR', `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:kms/us-east-1`]]);
    expect(results[0]?.message).toContain('kms:ListKeys failed with AccessDenied');
  });
});
