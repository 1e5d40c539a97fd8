/**
 * The CIS "log metric filter and alarm" chain (CIS AWS Foundations 4.1-4.15): a multi-region trail
 * that records management events delivers to a CloudWatch Logs group; a metric filter on that group
 * matches the events; an alarm watches the filter's metric and notifies an SNS topic that somebody
 * is subscribed to. Any missing link means nobody is told, so each check names the first one.
 */
import { errorResult, fail, manual, pass } from '@palisade/core';
import { accountResource, parseArn } from '@palisade/core/aws';
import type { ApiError, CheckResult, Remediation } from '@palisade/core';
import type { AwsAccountSnapshot, CloudTrailTrail, CloudWatchAlarm, LogsMetricFilter } from '@palisade/core/aws';
import { capturesAllManagementEvents, uniqueTrails } from './cloudtrail-trails.ts';

/** One `$.field op value` comparison of a filter pattern, normalized for comparison. */
export interface FilterClause {
  readonly field: string;
  /** `=`, `!=`, `<`, `>`, `<=`, `>=`, `NOT EXISTS`, `EXISTS`, `IS NULL`, `IS TRUE`, `IS FALSE`. */
  readonly operator: string;
  /** Without surrounding quotes; absent for unary operators. */
  readonly value?: string;
}

const UNARY = new Set(['NOT EXISTS', 'EXISTS', 'IS NULL', 'IS TRUE', 'IS FALSE']);
const CLAUSE =
  /\$\.([A-Za-z0-9_.\-[\]]+)\s*(!=|<=|>=|=|<|>|not\s+exists\b|exists\b|is\s+null\b|is\s+true\b|is\s+false\b)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s()&|"}]+))?/gi;

/**
 * Every comparison in a JSON filter pattern, in order. Quotes and spacing are dropped so that
 * `$.eventName = "ConsoleLogin"` and `$.eventName=ConsoleLogin` compare equal; field names and
 * values keep their case because CloudWatch Logs matches them case-sensitively.
 */
export function parseFilterPattern(pattern: string): FilterClause[] {
  const clauses: FilterClause[] = [];
  for (const match of pattern.matchAll(CLAUSE)) {
    const operator = match[2]!.toUpperCase().replace(/\s+/g, ' ');
    const field = `$.${match[1]!}`;
    if (UNARY.has(operator)) {
      clauses.push({ field, operator });
      continue;
    }
    const quoted = match[3];
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : match[4];
    clauses.push(value === undefined ? { field, operator } : { field, operator, value });
  }
  return clauses;
}

export function clauseKey(clause: FilterClause): string {
  return clause.value === undefined ? `${clause.field} ${clause.operator}` : `${clause.field} ${clause.operator} "${clause.value}"`;
}

/** What a check's metric filter must detect. */
export interface MetricFilterRequirement {
  /** For messages: "unauthorized API calls". */
  readonly subject: string;
  /**
   * Clauses the pattern must contain, written as pattern text (`'$.eventName = ConsoleLogin'`); an
   * inner list gives accepted alternatives. Refinements that only narrow the match (an
   * `eventSource` that the event names already imply, noise exclusions) are left out, so a
   * broader filter that still catches every event passes.
   */
  readonly clauses: readonly (string | readonly string[])[];
}

function singleClause(text: string): string {
  const parsed = parseFilterPattern(text);
  if (parsed.length !== 1) throw new Error(`metric filter requirement "${text}" must hold exactly one clause`);
  return clauseKey(parsed[0]!);
}

/**
 * The required clauses the pattern lacks (order-, quote- and spacing-insensitive), each as its
 * first accepted form; empty when the pattern meets the requirement. The boolean structure is not
 * judged: a filter that names every required clause is taken to watch for them.
 */
export function missingClauses(pattern: string, requirement: MetricFilterRequirement): string[] {
  const present = new Set(parseFilterPattern(pattern).map(clauseKey));
  return requirement.clauses.flatMap((entry) => {
    const alternatives = typeof entry === 'string' ? [entry] : entry;
    return alternatives.some((text) => present.has(singleClause(text))) ? [] : [singleClause(alternatives[0]!)];
  });
}

type Outcome =
  | { readonly kind: 'pass'; readonly message: string }
  | { readonly kind: 'error'; readonly error: ApiError; readonly context: string }
  /** The chain continues in another account, where this scan cannot see it. */
  | { readonly kind: 'manual'; readonly message: string }
  /** `depth` counts the links that held, so the most complete chain explains the failure. */
  | { readonly kind: 'fail'; readonly depth: number; readonly message: string };

/**
 * A passing chain wins; then an unreadable one (it might have passed); then one that continues in
 * another account; then the deepest failure.
 */
function best(outcomes: readonly Outcome[]): Outcome | undefined {
  for (const kind of ['pass', 'error', 'manual'] as const) {
    const found = outcomes.find((outcome) => outcome.kind === kind);
    if (found) return found;
  }
  let deepest: Outcome | undefined;
  for (const outcome of outcomes) {
    if (outcome.kind === 'fail' && (deepest?.kind !== 'fail' || outcome.depth > deepest.depth)) deepest = outcome;
  }
  return deepest;
}

function notCollected(account: AwsAccountSnapshot, service: string, api: string, region: string): ApiError {
  const why = account.regions.includes(region) ? `${service} was not collected in ${region}` : `region ${region} was not scanned`;
  return { api, code: 'NotCollected', message: `${why}; results for it are unknown`, region };
}

/** `arn:aws:logs:eu-west-1:123456789012:log-group:NAME:*` → name, region and owning account. */
export function parseLogGroupArn(arn: string): { readonly name: string; readonly region: string; readonly accountId: string } | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'logs' || !parsed.resource.startsWith('log-group:')) return undefined;
  const name = parsed.resource.slice('log-group:'.length).replace(/:\*$/, '');
  return name ? { name, region: parsed.region, accountId: parsed.accountId } : undefined;
}

const isConfirmed = (subscriptionArn: string): boolean => subscriptionArn.startsWith('arn:');

function followTopic(account: AwsAccountSnapshot, topicArn: string, alarm: CloudWatchAlarm, path: string): Outcome {
  const region = parseArn(topicArn)?.region ?? '';
  const sns = account.regional[region]?.sns;
  if (sns === undefined) return { kind: 'error', error: notCollected(account, 'sns', 'sns:ListSubscriptions', region), context: `SNS topic ${topicArn}` };
  const found = `${path}, alarmed by ${alarm.name}, which notifies SNS topic ${topicArn}`;
  if (sns.subscriptions.value?.some((sub) => sub.topicArn === topicArn && isConfirmed(sub.subscriptionArn))) {
    return { kind: 'pass', message: `${found} with a confirmed subscription.` };
  }
  // ListSubscriptions shows only this account's subscriptions; the topic's own count includes other accounts'.
  const attributes = sns.topics.value?.find((topic) => topic.arn === topicArn)?.attributes;
  const confirmedCount = attributes?.value?.subscriptionsConfirmed ?? 0;
  if (confirmedCount > 0) return { kind: 'pass', message: `${found} with ${confirmedCount} confirmed subscription(s).` };
  const unreadable = sns.subscriptions.error ?? sns.topics.error ?? attributes?.error;
  if (unreadable) return { kind: 'error', error: unreadable, context: `Subscriptions of SNS topic ${topicArn}` };
  return { kind: 'fail', depth: 5, message: `${found}, but the topic has no confirmed subscription, so nobody receives the alarm.` };
}

function followAlarm(account: AwsAccountSnapshot, alarm: CloudWatchAlarm, path: string): Outcome {
  if (!alarm.actionsEnabled) return { kind: 'fail', depth: 4, message: `${path}, alarmed by ${alarm.name}, but the alarm's actions are disabled.` };
  const topics = alarm.alarmActions.filter((action) => parseArn(action)?.service === 'sns');
  if (topics.length === 0) return { kind: 'fail', depth: 4, message: `${path}, alarmed by ${alarm.name}, but the alarm notifies no SNS topic.` };
  return best(topics.map((topicArn) => followTopic(account, topicArn, alarm, path)))!;
}

function followFilter(account: AwsAccountSnapshot, region: string, filter: LogsMetricFilter, path: string): Outcome {
  const cloudwatch = account.regional[region]?.cloudwatch;
  if (cloudwatch === undefined) {
    return { kind: 'error', error: notCollected(account, 'cloudwatch', 'cloudwatch:DescribeAlarms', region), context: `Alarms in ${region}` };
  }
  if (cloudwatch.alarms.error) return { kind: 'error', error: cloudwatch.alarms.error, context: `Alarms in ${region}` };
  const alarms = cloudwatch.alarms.value;
  const outcomes = filter.metricTransformations.map((metric): Outcome => {
    const metricPath = `${path}: metric filter ${filter.name} feeds metric ${metric.metricNamespace}/${metric.metricName}`;
    const watching = alarms.filter((alarm) => alarm.metricName === metric.metricName && alarm.namespace === metric.metricNamespace);
    if (watching.length === 0) return { kind: 'fail', depth: 3, message: `${metricPath}, but no CloudWatch alarm watches that metric.` };
    return best(watching.map((alarm) => followAlarm(account, alarm, metricPath)))!;
  });
  return best(outcomes) ?? { kind: 'fail', depth: 3, message: `${path}: metric filter ${filter.name} publishes no metric.` };
}

function followTrail(account: AwsAccountSnapshot, trail: CloudTrailTrail, requirement: MetricFilterRequirement): Outcome {
  if (trail.status.error) return { kind: 'error', error: trail.status.error, context: `Status of trail ${trail.name}` };
  if (!trail.status.value.isLogging) return { kind: 'fail', depth: 1, message: `Trail ${trail.name} delivers to CloudWatch Logs but is not logging.` };
  if (trail.eventSelectors.error) return { kind: 'error', error: trail.eventSelectors.error, context: `Event selectors of trail ${trail.name}` };
  if (!capturesAllManagementEvents(trail.eventSelectors.value)) {
    return { kind: 'fail', depth: 1, message: `Trail ${trail.name} delivers to CloudWatch Logs but does not record all (read and write) management events.` };
  }
  const group = parseLogGroupArn(trail.cloudWatchLogsLogGroupArn ?? '');
  if (group === undefined) {
    return { kind: 'fail', depth: 1, message: `Trail ${trail.name} names an unrecognized CloudWatch Logs group ARN "${trail.cloudWatchLogsLogGroupArn}".` };
  }
  if (group.accountId !== account.accountId) {
    // An organization trail created in the management account delivers to that account's log group.
    return {
      kind: 'manual',
      message: `Trail ${trail.name} delivers to log group ${group.name} in account ${group.accountId}; verify there that a metric filter and alarm watch for ${requirement.subject}.`,
    };
  }
  const logs = account.regional[group.region]?.logs;
  if (logs === undefined) {
    return { kind: 'error', error: notCollected(account, 'logs', 'logs:DescribeMetricFilters', group.region), context: `Metric filters of log group ${group.name}` };
  }
  if (logs.metricFilters.error) return { kind: 'error', error: logs.metricFilters.error, context: `Metric filters in ${group.region}` };
  const onGroup = logs.metricFilters.value.filter((filter) => filter.logGroupName === group.name);
  const path = `Trail ${trail.name} delivers to log group ${group.name} (${group.region})`;
  if (onGroup.length === 0) return { kind: 'fail', depth: 2, message: `${path}, which has no metric filters; none watches for ${requirement.subject}.` };
  const scored = onGroup.map((filter) => ({ filter, missing: missingClauses(filter.filterPattern, requirement) }));
  const matching = scored.filter((entry) => entry.missing.length === 0);
  if (matching.length === 0) {
    const closest = scored.reduce((a, b) => (b.missing.length < a.missing.length ? b : a));
    return {
      kind: 'fail',
      depth: 2,
      message: `${path}, but none of its ${onGroup.length} metric filter(s) watches for ${requirement.subject}; the closest, ${closest.filter.name}, lacks ${closest.missing.join(', ')}.`,
    };
  }
  return best(matching.map((entry) => followFilter(account, group.region, entry.filter, path)))!;
}

/**
 * One account-level result: PASS naming the trail, filter, alarm and topic of a complete chain;
 * ERROR when a link could not be read (and no other chain is complete); MANUAL when the trail
 * delivers to another account's log group; otherwise FAIL naming the first missing link of the
 * most complete chain.
 */
export function evaluateMetricFilterAlarm(account: AwsAccountSnapshot, requirement: MetricFilterRequirement): readonly CheckResult[] {
  const target = accountResource(account);
  const trails = uniqueTrails(account);
  if (trails.error) return [errorResult(target, trails.error, 'CloudTrail trails could not be listed')];
  const delivering = trails.value.filter((trail) => trail.cloudWatchLogsLogGroupArn !== undefined && trail.cloudWatchLogsLogGroupArn !== '');
  const candidates = delivering.filter((trail) => trail.isMultiRegion);
  if (candidates.length === 0) {
    const singleRegion = delivering.map((trail) => trail.name);
    const note = singleRegion.length > 0 ? ` Single-region trail(s) ${singleRegion.join(', ')} cover only their home region.` : '';
    return [fail(target, `No multi-region CloudTrail trail delivers to CloudWatch Logs, so no metric filter can watch for ${requirement.subject} in every region.${note}`)];
  }
  const outcome = best(candidates.map((trail) => followTrail(account, trail, requirement)))!;
  switch (outcome.kind) {
    case 'pass':
      return [pass(target, outcome.message)];
    case 'error':
      return [errorResult(target, outcome.error, outcome.context)];
    case 'manual':
      return [manual(target, outcome.message)];
    case 'fail':
      return [fail(target, outcome.message)];
  }
}

export interface MetricFilterRemediationInput {
  /** kebab-case base name for the filter, metric and alarm, e.g. `unauthorized-api-calls`. */
  readonly name: string;
  /** The filter pattern to install. */
  readonly pattern: string;
  readonly summary: string;
}

/**
 * The same three steps for every monitoring check (metric filter, SNS topic with a subscriber,
 * alarm), rendered for the CLI, Terraform and the console with the check's own pattern and names.
 */
export function metricFilterRemediation({ name, pattern, summary }: MetricFilterRemediationInput): Remediation {
  const metric = `${name}-count`;
  const resourceName = name.replace(/-/g, '_');
  return {
    summary,
    cli: [
      '# <log-group>: the CloudTrail log group (from: aws cloudtrail describe-trails --query "trailList[].CloudWatchLogsLogGroupArn")',
      'aws logs put-metric-filter --log-group-name <log-group> \\',
      `  --filter-name ${name} \\`,
      `  --metric-transformations metricName=${metric},metricNamespace=CISBenchmark,metricValue=1,defaultValue=0 \\`,
      `  --filter-pattern '${pattern}'`,
      '# once, shared by all CIS alarms:',
      'aws sns create-topic --name security-alerts',
      'aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <security-team@example.com>  # confirm the e-mail',
      `aws cloudwatch put-metric-alarm --alarm-name ${name} \\`,
      `  --metric-name ${metric} --namespace CISBenchmark --statistic Sum --period 300 \\`,
      '  --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \\',
      '  --treat-missing-data notBreaching --alarm-actions <topic-arn>',
    ].join('\n'),
    terraform: [
      `resource "aws_cloudwatch_log_metric_filter" "${resourceName}" {`,
      `  name           = "${name}"`,
      '  log_group_name = aws_cloudwatch_log_group.cloudtrail.name',
      `  pattern        = ${JSON.stringify(pattern)}`,
      '',
      '  metric_transformation {',
      `    name          = "${metric}"`,
      '    namespace     = "CISBenchmark"',
      '    value         = "1"',
      '    default_value = "0"',
      '  }',
      '}',
      '',
      `resource "aws_cloudwatch_metric_alarm" "${resourceName}" {`,
      `  alarm_name          = "${name}"`,
      `  metric_name         = aws_cloudwatch_log_metric_filter.${resourceName}.metric_transformation[0].name`,
      '  namespace           = "CISBenchmark"',
      '  statistic           = "Sum"',
      '  period              = 300',
      '  evaluation_periods  = 1',
      '  threshold           = 1',
      '  comparison_operator = "GreaterThanOrEqualToThreshold"',
      '  treat_missing_data  = "notBreaching"',
      '  alarm_actions       = [aws_sns_topic.security_alerts.arn] # with a confirmed aws_sns_topic_subscription',
      '}',
    ].join('\n'),
    console: [
      'CloudWatch console → Logs → Log groups → select the CloudTrail log group → Metric filters → Create metric filter.',
      `Filter pattern: ${pattern}`,
      `Filter name ${name}; metric namespace CISBenchmark, metric name ${metric}, metric value 1 → Create metric filter.`,
      'Select the new filter → Create alarm → Statistic Sum, period 5 minutes, threshold ≥ 1 → notify an SNS topic that has a confirmed subscription → Create alarm.',
    ].join('\n'),
  };
}
