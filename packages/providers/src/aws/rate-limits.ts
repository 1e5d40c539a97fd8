/**
 * Token-bucket settings per API group, per account × region. Where AWS publishes a limit we use
 * it; elsewhere the values are conservative and can be overridden in the config file
 * (`gateway.rateLimits`). Each entry: burst capacity and steady refill per second.
 */

export interface RateLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface RateLimitRule extends RateLimit {
  /** `service:ActionPrefix*` or `service:*`. The most specific (longest) matching pattern wins. */
  readonly pattern: string;
  readonly source: string;
}

export const DEFAULT_RATE_LIMITS: readonly RateLimitRule[] = [
  // EC2 API request throttling: non-mutating (Describe*) actions share a bucket of 100, refilled at 20/s.
  { pattern: 'ec2:Describe*', capacity: 100, refillPerSecond: 20, source: 'EC2 API request throttling, non-mutating actions' },
  { pattern: 'ec2:Get*', capacity: 100, refillPerSecond: 20, source: 'EC2 API request throttling, non-mutating actions' },
  { pattern: 'ec2:*', capacity: 50, refillPerSecond: 5, source: 'EC2 API request throttling, unfiltered actions' },
  // CloudWatch Logs: DescribeLogGroups and DescribeMetricFilters are limited to 5 TPS per account and region.
  { pattern: 'logs:*', capacity: 5, refillPerSecond: 5, source: 'CloudWatch Logs quotas' },
  // CloudWatch DescribeAlarms: 9 TPS.
  { pattern: 'cloudwatch:DescribeAlarms', capacity: 9, refillPerSecond: 9, source: 'CloudWatch API quotas' },
  { pattern: 'cloudwatch:*', capacity: 20, refillPerSecond: 10, source: 'conservative' },
  // CloudTrail control-plane read APIs: 10 TPS.
  { pattern: 'cloudtrail:*', capacity: 10, refillPerSecond: 10, source: 'CloudTrail quotas' },
  { pattern: 'iam:*', capacity: 20, refillPerSecond: 10, source: 'conservative (IAM does not publish per-API read limits)' },
  { pattern: 's3:*', capacity: 100, refillPerSecond: 50, source: 'conservative (bucket configuration reads)' },
  { pattern: 's3-control:*', capacity: 10, refillPerSecond: 5, source: 'conservative' },
  { pattern: 'sns:*', capacity: 30, refillPerSecond: 30, source: 'SNS API quotas (ListTopics/ListSubscriptions 30 TPS)' },
  { pattern: 'config:*', capacity: 5, refillPerSecond: 5, source: 'conservative' },
  { pattern: 'kms:*', capacity: 50, refillPerSecond: 50, source: 'conservative (KMS read quotas are higher)' },
  { pattern: 'rds:*', capacity: 20, refillPerSecond: 10, source: 'conservative' },
  { pattern: 'elasticfilesystem:*', capacity: 20, refillPerSecond: 10, source: 'conservative' },
  { pattern: 'sts:*', capacity: 20, refillPerSecond: 10, source: 'conservative' },
  { pattern: 'organizations:*', capacity: 10, refillPerSecond: 5, source: 'conservative' },
  { pattern: '*', capacity: 10, refillPerSecond: 5, source: 'conservative default' },
];

/** Finds the rule for an API such as `ec2:DescribeInstances`; returns the pattern as the bucket name. */
export function resolveRateLimit(api: string, rules: readonly RateLimitRule[] = DEFAULT_RATE_LIMITS): RateLimitRule {
  let best: RateLimitRule | undefined;
  for (const rule of rules) {
    if (!matches(rule.pattern, api)) continue;
    if (!best || rule.pattern.length > best.pattern.length) best = rule;
  }
  if (!best) throw new Error(`no rate limit rule matches ${api} (the table must end with "*")`);
  return best;
}

function matches(pattern: string, api: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return api.startsWith(pattern.slice(0, -1));
  return api === pattern;
}
