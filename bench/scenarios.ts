/** The benchmark scenarios: estate shapes, latency, throttling and fault models. */
import type { RetryPolicy } from '@palisade/providers';
import type { FaultModel, LatencyModel } from './sim/handler.ts';
import type { EstateShape } from './sim/estate.ts';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly estate: EstateShape;
  readonly latency: LatencyModel;
  readonly faults?: FaultModel;
  /** Accounts (by index) and APIs answered AccessDenied in the faults scenario. */
  readonly denials?: readonly { readonly accountIndexModulo: number; readonly remainder: number; readonly operation: string }[];
  /** The gateway's retry policy; unset means the scanner's default. */
  readonly retryPolicy?: RetryPolicy;
  /** Worker threads the scan runs on; unset means 1 (in the benchmark's own process). */
  readonly workers?: number;
  readonly target: string;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const LATENCY: LatencyModel = { medianMs: 40, p99Ms: 300 };

const BIG: Scenario = {
  name: 'big',
  description: '100 accounts × 4 regions, ≥ 100,000 resources',
  estate: {
    seed: 11,
    accounts: 100,
    regions: REGIONS,
    perRegion: { instances: 120, securityGroups: 40, volumes: 60, snapshots: 20, vpcs: 4, kmsKeys: 2, logGroups: 2 },
    perAccount: { iamUsers: 10, iamRoles: 10, buckets: 8 },
    misconfiguredShare: 0.2,
  },
  latency: LATENCY,
  target: 'peak RSS ≤ 1 GB; the single-thread baseline of big-2w',
};

/**
 * A small estate (2 accounts × 2 regions, about 45 resources) where ec2:GetEbsDefaultKmsKeyId
 * always answers HTTP 500 with an HTML page, as an endpoint without the API does. Run twice, with
 * the uniform retry policy (every 5xx retried with growing delays, as before failures were
 * classified) and with the default classified policy, to show what failing fast saves.
 */
const PERMANENT_FAILURE: Scenario = {
  name: 'permanent-failure',
  description: '2 accounts × 2 regions, ec2:GetEbsDefaultKmsKeyId always answers HTTP 500 with an HTML page; classified retries',
  estate: {
    seed: 5,
    accounts: 1,
    regions: ['us-east-1', 'eu-west-1'],
    perRegion: { instances: 2, securityGroups: 2, volumes: 2, snapshots: 1, vpcs: 1, kmsKeys: 1, logGroups: 1 },
    perAccount: { iamUsers: 1, iamRoles: 1, buckets: 1 },
    misconfiguredShare: 0.2,
  },
  latency: LATENCY,
  faults: { serverErrorRate: 0, timeoutRate: 0, brokenOperations: ['ec2:GetEbsDefaultKmsKeyId'] },
  retryPolicy: 'classified',
  target: 'the broken API costs one quick retry per call, not seconds of back-off (wall well below the uniform run)',
};

/**
 * The scenario pairs run together, the baseline first; `run.ts` compares their wall times and
 * findings: the retry policies, and one thread against two worker threads.
 */
export const COMPARED_SCENARIOS: readonly (readonly [baseline: string, measured: string])[] = [
  ['permanent-failure-uniform', 'permanent-failure'],
  ['big', 'big-2w'],
];

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'rate-bound': {
    name: 'rate-bound',
    description: '5 accounts × 4 regions, many per-resource detail calls (KMS keys, IAM users, S3 buckets)',
    estate: {
      seed: 7,
      accounts: 5,
      regions: REGIONS,
      perRegion: { instances: 40, securityGroups: 20, volumes: 40, snapshots: 10, vpcs: 2, kmsKeys: 250, logGroups: 5 },
      perAccount: { iamUsers: 60, iamRoles: 20, buckets: 40 },
      misconfiguredShare: 0.2,
    },
    latency: LATENCY,
    target: 'wall/floor ≤ 1.2',
  },
  big: BIG,
  'big-2w': {
    ...BIG,
    name: 'big-2w',
    description: 'the big estate on 2 worker threads (accounts split between them; each encodes its outputs, the main thread appends them)',
    workers: 2,
    target: '≥ 5,000 resources/s, peak RSS ≤ 1 GB (whole process, worker threads included); findings identical to big',
  },
  faults: {
    ...BIG,
    name: 'faults',
    description: 'the big estate with 5% transient errors (5xx and timeouts) and AccessDenied for some services and accounts',
    faults: { serverErrorRate: 0.045, timeoutRate: 0.005 },
    denials: [
      { accountIndexModulo: 10, remainder: 3, operation: 'kms:ListKeys' },
      { accountIndexModulo: 10, remainder: 7, operation: 'ec2:DescribeVolumes' },
      { accountIndexModulo: 25, remainder: 5, operation: 'iam:GetAccountAuthorizationDetails' },
    ],
    target: 'completes; every denial reported; all other findings identical to the fault-free run',
  },
  'permanent-failure-uniform': {
    ...PERMANENT_FAILURE,
    name: 'permanent-failure-uniform',
    description: 'the permanent-failure estate with uniform retries (every 5xx retried up to 6 times with growing delays), the behaviour before classification',
    retryPolicy: 'uniform',
    target: 'baseline for permanent-failure',
  },
  'permanent-failure': PERMANENT_FAILURE,
};
