import { describe, expect, it } from 'vitest';
import type { AwsAccountSnapshot } from '@palisade/core/aws';
import {
  MONITORING_LOG_GROUP,
  MONITORING_TOPIC,
  TEST_ACCOUNT_ID,
  TEST_REGION,
  accountSnapshot,
  cloudTrailTrail,
  denied,
  logGroupArn,
  metricFilter,
  monitoringChainSnapshot,
  ok,
  snsTopic,
  snsTopicArn,
} from '../../testing/aws/index.ts';
import { evaluateMetricFilterAlarm, metricFilterRemediation, missingClauses, parseFilterPattern, parseLogGroupArn } from './metric-filters.ts';
import type { MetricFilterRequirement } from './metric-filters.ts';

const ROOT = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
const ROOT_USAGE: MetricFilterRequirement = {
  subject: 'root user activity',
  clauses: ['$.userIdentity.type = "Root"', '$.userIdentity.invokedBy NOT EXISTS', '$.eventType != "AwsServiceEvent"'],
};
const CIS_ROOT_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';

const evaluate = (account: AwsAccountSnapshot) => evaluateMetricFilterAlarm(account, ROOT_USAGE);
const only = (account: AwsAccountSnapshot) => {
  const results = evaluate(account);
  expect(results).toHaveLength(1);
  return results[0]!;
};

/** The chain snapshot with one regional service replaced. */
function withRegional(account: AwsAccountSnapshot, overrides: Record<string, unknown>): AwsAccountSnapshot {
  const region = account.regional[TEST_REGION]!;
  return { ...account, regional: { [TEST_REGION]: { ...region, ...overrides } } };
}

describe('parseFilterPattern', () => {
  it('normalizes quotes, spacing and operators', () => {
    expect(parseFilterPattern('{($.eventName=ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes")}')).toEqual([
      { field: '$.eventName', operator: '=', value: 'ConsoleLogin' },
      { field: '$.additionalEventData.MFAUsed', operator: '!=', value: 'Yes' },
    ]);
  });

  it('reads unary operators and escaped quotes', () => {
    expect(parseFilterPattern('{ $.userIdentity.invokedBy not  exists && $.errorMessage = "say \\"hi\\"" }')).toEqual([
      { field: '$.userIdentity.invokedBy', operator: 'NOT EXISTS' },
      { field: '$.errorMessage', operator: '=', value: 'say "hi"' },
    ]);
  });
});

describe('missingClauses', () => {
  it.each([
    ['the CIS pattern', CIS_ROOT_PATTERN, []],
    ['reordered, unquoted, compact', '{$.eventType!=AwsServiceEvent&&$.userIdentity.invokedBy NOT EXISTS&&$.userIdentity.type=Root}', []],
    ['without the service-event exclusion', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }', ['$.eventType != "AwsServiceEvent"']],
    ['value in another case', '{ $.userIdentity.type = "root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }', ['$.userIdentity.type = "Root"']],
  ] as const)('%s', (_name, pattern, expected) => {
    expect(missingClauses(pattern, ROOT_USAGE)).toEqual(expected);
  });

  it('accepts any listed alternative', () => {
    const requirement: MetricFilterRequirement = { subject: 'x', clauses: [['$.a != "Yes"', '$.a = "No"']] };
    expect(missingClauses('{ $.a = "No" }', requirement)).toEqual([]);
    expect(missingClauses('{ $.b = "No" }', requirement)).toEqual(['$.a != "Yes"']);
  });
});

describe('parseLogGroupArn', () => {
  it.each([
    ['arn:aws:logs:eu-west-1:123456789012:log-group:aws-cloudtrail-logs:*', { name: 'aws-cloudtrail-logs', region: 'eu-west-1', accountId: '123456789012' }],
    ['arn:aws:logs:us-east-1:111122223333:log-group:/org/cloudtrail', { name: '/org/cloudtrail', region: 'us-east-1', accountId: '111122223333' }],
    ['arn:aws:sns:us-east-1:123456789012:topic', undefined],
  ] as const)('%s', (arn, expected) => {
    expect(parseLogGroupArn(arn)).toEqual(expected);
  });
});

describe('evaluateMetricFilterAlarm', () => {
  it('passes a complete chain and names every link', () => {
    const result = only(monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN }));
    expect([result.status, result.resource.uid]).toEqual(['PASS', ROOT]);
    expect(result.message).toContain('cis-monitoring-filter');
    expect(result.message).toContain('cis-monitoring-alarm');
    expect(result.message).toContain(snsTopicArn(MONITORING_TOPIC));
  });

  it.each([
    ['no trails', accountSnapshot(), 'No multi-region CloudTrail trail delivers to CloudWatch Logs'],
    ['single-region trail only', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, trail: { isMultiRegion: false } }), 'cover only their home region'],
    ['trail not logging', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, trail: { status: ok({ isLogging: false }) } }), 'is not logging'],
    [
      'trail records write events only',
      monitoringChainSnapshot({
        pattern: CIS_ROOT_PATTERN,
        trail: { eventSelectors: ok({ basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] }) },
      }),
      'does not record all',
    ],
    ['filter misses a clause', monitoringChainSnapshot({ pattern: '{ $.userIdentity.type = "Root" }' }), 'lacks $.userIdentity.invokedBy NOT EXISTS'],
    ['no alarm on the metric', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, alarm: null }), 'no CloudWatch alarm watches'],
    ['alarm in another namespace', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, alarm: { namespace: 'Other' } }), 'no CloudWatch alarm watches'],
    ['alarm actions disabled', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, alarm: { actionsEnabled: false } }), 'actions are disabled'],
    ['alarm notifies no topic', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, alarm: { alarmActions: [] } }), 'notifies no SNS topic'],
    ['subscription pending', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, subscription: { subscriptionArn: 'PendingConfirmation' } }), 'no confirmed subscription'],
    ['no subscription', monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, subscription: null }), 'no confirmed subscription'],
  ] as const)('fails: %s', (_name, account, message) => {
    const result = only(account);
    expect([result.status, result.resource.uid]).toEqual(['FAIL', ROOT]);
    expect(result.message).toContain(message);
  });

  it('counts subscribers from other accounts through the topic attributes', () => {
    const base = monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, subscription: null });
    const topic = snsTopic({ name: MONITORING_TOPIC, attributes: ok({ subscriptionsConfirmed: 2 }) });
    const account = withRegional(base, { sns: { topics: ok([topic]), subscriptions: ok([]) } });
    expect(only(account).status).toBe('PASS');
  });

  it('explains the most complete chain when several filters fall short', () => {
    const base = monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, alarm: null });
    const stray = metricFilter({ name: 'stray', logGroupName: MONITORING_LOG_GROUP, filterPattern: '{ $.eventName = ConsoleLogin }' });
    const logs = base.regional[TEST_REGION]!.logs!;
    const account = withRegional(base, { logs: { ...logs, metricFilters: ok([stray, ...logs.metricFilters.value!]) } });
    expect(only(account).message).toContain('no CloudWatch alarm watches');
  });

  it.each([
    ['trails', { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } }, 'cloudtrail:DescribeTrails failed with AccessDenied'],
    ['metric filters', { logs: { logGroups: ok([]), metricFilters: denied('logs:DescribeMetricFilters') } }, 'logs:DescribeMetricFilters failed'],
    ['alarms', { cloudwatch: { alarms: denied('cloudwatch:DescribeAlarms') } }, 'cloudwatch:DescribeAlarms failed'],
    ['subscriptions', { sns: { topics: ok([]), subscriptions: denied('sns:ListSubscriptions') } }, 'sns:ListSubscriptions failed'],
    ['topics (to count other accounts\' subscribers)', { sns: { topics: denied('sns:ListTopics'), subscriptions: ok([]) } }, 'sns:ListTopics failed'],
  ] as const)('reports ERROR when %s cannot be read', (_name, overrides, message) => {
    const result = only(withRegional(monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN }), overrides));
    expect([result.status, result.resource.uid]).toEqual(['ERROR', ROOT]);
    expect(result.message).toContain(message);
  });

  it('reports ERROR for trail status it could not read rather than failing', () => {
    const result = only(monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, trail: { status: denied('cloudtrail:GetTrailStatus') } }));
    expect(result.status).toBe('ERROR');
  });

  it('reports ERROR when the log group lives in a region that was not scanned', () => {
    const result = only(monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, trail: { cloudWatchLogsLogGroupArn: logGroupArn(MONITORING_LOG_GROUP, 'eu-west-1') } }));
    expect(result.status).toBe('ERROR');
    expect(result.message).toContain('region eu-west-1 was not scanned');
  });

  it('reports MANUAL when the trail delivers to a log group in another account', () => {
    const centralGroup = 'arn:aws:logs:us-east-1:111122223333:log-group:org-cloudtrail:*';
    const result = only(monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN, trail: { isOrganizationTrail: true, cloudWatchLogsLogGroupArn: centralGroup } }));
    expect([result.status, result.resource.uid]).toEqual(['MANUAL', ROOT]);
    expect(result.message).toContain('in account 111122223333');
  });

  it('prefers a complete chain over an unreadable one', () => {
    const base = monitoringChainSnapshot({ pattern: CIS_ROOT_PATTERN });
    const broken = cloudTrailTrail({ name: 'broken', cloudWatchLogsLogGroupArn: logGroupArn('other'), status: denied('cloudtrail:GetTrailStatus') });
    const trails = base.regional[TEST_REGION]!.cloudtrail!.trails.value!;
    const account = withRegional(base, { cloudtrail: { trails: ok([broken, ...trails]) } });
    expect(only(account).status).toBe('PASS');
  });
});

describe('metricFilterRemediation', () => {
  it('renders the pattern and names into every channel', () => {
    const remediation = metricFilterRemediation({ name: 'root-account-usage', pattern: CIS_ROOT_PATTERN, summary: 'Alarm on root usage.' });
    expect(remediation.summary).toBe('Alarm on root usage.');
    expect(remediation.cli).toContain(`--filter-pattern '${CIS_ROOT_PATTERN}'`);
    expect(remediation.cli).toContain('aws cloudwatch put-metric-alarm --alarm-name root-account-usage');
    expect(remediation.terraform).toContain(`pattern        = ${JSON.stringify(CIS_ROOT_PATTERN)}`);
    expect(remediation.terraform).toContain('resource "aws_cloudwatch_metric_alarm" "root_account_usage"');
    expect(remediation.console).toContain(`Filter pattern: ${CIS_ROOT_PATTERN}`);
  });
});
