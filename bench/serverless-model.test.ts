/**
 * The serverless model's pure parts with known inputs: the state machine's schedule (Map
 * concurrency, state latency, cold starts on new slots), the transitions it bills, a measured step
 * on a smaller function, the rate-limit floor, DynamoDB item sizes and units, and the cost sums.
 */
import { describe, expect, it } from 'vitest';
import {
  PRICE_VALUES,
  alwaysOnMonthlyCost,
  completeWaitMs,
  dynamoItemSize,
  findingItemSizes,
  findingUnits,
  insertWaitMs,
  lambdaDurationMs,
  scanCost,
  simulateExecution,
  slowestBucket,
  stateTransitions,
  total,
} from './serverless-model.ts';

const NO_COLD_START = { plan: 0, collect: 0, evaluate: 0, finalize: 0 };
const THREE_ACCOUNTS = [
  { collectMs: [10, 20], evaluateMs: 5 },
  { collectMs: [30, 10], evaluateMs: 5 },
  { collectMs: [5, 5], evaluateMs: 5 },
];

describe('the state machine schedule', () => {
  it('runs 3 accounts × 2 groups at 2 accounts and 1 group at a time: the third account starts when the first ends', () => {
    const timeline = simulateExecution({ planMs: 100, accounts: THREE_ACCOUNTS, finalizeMs: 50, accountConcurrency: 2, groupConcurrency: 1, coldStartMs: NO_COLD_START, transitionMs: 0 });
    // A: 100 → 110 → 130 → 135; B: 100 → 130 → 140 → 145; C from 135: → 140 → 145 → 150; finalize 150 → 200.
    expect(timeline).toMatchObject({ planEndMs: 100, accountsEndMs: 150, wallMs: 200 });
    expect(timeline.functions.collect).toMatchObject({ invocations: 6, billedMs: 80, peakConcurrency: 2, longestMs: 30 });
    expect(timeline.functions.evaluate).toMatchObject({ invocations: 3, billedMs: 15 });
  });

  it('waits the transition latency before every state, Map states and Done included', () => {
    const timeline = simulateExecution({ planMs: 100, accounts: THREE_ACCOUNTS, finalizeMs: 50, accountConcurrency: 2, groupConcurrency: 1, coldStartMs: NO_COLD_START, transitionMs: 1 });
    // Plan 1 → 101; Accounts 102; A: Collect 103, parts 104 → 114, 115 → 135, Evaluate 136 → 141; C from 141: 142, 143 → 148, 149 → 154, 155 → 160; Finalize 161 → 211; Done 212.
    expect(timeline).toMatchObject({ planEndMs: 101, accountsEndMs: 160, wallMs: 212 });
  });

  it('starts a new instance (a cold start) only when no instance of the function is idle', () => {
    const timeline = simulateExecution({
      planMs: 0,
      accounts: [{ collectMs: [10, 10, 10], evaluateMs: 0 }],
      finalizeMs: 0,
      accountConcurrency: 1,
      groupConcurrency: 2,
      coldStartMs: { plan: 0, collect: 100, evaluate: 0, finalize: 0 },
      transitionMs: 0,
    });
    // Two groups start cold (0 → 110); the third takes an instance freed at 110 (→ 120).
    expect(timeline.functions.collect).toEqual({ invocations: 3, coldStarts: 2, billedMs: 230, peakConcurrency: 2, longestMs: 110 });
    expect(timeline.wallMs).toBe(120);
  });

  it('counts the transitions of the state machine shape: Plan, Accounts, per account Collect + its parts + Evaluate, Finalize, Done', () => {
    expect(stateTransitions([2, 3])).toBe(2 + (1 + 2 + 1) + (1 + 3 + 1) + 2);
    expect(stateTransitions(Array.from({ length: 100 }, () => 5))).toBe(704);
  });
});

describe('a measured step on Lambda', () => {
  it('stretches the CPU time by the function CPU share (one vCPU at 1,769 MB), never shortening a step', () => {
    expect(lambdaDurationMs(1000, 600, 1769)).toBe(1000);
    expect(lambdaDurationMs(1000, 600, 1769 / 2)).toBeCloseTo(1600, 9);
    expect(lambdaDurationMs(1000, 600, 3008)).toBe(1000);
    // CPU of other threads (more than the wall) counts as one thread's.
    expect(lambdaDurationMs(1000, 1500, 1769 / 2)).toBeCloseTo(2000, 9);
  });

  it('finds the slowest rate-limit bucket: calls beyond the burst at the refill rate, plus one latency', () => {
    const floor = slowestBucket(
      [
        { bucket: 'a|us-east-1|iam:*', calls: 520, capacity: 20, refillPerSecond: 10 },
        { bucket: 'm|us-east-1|organizations:*', calls: 110, capacity: 10, refillPerSecond: 5 },
      ],
      0.04,
    );
    expect(floor).toEqual({ bucket: 'a|us-east-1|iam:*', calls: 520, seconds: 50.04 });
  });
});

describe('DynamoDB items and request units', () => {
  it('sizes items as DynamoDB bills them', () => {
    // pk: 2 + 2; n: 1 + (3 digits → 2 + 1); b: 1 + 1; m: 1 + 3 + (x: 1 + 1 + 1 element byte).
    expect(dynamoItemSize({ pk: 'ab', n: 123, b: true, m: { x: 'y' } })).toBe(4 + 4 + 2 + 7);
    expect(dynamoItemSize({ skipped: undefined, s: 'é' })).toBe(1 + 2);
  });

  it('sizes a finding as the store writes it: a row, its index entry and a current item holding a copy of the row', () => {
    const uid = 'aws/s3-bucket-default-encryption/123456789012/us-east-1/arn:aws:s3:::bucket';
    const sizes = findingItemSizes(
      {
        uid,
        checkId: 'aws/s3-bucket-default-encryption',
        title: 'S3 bucket default encryption',
        service: 's3',
        status: 'FAIL',
        severity: 'medium',
        message: 'Bucket bucket has no default encryption.',
        provider: 'aws',
        accountUid: '123456789012',
        region: 'us-east-1',
        resource: { uid: 'arn:aws:s3:::bucket', name: 'bucket', type: 'AwsS3Bucket' },
        compliance: ['cis-aws-3.0:2.1.1'],
        time: '2026-12-03T10:00:00.000Z',
      },
      { tenantId: '00000000-0000-7000-8000-000000000001', scanId: '00000000-0000-7000-8000-000000000002', providerId: '00000000-0000-7000-8000-000000000003' },
    );
    // Index entry: hpk (3 + 41 + uid), hsk (3 + 61), pk (2 + 77), sk (2 + 2 + uid), st (2 + 4), mu (3), pr (3), p (1 + 36).
    expect(sizes.index).toBe(240 + 2 * uid.length);
    expect(sizes.index).toBeLessThan(sizes.row);
    // The current item holds the row's attributes (not its keys) plus its own keys and tracks.
    expect(sizes.current).toBeGreaterThan(sizes.row - 300);
    expect(sizes.row).toBeGreaterThan(500);
  });

  it('counts write units per item (rounded up to 1 KB each) and read units by bytes read', () => {
    const units = findingUnits({ row: 900, index: 300, current: 1100 }, { retention: true });
    // Row 1 + index 1, current item twice at 2, the row and index deleted again at the end of retention.
    expect(units.writeUnits).toBe(1 + 1 + 2 * 2 + (1 + 1));
    expect(units.readUnits).toBeCloseTo(1 + 2000 / 4096, 9);
    expect(findingUnits({ row: 900, index: 300, current: 1100 }, { retention: false }).writeUnits).toBe(6);
    expect(units.rowStorageBytes).toBe(900 + 300 + 200);
  });

  it('models the store waiting on DynamoDB: 9 round trips per 100 findings stored, completion pages and batches of 25', () => {
    expect(insertWaitMs(250, { roundTripMs: 10, completeWriteConcurrency: 1 })).toBe(3 * 9 * 10);
    expect(completeWaitMs(1000, { row: 1024, current: 1024 }, { roundTripMs: 10, completeWriteConcurrency: 1 })).toBe((1 + 1 + 40) * 10);
    expect(completeWaitMs(1000, { row: 1024, current: 1024 }, { roundTripMs: 10, completeWriteConcurrency: 25 })).toBe((1 + 1 + 2) * 10);
  });
});

describe('cost', () => {
  it('prices each billed dimension of a scan', () => {
    const lines = scanCost({
      lambda: [{ name: 'evaluate', invocations: 10, billedMs: 10_000, memoryMb: 2048 }],
      stateTransitions: 1000,
      dynamoWriteUnits: 1e6,
      dynamoReadUnits: 1e6,
      s3WriteRequests: 1000,
      s3ReadRequests: 1000,
      secretCalls: 10_000,
    });
    const cost = Object.fromEntries(lines.map((line) => [line.item, line.cost]));
    expect(lines.find((line) => line.item === 'Lambda duration')!.quantity).toBe(20);
    expect(cost['Lambda duration']).toBeCloseTo(20 * 0.0000133334, 12);
    expect(cost['Lambda requests']).toBeCloseTo(10 * 0.2e-6, 12);
    expect(cost['Step Functions state transitions']).toBeCloseTo(0.025, 12);
    expect(cost['DynamoDB writes']).toBeCloseTo(0.625, 12);
    expect(cost['DynamoDB reads']).toBeCloseTo(0.125, 12);
    expect(cost['S3 PUT/LIST (parts, reports)']).toBeCloseTo(0.005, 12);
    expect(cost['S3 GET (parts)']).toBeCloseTo(0.0004, 12);
    expect(cost['Secrets Manager reads']).toBeCloseTo(0.05, 12);
    expect(total(lines)).toBeCloseTo(20 * 0.0000133334 + 2e-6 + 0.025 + 0.625 + 0.125 + 0.005 + 0.0004 + 0.05, 12);
  });

  it('prices an always-on deployment for 730 hours a month', () => {
    const lines = alwaysOnMonthlyCost({ vcpu: 2, memoryGb: 4 }, 100, { ...PRICE_VALUES, fargateVcpuHour: 0.04, fargateGbHour: 0.004, rdsT4gMediumHour: 0.065, rdsGbMonth: 0.1 });
    expect(lines.map((line) => line.cost)).toEqual([730 * (2 * 0.04 + 4 * 0.004), expect.closeTo(730 * 0.065, 9), expect.closeTo(10, 9)]);
  });
});
