import { describe, expect, it } from 'vitest';
import type { PolicyStatement, SnsTopic } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, ok, runCheck, snsTopic, statuses } from '../../testing/aws/index.ts';
import check from './sns-topics-not-publicly-accessible.ts';

const TOPIC_ARN = `arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:alerts`;
const publish: PolicyStatement = { Sid: 'OpenPublish', Effect: 'Allow', Principal: '*', Action: ['SNS:Publish'], Resource: [TOPIC_ARN] };
const withPolicy = (...Statement: PolicyStatement[]): SnsTopic['attributes'] => ok({ policy: { Version: '2012-10-17', Statement }, subscriptionsConfirmed: 1 });
const withTopic = (overrides: Partial<SnsTopic>) => accountSnapshot({ regional: { 'us-east-1': { sns: { topics: ok([snsTopic({ name: 'alerts', ...overrides })]) } } } });

describe(check.id, () => {
  it.each([
    ['default policy (AWS:SourceOwner)', {}, 'PASS'],
    ['no policy', { attributes: ok({ subscriptionsConfirmed: 0 }) }, 'PASS'],
    ['open, limited by aws:SourceArn', { attributes: withPolicy({ ...publish, Condition: { ArnLike: { 'aws:SourceArn': [`arn:aws:s3:::uploads`] } } }) }, 'PASS'],
    ['open publish', { attributes: withPolicy(publish) }, 'FAIL'],
    ['open with IfExists condition', { attributes: withPolicy({ ...publish, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': [TEST_ACCOUNT_ID] } } }) }, 'FAIL'],
    ['attributes denied', { attributes: denied('sns:GetTopicAttributes') }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(runCheck(check, withTopic(overrides)))).toEqual([[expected, TOPIC_ARN]]);
  });

  it('names the open statement', () => {
    const [result] = runCheck(check, withTopic({ attributes: withPolicy(publish) }));
    expect(result?.message).toContain('statement "OpenPublish"');
  });

  it('reports ERROR on the region when topics cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { sns: { topics: denied('sns:ListTopics') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:sns/us-east-1`]]);
  });
});
