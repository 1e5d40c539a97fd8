/**
 * The pure half of `npm run bench:serverless` (bench/serverless.ts measures, this module predicts):
 * how the serverless deployment's state machine schedules a scan's steps, how many state
 * transitions it bills, what a measured step becomes on a Lambda function of a given size, what the
 * DynamoDB store writes and reads per finding, the rate-limit floor, and what it all costs.
 *
 * The state machine (apps/serverless/src/infra/stack.ts): `Plan` → `Accounts` (Map over accounts,
 * MaxConcurrency = account concurrency; each iteration: `Collect`, a Map over the account's groups
 * with MaxConcurrency = group concurrency, each group one `CollectPart` invocation; then `Evaluate`)
 * → `Finalize` → `Done`.
 */
import type { FindingInput } from '@palisade/store';

export const FUNCTIONS = ['plan', 'collect', 'evaluate', 'finalize'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

// ---- the state machine's schedule ----

/** One account's steps as the fan-out runs them: its collect groups, then its evaluation (durations in ms). */
export interface AccountSteps {
  readonly collectMs: readonly number[];
  readonly evaluateMs: number;
}

export interface ExecutionInput {
  readonly planMs: number;
  readonly accounts: readonly AccountSteps[];
  readonly finalizeMs: number;
  /** MaxConcurrency of the `Accounts` Map (an inline Map runs at most 40 iterations at once). */
  readonly accountConcurrency: number;
  /** MaxConcurrency of each account's `Collect` Map. */
  readonly groupConcurrency: number;
  /** Added to an invocation that finds no idle instance of its function: the first use of each concurrent slot. */
  readonly coldStartMs: Readonly<Record<FunctionName, number>>;
  /** Before each state starts (the state machine's own latency between states). */
  readonly transitionMs: number;
}

export interface FunctionUse {
  readonly invocations: number;
  readonly coldStarts: number;
  /** Billed duration: the step plus its cold start. */
  readonly billedMs: number;
  readonly peakConcurrency: number;
  /** The longest single invocation (a function times out at 900 s). */
  readonly longestMs: number;
}

export interface ExecutionTimeline {
  readonly wallMs: number;
  /** When `Plan` ended and `Accounts` ended (the last evaluation). */
  readonly planEndMs: number;
  readonly accountsEndMs: number;
  readonly functions: Readonly<Record<FunctionName, FunctionUse>>;
}

interface ScheduledEvent {
  readonly time: number;
  /** Ends before starts at the same instant, so that an instance freed at t serves a step starting at t. */
  readonly rank: 0 | 1;
  readonly sequence: number;
  readonly action: () => void;
}

/**
 * Runs the state machine's schedule as a discrete-event simulation: Map iterations start in item
 * order as soon as a slot of their Map is free; every state entered waits `transitionMs`; each
 * task state is one invocation of its function, warm when an instance of that function is idle,
 * else cold (a new instance: `coldStartMs`). Deterministic: equal inputs give equal timelines.
 */
export function simulateExecution(input: ExecutionInput): ExecutionTimeline {
  if (input.accountConcurrency < 1 || input.groupConcurrency < 1) throw new Error('concurrency must be at least 1');
  const queue: ScheduledEvent[] = [];
  let sequence = 0;
  let now = 0;
  const at = (time: number, rank: 0 | 1, action: () => void) => queue.push({ time, rank, sequence: sequence++, action });
  const idle: Record<FunctionName, number> = { plan: 0, collect: 0, evaluate: 0, finalize: 0 };
  const busy: Record<FunctionName, number> = { plan: 0, collect: 0, evaluate: 0, finalize: 0 };
  const uses = Object.fromEntries(FUNCTIONS.map((name) => [name, { invocations: 0, coldStarts: 0, billedMs: 0, peakConcurrency: 0, longestMs: 0 }])) as Record<FunctionName, { -readonly [K in keyof FunctionUse]: FunctionUse[K] }>;
  let planEndMs = 0;
  let accountsEndMs = 0;
  let wallMs = Number.NaN;

  /** Enters a state without work of its own (a Map state, `Done`). */
  const enter = (then: () => void) => at(now + input.transitionMs, 1, then);
  /** Enters a task state: one invocation of `name`. */
  const invoke = (name: FunctionName, durationMs: number, then: () => void) =>
    enter(() => {
      const use = uses[name];
      const cold = idle[name] === 0;
      if (cold) use.coldStarts += 1;
      else idle[name] -= 1;
      busy[name] += 1;
      use.peakConcurrency = Math.max(use.peakConcurrency, busy[name]);
      const billed = durationMs + (cold ? input.coldStartMs[name] : 0);
      use.invocations += 1;
      use.billedMs += billed;
      use.longestMs = Math.max(use.longestMs, billed);
      at(now + billed, 0, () => {
        busy[name] -= 1;
        idle[name] += 1;
        then();
      });
    });
  /** A Map state: `items` run at most `concurrency` at once, in order; `then` once all have ended. */
  const map = <T>(items: readonly T[], concurrency: number, run: (item: T, done: () => void) => void, then: () => void) =>
    enter(() => {
      let next = 0;
      let running = 0;
      let finished = 0;
      if (items.length === 0) return then();
      const startMore = () => {
        while (running < concurrency && next < items.length) {
          running += 1;
          run(items[next++]!, () => {
            running -= 1;
            finished += 1;
            if (finished === items.length) then();
            else startMore();
          });
        }
      };
      startMore();
    });

  invoke('plan', input.planMs, () => {
    planEndMs = now;
    map(
      input.accounts,
      input.accountConcurrency,
      (account, done) => map(account.collectMs, input.groupConcurrency, (collectMs, collected) => invoke('collect', collectMs, collected), () => invoke('evaluate', account.evaluateMs, done)),
      () => {
        accountsEndMs = now;
        invoke('finalize', input.finalizeMs, () => enter(() => (wallMs = now)));
      },
    );
  });

  while (queue.length > 0) {
    let first = 0;
    for (let index = 1; index < queue.length; index++) {
      const event = queue[index]!;
      const best = queue[first]!;
      if (event.time < best.time || (event.time === best.time && (event.rank < best.rank || (event.rank === best.rank && event.sequence < best.sequence)))) first = index;
    }
    const [event] = queue.splice(first, 1);
    now = event!.time;
    event!.action();
  }
  return { wallMs, planEndMs, accountsEndMs, functions: uses };
}

/**
 * State transitions billed for one execution (Standard workflows bill each state entered, Map
 * states once each time they are entered): `Plan`, `Accounts`, per account `Collect` + one
 * `CollectPart` per group + `Evaluate`, `Finalize`, `Done`. Retries would add one each.
 */
export function stateTransitions(groupsPerAccount: readonly number[]): number {
  return 2 + groupsPerAccount.reduce((sum, groups) => sum + 1 + groups + 1, 0) + 2;
}

// ---- a measured step on Lambda ----

/** Lambda allocates CPU in proportion to memory, one full vCPU at 1,769 MB. */
export const FULL_VCPU_MEMORY_MB = 1769;

/**
 * A step measured on one full core (wall, and the CPU time it used) as it would last on a function
 * with `memoryMb`: its CPU time stretched by the function's CPU share, its waiting unchanged. More
 * than one vCPU does not shorten it: the step runs on one JavaScript thread.
 */
export function lambdaDurationMs(wallMs: number, cpuMs: number, memoryMb: number): number {
  const share = Math.min(1, memoryMb / FULL_VCPU_MEMORY_MB);
  return wallMs + Math.min(Math.max(0, cpuMs), wallMs) * (1 / share - 1);
}

// ---- the rate-limit floor ----

/** Calls an AWS token bucket (account × region × API group) served, and its published rule. */
export interface BucketLoad {
  readonly bucket: string;
  readonly calls: number;
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The time a bucket needs for its calls: what the burst does not cover, at the refill rate. */
export function bucketSeconds(load: BucketLoad): number {
  return Math.max(0, load.calls - load.capacity) / load.refillPerSecond;
}

/** The slowest bucket, plus one call's latency: no schedule can finish its calls sooner. */
export function slowestBucket(loads: readonly BucketLoad[], latencySeconds: number): { readonly bucket: string; readonly calls: number; readonly seconds: number } {
  let worst = { bucket: 'none', calls: 0, seconds: 0 };
  for (const load of loads) {
    const seconds = bucketSeconds(load);
    if (seconds > worst.seconds) worst = { bucket: load.bucket, calls: load.calls, seconds };
  }
  return { ...worst, seconds: worst.seconds + latencySeconds };
}

// ---- DynamoDB: what the store writes and reads per finding ----

type DynamoValue = string | number | boolean | null | undefined | readonly DynamoValue[] | { readonly [name: string]: DynamoValue };

/**
 * An attribute value's size as DynamoDB bills it: strings their UTF-8 bytes, numbers one byte per
 * two significant digits plus one, booleans and null one byte, lists and maps 3 bytes plus their
 * elements plus one byte per element (a map's element includes its name).
 */
export function dynamoValueSize(value: DynamoValue): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').replace(/^0+|0+$/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + (value as readonly DynamoValue[]).reduce<number>((sum, element) => sum + dynamoValueSize(element) + 1, 0);
  return 3 + Object.entries(value as Record<string, DynamoValue>).reduce((sum, [name, element]) => (element === undefined ? sum : sum + Buffer.byteLength(name, 'utf8') + dynamoValueSize(element) + 1), 0);
}

/** An item's size: its attributes' names and values (undefined attributes are not stored). */
export function dynamoItemSize(item: Readonly<Record<string, DynamoValue>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) size += Buffer.byteLength(name, 'utf8') + dynamoValueSize(value);
  return size;
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

/** The sizes of the items one finding becomes: its row, the row's `history` index entry, and its current item. */
export interface FindingItemSizes {
  readonly row: number;
  readonly index: number;
  readonly current: number;
}

/**
 * The items `insertFindings` of the DynamoDB store writes for one finding (attribute names and key
 * layout as packages/store/src/dynamodb/findings.ts and table.ts build them): the row in the scan's
 * partition, its entry in the `history` index (keys plus `st`, `mu`, `pr`, `p`), and the provider ×
 * uid current item holding the tracks and a copy of the row. A settled scan id is present from the
 * provider's second scan on, which is what daily scans are.
 */
export function findingItemSizes(finding: FindingInput, ids: { readonly tenantId: string; readonly scanId: string; readonly providerId: string }): FindingItemSizes {
  const time = new Date(finding.time).toISOString();
  const data = { title: finding.title, message: finding.message, provider: finding.provider, accountName: finding.accountName, resourceName: finding.resource.name, resourceType: finding.resource.type, error: finding.error };
  const row = {
    u: finding.uid,
    p: ids.providerId,
    ck: finding.checkId,
    sv: finding.service,
    st: finding.status,
    sr: SEVERITY_RANK[finding.severity] ?? 4,
    ac: finding.accountUid,
    rg: finding.region,
    ru: finding.resource.uid,
    cp: finding.compliance.length === 0 ? '' : `|${finding.compliance.join('|')}|`,
    mu: finding.muted !== undefined,
    mr: finding.muted?.reason,
    ml: finding.muted?.rule,
    me: finding.muted?.expires,
    fs: time,
    ls: time,
    dt: JSON.stringify(data),
    sid: ids.scanId,
    d: 'unchanged',
    pr: true,
    t: time,
  };
  const keys = { pk: `T#${ids.tenantId}#S#${ids.scanId}`, sk: `F#${finding.uid}` };
  const history = { hpk: `T#${ids.tenantId}#U#${finding.uid}`, hsk: `${time}#${ids.scanId}` };
  const current = {
    pk: `T#${ids.tenantId}#C`,
    sk: `${ids.providerId}#${finding.uid}`,
    p: ids.providerId,
    u: finding.uid,
    fs: time,
    ls: time,
    lsc: ids.scanId,
    lst: finding.status,
    ssc: ids.scanId,
    sst: finding.status,
    L: row,
  };
  return {
    row: dynamoItemSize({ ...keys, ...row, ...history }),
    index: dynamoItemSize({ ...history, ...keys, st: row.st, mu: row.mu, pr: row.pr, p: row.p }),
    current: dynamoItemSize(current),
  };
}

/** Bytes per write request unit and per strongly consistent read request unit. */
const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;
/** DynamoDB adds this much per item (and per index entry) to the storage it bills. */
const ITEM_STORAGE_OVERHEAD = 100;

export interface FindingUnits {
  readonly writeUnits: number;
  readonly readUnits: number;
  /** Stored per finding of one scan (its row and index entry), and per uid (its current item). */
  readonly rowStorageBytes: number;
  readonly currentStorageBytes: number;
}

/**
 * Request units one finding of a scan costs on the DynamoDB store:
 * * writes: `insertFindings` puts the row (and so its index entry) and puts the current item;
 *   `completeScanFindings` puts the current item again to settle it on the scan; with a retention
 *   period every row is deleted later (row and index entry again);
 * * reads (strongly consistent): `insertFindings` reads the current item first (BatchGetItem, at
 *   least one unit per key); `completeScanFindings` queries the scan's rows and the provider's
 *   current items, billed by the bytes read (4 KB per unit over the whole query).
 */
export function findingUnits(sizes: FindingItemSizes, options: { readonly retention: boolean }): FindingUnits {
  const write = (bytes: number) => Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
  const rowWrite = write(sizes.row) + write(sizes.index);
  return {
    writeUnits: rowWrite + 2 * write(sizes.current) + (options.retention ? rowWrite : 0),
    readUnits: Math.max(1, Math.ceil(sizes.current / READ_UNIT_BYTES)) + (sizes.row + sizes.current) / READ_UNIT_BYTES,
    rowStorageBytes: sizes.row + sizes.index + 2 * ITEM_STORAGE_OVERHEAD,
    currentStorageBytes: sizes.current + ITEM_STORAGE_OVERHEAD,
  };
}

export interface DynamoLatency {
  /** One request's round trip from a function in the table's region. */
  readonly roundTripMs: number;
  /** BatchWriteItem requests in flight at once in `completeScanFindings` (1: one after another, as built). */
  readonly completeWriteConcurrency: number;
}

/** Requests per 100 findings stored: one BatchGetItem, 100 conditional puts 32 at a time, four BatchWriteItem of 25 one after another. */
export const INSERT_ROUND_TRIPS_PER_100 = 1 + Math.ceil(100 / 32) + Math.ceil(100 / 25);

/** Time `insertFindings` waits on DynamoDB for `findings` findings. */
export function insertWaitMs(findings: number, latency: DynamoLatency): number {
  return Math.ceil(findings / 100) * INSERT_ROUND_TRIPS_PER_100 * latency.roundTripMs;
}

/**
 * Time `completeScanFindings` waits on DynamoDB for a scan of `findings` findings: two queries
 * paged at 1 MB (the scan's rows, the provider's current items), then one BatchWriteItem of 25 per
 * settled current item.
 */
export function completeWaitMs(findings: number, sizes: { readonly row: number; readonly current: number }, latency: DynamoLatency): number {
  const pages = Math.ceil((findings * sizes.row) / 2 ** 20) + Math.ceil((findings * sizes.current) / 2 ** 20);
  const batches = Math.ceil(findings / 25);
  return (pages + Math.ceil(batches / Math.max(1, latency.completeWriteConcurrency))) * latency.roundTripMs;
}

// ---- prices and cost ----

export interface Price {
  readonly value: number;
  readonly unit: string;
  readonly source: string;
}

/** The date the prices below were read. */
export const PRICES_READ_ON = '2026-12-03';

/** us-east-1, on demand, no free tier; Lambda on arm64 (first tier). */
export const PRICES = {
  lambdaGbSecond: { value: 0.0000133334, unit: 'GB-second (arm64, first 7.5 billion GB-s/month)', source: 'https://cloudchipr.com/blog/aws-lambda-pricing (AWS Lambda pricing, US East, Arm price)' },
  lambdaRequest: { value: 0.2 / 1e6, unit: 'request ($0.20 per million)', source: 'https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html' },
  stateTransition: { value: 0.025 / 1000, unit: 'state transition ($0.025 per 1,000, Standard workflows)', source: 'https://aws.amazon.com/step-functions/pricing/' },
  dynamoWriteUnit: { value: 0.625 / 1e6, unit: 'write request unit ($0.625 per million, on demand)', source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing (after the Nov 2024 on-demand price cut; units as https://aws.amazon.com/dynamodb/pricing/on-demand/)' },
  dynamoReadUnit: { value: 0.125 / 1e6, unit: 'read request unit ($0.125 per million, on demand)', source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing' },
  dynamoGbMonth: { value: 0.25, unit: 'GB-month (Standard table class)', source: 'https://aws.amazon.com/dynamodb/pricing/' },
  s3WriteRequest: { value: 0.005 / 1000, unit: 'PUT, COPY, POST or LIST request ($0.005 per 1,000)', source: 'https://c3x.dev/blog/s3-request-fees-explained (S3 Standard; DELETE is free)' },
  s3ReadRequest: { value: 0.0004 / 1000, unit: 'GET request ($0.0004 per 1,000)', source: 'https://c3x.dev/blog/s3-request-fees-explained' },
  s3GbMonth: { value: 0.023, unit: 'GB-month (S3 Standard, first 50 TB)', source: 'https://www.nops.io/blog/aws-s3-pricing' },
  secretMonth: { value: 0.4, unit: 'secret-month', source: 'https://aws.amazon.com/secrets-manager/pricing/ (as transcribed in api-evangelist/amazon-secrets-manager plans pricing)' },
  secretCall: { value: 0.05 / 10000, unit: 'API call ($0.05 per 10,000)', source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  kmsKeyMonth: { value: 1, unit: 'customer managed key-month (+$1 for each of the first two rotations)', source: 'https://aws.amazon.com/kms/pricing/' },
  httpApiRequest: { value: 1 / 1e6, unit: 'HTTP API request ($1.00 per million, first 300 million)', source: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html' },
  fargateVcpuHour: { value: 0.03238, unit: 'vCPU-hour (Linux/ARM)', source: 'https://www.vantage.sh/blog/fargate-pricing' },
  fargateGbHour: { value: 0.00356, unit: 'GB-hour (Linux/ARM)', source: 'https://www.vantage.sh/blog/fargate-pricing' },
  rdsT4gMediumHour: { value: 0.065, unit: 'db.t4g.medium PostgreSQL Single-AZ instance-hour', source: 'https://infratally.com/articles/aws-rds-pricing-explained-2026.html' },
  rdsGbMonth: { value: 0.115, unit: 'GB-month (gp3)', source: 'https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/' },
} as const satisfies Record<string, Price>;

export type PriceTable = { readonly [K in keyof typeof PRICES]: number };

export const PRICE_VALUES: PriceTable = Object.fromEntries(Object.entries(PRICES).map(([name, price]) => [name, price.value])) as PriceTable;

export const HOURS_PER_MONTH = 730;

/** What one scan uses of each billed service. */
export interface ScanUsage {
  /** Billed duration (ms) and memory per function. */
  readonly lambda: readonly { readonly name: string; readonly invocations: number; readonly billedMs: number; readonly memoryMb: number }[];
  readonly stateTransitions: number;
  readonly dynamoWriteUnits: number;
  readonly dynamoReadUnits: number;
  readonly s3WriteRequests: number;
  readonly s3ReadRequests: number;
  /** Secrets Manager reads: one per new function instance (the master key). */
  readonly secretCalls: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly cost: number;
}

/** Per scan: each billed dimension's quantity and cost. */
export function scanCost(usage: ScanUsage, prices: PriceTable = PRICE_VALUES): CostLine[] {
  const gbSeconds = usage.lambda.reduce((sum, use) => sum + (use.billedMs / 1000) * (use.memoryMb / 1024), 0);
  const requests = usage.lambda.reduce((sum, use) => sum + use.invocations, 0);
  return [
    { item: 'Lambda duration', quantity: gbSeconds, unit: 'GB-s', cost: gbSeconds * prices.lambdaGbSecond },
    { item: 'Lambda requests', quantity: requests, unit: 'requests', cost: requests * prices.lambdaRequest },
    { item: 'Step Functions state transitions', quantity: usage.stateTransitions, unit: 'transitions', cost: usage.stateTransitions * prices.stateTransition },
    { item: 'DynamoDB writes', quantity: usage.dynamoWriteUnits, unit: 'WRU', cost: usage.dynamoWriteUnits * prices.dynamoWriteUnit },
    { item: 'DynamoDB reads', quantity: usage.dynamoReadUnits, unit: 'RRU', cost: usage.dynamoReadUnits * prices.dynamoReadUnit },
    { item: 'S3 PUT/LIST (parts, reports)', quantity: usage.s3WriteRequests, unit: 'requests', cost: usage.s3WriteRequests * prices.s3WriteRequest },
    { item: 'S3 GET (parts)', quantity: usage.s3ReadRequests, unit: 'requests', cost: usage.s3ReadRequests * prices.s3ReadRequest },
    { item: 'Secrets Manager reads', quantity: usage.secretCalls, unit: 'calls', cost: usage.secretCalls * prices.secretCall },
  ];
}

/** What the deployment costs per month whatever it scans, and the storage that daily scans keep. */
export interface MonthlyStanding {
  /** GB held in DynamoDB at steady state (scan rows within the retention period, current items). */
  readonly dynamoGb: number;
  /** GB of report files held in S3 at steady state. */
  readonly reportsGb: number;
}

export function standingCost(standing: MonthlyStanding, prices: PriceTable = PRICE_VALUES): CostLine[] {
  return [
    { item: 'KMS key (data key of the stack)', quantity: 1, unit: 'key-months', cost: prices.kmsKeyMonth },
    { item: 'Secrets Manager secret (master key)', quantity: 1, unit: 'secret-months', cost: prices.secretMonth },
    { item: 'DynamoDB storage', quantity: standing.dynamoGb, unit: 'GB-months', cost: standing.dynamoGb * prices.dynamoGbMonth },
    { item: 'S3 storage (reports)', quantity: standing.reportsGb, unit: 'GB-months', cost: standing.reportsGb * prices.s3GbMonth },
  ];
}

/** One always-on deployment: a Fargate task and an RDS PostgreSQL instance, 24 × 7, with `storageGb` of gp3. */
export function alwaysOnMonthlyCost(task: { readonly vcpu: number; readonly memoryGb: number }, storageGb: number, prices: PriceTable = PRICE_VALUES): CostLine[] {
  return [
    { item: `Fargate task ${task.vcpu} vCPU / ${task.memoryGb} GB (Linux/ARM)`, quantity: HOURS_PER_MONTH, unit: 'hours', cost: HOURS_PER_MONTH * (task.vcpu * prices.fargateVcpuHour + task.memoryGb * prices.fargateGbHour) },
    { item: 'RDS PostgreSQL db.t4g.medium, Single-AZ', quantity: HOURS_PER_MONTH, unit: 'hours', cost: HOURS_PER_MONTH * prices.rdsT4gMediumHour },
    { item: 'RDS storage (gp3)', quantity: storageGb, unit: 'GB-months', cost: storageGb * prices.rdsGbMonth },
  ];
}

export function total(lines: readonly CostLine[]): number {
  return lines.reduce((sum, line) => sum + line.cost, 0);
}
