import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { ConfigRecorder } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, configRecorder, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './config-recorder-all-regions-enabled.ts';

const regionUid = (region: string) => `arn:aws:config:${region}:${TEST_ACCOUNT_ID}:config/${region}`;
const withRecorders = (recorders: Fetched<readonly ConfigRecorder[]>) => accountSnapshot({ regional: { 'us-east-1': { config: { recorders } } } });

describe(check.id, () => {
  it.each([
    ['recording everything', ok([configRecorder()]), 'PASS'],
    ['no recorder', ok([]), 'FAIL'],
    ['selected resource types only', ok([configRecorder({ allSupported: false, resourceTypes: ['AWS::EC2::Instance'] })]), 'FAIL'],
    ['stopped', ok([configRecorder({ status: ok({ recording: false }) })]), 'FAIL'],
    ['last delivery failed', ok([configRecorder({ status: ok({ recording: true, lastStatus: 'FAILURE' }) })]), 'FAIL'],
    ['global types nowhere', ok([configRecorder({ includeGlobalResourceTypes: false })]), 'FAIL'],
    ['recorders denied', denied('config:DescribeConfigurationRecorders'), 'ERROR'],
    ['status denied', ok([configRecorder({ status: denied('config:DescribeConfigurationRecorderStatus') })]), 'ERROR'],
  ] as const)('%s → %s', (_name, recorders, expected) => {
    expect(statuses(runCheck(check, withRecorders(recorders)))).toEqual([[expected, regionUid('us-east-1')]]);
  });

  it('needs global resource types in one region only', () => {
    const account = accountSnapshot({
      regions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
      regional: {
        'us-east-1': { config: { recorders: ok([configRecorder()]) } },
        'eu-west-1': { config: { recorders: ok([configRecorder({ includeGlobalResourceTypes: false })]) } },
      },
    });
    expect(statuses(runCheck(check, account))).toEqual([
      ['PASS', regionUid('us-east-1')],
      ['PASS', regionUid('eu-west-1')],
      ['FAIL', regionUid('ap-south-1')],
    ]);
  });

  it('does not blame global types on a region when another region could not be read', () => {
    const account = accountSnapshot({
      regions: ['us-east-1', 'eu-west-1'],
      regional: {
        'us-east-1': { config: { recorders: ok([configRecorder({ includeGlobalResourceTypes: false })]) } },
        'eu-west-1': { config: { recorders: denied('config:DescribeConfigurationRecorders') } },
      },
    });
    expect(statuses(runCheck(check, account))).toEqual([
      ['PASS', regionUid('us-east-1')],
      ['ERROR', regionUid('eu-west-1')],
    ]);
  });

  it('explains a failing region', () => {
    const [result] = runCheck(check, withRecorders(ok([configRecorder({ status: ok({ recording: false }) })])));
    expect(result?.message).toBe('AWS Config does not record all resources in us-east-1: default is stopped.');
  });
});
