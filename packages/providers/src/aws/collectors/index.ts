/**
 * The collector of every service. Each collector module, and with it its SDK client, is loaded on
 * the collector's first `collect`: a live scan loads only the clients of the services its checks
 * read, and importing this registry (an offline scan does) loads no SDK at all.
 */
import type { AwsGlobalServiceName, AwsGlobalServices, AwsRegionalServiceName, AwsRegionalServices } from '@palisade/core/aws';
import type { CollectorContext, GlobalCollector, RegionalCollector } from '../collector.ts';

/** A global collector that imports its module on first use; the module's collector does the work. */
function lazyGlobal<K extends AwsGlobalServiceName>(service: K, load: () => Promise<GlobalCollector<K>>): GlobalCollector<K> {
  return {
    service,
    scope: 'global',
    collect: async (context: CollectorContext): Promise<AwsGlobalServices[K]> => (await load()).collect(context),
  };
}

/** A regional collector that imports its module on first use; the module's collector does the work. */
function lazyRegional<K extends AwsRegionalServiceName>(service: K, load: () => Promise<RegionalCollector<K>>): RegionalCollector<K> {
  return {
    service,
    scope: 'regional',
    collect: async (context: CollectorContext): Promise<AwsRegionalServices[K]> => (await load()).collect(context),
  };
}

/** One collector per service; the type makes a missing service a compile error. */
export const GLOBAL_COLLECTORS: { readonly [K in AwsGlobalServiceName]: GlobalCollector<K> } = {
  iam: lazyGlobal('iam', async () => (await import('./iam.ts')).iamCollector),
  s3: lazyGlobal('s3', async () => (await import('./s3.ts')).s3Collector),
  account: lazyGlobal('account', async () => (await import('./account.ts')).accountCollector),
};

export const REGIONAL_COLLECTORS: { readonly [K in AwsRegionalServiceName]: RegionalCollector<K> } = {
  ec2: lazyRegional('ec2', async () => (await import('./ec2.ts')).ec2Collector),
  cloudtrail: lazyRegional('cloudtrail', async () => (await import('./cloudtrail.ts')).cloudTrailCollector),
  logs: lazyRegional('logs', async () => (await import('./logs.ts')).logsCollector),
  cloudwatch: lazyRegional('cloudwatch', async () => (await import('./cloudwatch.ts')).cloudWatchCollector),
  sns: lazyRegional('sns', async () => (await import('./sns.ts')).snsCollector),
  config: lazyRegional('config', async () => (await import('./config.ts')).configCollector),
  kms: lazyRegional('kms', async () => (await import('./kms.ts')).kmsCollector),
  rds: lazyRegional('rds', async () => (await import('./rds.ts')).rdsCollector),
  efs: lazyRegional('efs', async () => (await import('./efs.ts')).efsCollector),
  accessanalyzer: lazyRegional('accessanalyzer', async () => (await import('./accessanalyzer.ts')).accessAnalyzerCollector),
  securityhub: lazyRegional('securityhub', async () => (await import('./securityhub.ts')).securityHubCollector),
  macie: lazyRegional('macie', async () => (await import('./macie.ts')).macieCollector),
  guardduty: lazyRegional('guardduty', async () => (await import('./guardduty.ts')).guardDutyCollector),
};
