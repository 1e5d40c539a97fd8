import type { AwsGlobalServiceName, AwsRegionalServiceName } from '@palisade/core';
import type { GlobalCollector, RegionalCollector } from '../collector.ts';
import { accessAnalyzerCollector } from './accessanalyzer.ts';
import { accountCollector } from './account.ts';
import { cloudTrailCollector } from './cloudtrail.ts';
import { cloudWatchCollector } from './cloudwatch.ts';
import { configCollector } from './config.ts';
import { ec2Collector } from './ec2.ts';
import { efsCollector } from './efs.ts';
import { guardDutyCollector } from './guardduty.ts';
import { iamCollector } from './iam.ts';
import { kmsCollector } from './kms.ts';
import { logsCollector } from './logs.ts';
import { macieCollector } from './macie.ts';
import { rdsCollector } from './rds.ts';
import { s3Collector } from './s3.ts';
import { securityHubCollector } from './securityhub.ts';
import { snsCollector } from './sns.ts';

/** One collector per service; the type makes a missing service a compile error. */
export const GLOBAL_COLLECTORS: { readonly [K in AwsGlobalServiceName]: GlobalCollector<K> } = {
  iam: iamCollector,
  s3: s3Collector,
  account: accountCollector,
};

export const REGIONAL_COLLECTORS: { readonly [K in AwsRegionalServiceName]: RegionalCollector<K> } = {
  ec2: ec2Collector,
  cloudtrail: cloudTrailCollector,
  logs: logsCollector,
  cloudwatch: cloudWatchCollector,
  sns: snsCollector,
  config: configCollector,
  kms: kmsCollector,
  rds: rdsCollector,
  efs: efsCollector,
  accessanalyzer: accessAnalyzerCollector,
  securityhub: securityHubCollector,
  macie: macieCollector,
  guardduty: guardDutyCollector,
};
