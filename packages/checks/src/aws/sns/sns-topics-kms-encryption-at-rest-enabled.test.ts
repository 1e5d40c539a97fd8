import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, ok, runCheck, snsTopic, statuses } from '../../testing/aws/index.ts';
import check from './sns-topics-kms-encryption-at-rest-enabled.ts';

const TOPIC_ARN = `arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:alerts`;

describe(check.id, () => {
  it.each([
    ['encrypted', ok({ kmsMasterKeyId: 'alias/aws/sns', subscriptionsConfirmed: 1 }), 'PASS'],
    ['not encrypted', ok({ subscriptionsConfirmed: 1 }), 'FAIL'],
    ['attributes denied', denied('sns:GetTopicAttributes'), 'ERROR'],
  ] as const)('%s → %s', (_name, attributes, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { sns: { topics: ok([snsTopic({ name: 'alerts', attributes })]) } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, TOPIC_ARN]]);
  });

  it('reports ERROR on the region when topics cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { sns: { topics: denied('sns:ListTopics') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:sns/us-east-1`]]);
  });
});
