/**
 * Live collection of one account: each global service once, each regional service once per region.
 * Every task runs under the scan's global limiter; the gateway enforces per-API rate limits. As soon
 * as a service is collected in every region, `onServiceComplete` lets the engine evaluate the checks
 * that only need what is complete. A collector that throws is a bug, not "no data": it becomes a
 * scan error and its service stays absent, which checks report as ERROR.
 */
import { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES, isGlobalService } from '@palisade/core/aws';
import type { ScanError } from '@palisade/core';
import type {
  AwsAccountSnapshot,
  AwsGlobalServiceName,
  AwsOrganizationInfo,
  AwsRegionalServiceName,
  AwsServiceName,
} from '@palisade/core/aws';
import { GLOBAL_COLLECTORS, REGIONAL_COLLECTORS } from '@palisade/providers/sdk-free';
import type { AwsSession, CollectorContext, CollectorLimits } from '@palisade/providers';
import type { Limiter } from './limiter.ts';

export interface CollectProgress {
  readonly accountId: string;
  readonly region: string;
  readonly service: string;
  readonly done: number;
  readonly total: number;
}

export interface CollectAccountOptions {
  /** The services to collect; names that are not AWS services are ignored. */
  readonly services: ReadonlySet<string>;
  /** The scan-wide limit on collection tasks in flight (all accounts together). */
  readonly limiter: Limiter;
  readonly signal?: AbortSignal;
  readonly organization?: AwsOrganizationInfo;
  readonly limits?: CollectorLimits;
  /** A targeted re-scan: the only resources to read (`CollectorContext.targets`). */
  readonly targets?: ReadonlySet<string>;
  readonly onTaskDone?: (progress: CollectProgress) => void;
  /** Called once per service when it is collected in every region; the snapshot holds what is complete so far. */
  readonly onServiceComplete?: (snapshot: AwsAccountSnapshot, service: AwsServiceName) => Promise<void> | void;
  /**
   * Only these of the session's regions (a task-planned scan collects one region per task; none: the
   * global services alone). Default: every region of the session.
   */
  readonly regions?: readonly string[];
  /** Whether the session's own errors (regions not enabled, region discovery) go into this snapshot; default true. */
  readonly sessionErrors?: boolean;
}

export interface CollectedAccount {
  readonly snapshot: AwsAccountSnapshot;
  /** `service region` pairs that were not collected because the scan was cancelled. */
  readonly notCollected: readonly string[];
}

interface Task {
  readonly service: AwsServiceName;
  readonly region: string;
  /** The limiter's priority: higher starts first, across accounts too. */
  readonly priority: number;
}

/**
 * Services whose collectors call an API per resource under a tight rate limit, longest first (KMS:
 * four calls per key at 50/s per region; IAM: several calls per user at 10/s per account; S3:
 * several per bucket). The scan cannot end before they do, so their tasks start first and are never
 * queued behind quick ones, of this account or another.
 */
const LONGEST_SERVICES: readonly AwsServiceName[] = ['kms', 'iam', 's3'];

function collectionPriority(service: AwsServiceName): number {
  const index = LONGEST_SERVICES.indexOf(service);
  return index < 0 ? 0 : LONGEST_SERVICES.length - index;
}

export function planAccountTasks(session: Pick<AwsSession, 'regions' | 'homeRegion'>, services: ReadonlySet<string>, regions: readonly string[] = session.regions): Task[] {
  const tasks: Task[] = [];
  for (const service of AWS_GLOBAL_SERVICES) if (services.has(service)) tasks.push({ service, region: session.homeRegion, priority: collectionPriority(service) });
  for (const region of regions) {
    for (const service of AWS_REGIONAL_SERVICES) if (services.has(service)) tasks.push({ service, region, priority: collectionPriority(service) });
  }
  // Stable: services of equal priority keep their order.
  return tasks.sort((a, b) => b.priority - a.priority);
}

export async function collectAccount(session: AwsSession, options: CollectAccountOptions): Promise<CollectedAccount> {
  const regions = options.regions ?? session.regions;
  const tasks = planAccountTasks(session, options.services, regions);
  const global: Record<string, unknown> = {};
  const regional: Record<string, Record<string, unknown>> = Object.fromEntries(regions.map((region) => [region, {}]));
  const sessionErrors = options.sessionErrors ?? true;
  const errors: ScanError[] = !sessionErrors ? [] : [
    ...(session.regionDiscoveryError ? [{ accountId: session.accountId, error: session.regionDiscoveryError }] : []),
    ...session.skippedRegions.map((skipped) => ({
      accountId: session.accountId,
      region: skipped.region,
      error: { api: 'ec2:DescribeRegions', code: 'RegionNotEnabled', message: skipped.reason, region: skipped.region },
    })),
  ];
  const snapshot: AwsAccountSnapshot = {
    accountId: session.accountId,
    partition: session.partition,
    ...(options.organization ? { organization: options.organization, ...(options.organization.accountName ? { alias: options.organization.accountName } : {}) } : {}),
    regions,
    collectedAt: new Date().toISOString(),
    global,
    regional,
    errors,
  };
  const remaining = new Map<AwsServiceName, number>();
  for (const task of tasks) remaining.set(task.service, (remaining.get(task.service) ?? 0) + 1);
  const notCollected: string[] = [];
  let done = 0;

  await Promise.all(
    tasks.map((task) =>
      options.limiter.run(async () => {
        if (options.signal?.aborted) {
          notCollected.push(`${task.service} ${task.region}`);
          return;
        }
        const context: CollectorContext = {
          accountId: session.accountId,
          partition: session.partition,
          region: task.region,
          gateway: session.gateway.scoped({ accountId: session.accountId, region: task.region }),
          clients: session.clients,
          ...(options.limits ? { limits: options.limits } : {}),
          ...(options.targets ? { targets: options.targets } : {}),
        };
        try {
          if (isGlobalService(task.service)) {
            global[task.service] = await GLOBAL_COLLECTORS[task.service as AwsGlobalServiceName].collect(context);
          } else {
            regional[task.region]![task.service] = await REGIONAL_COLLECTORS[task.service as AwsRegionalServiceName].collect(context);
          }
        } catch (thrown) {
          errors.push({
            accountId: session.accountId,
            region: task.region,
            service: task.service,
            error: { api: `${task.service}:*`, code: 'CollectorFailed', message: (thrown as Error)?.message ?? String(thrown), region: task.region },
          });
        }
        if (options.signal?.aborted) {
          // A collector cut short by cancellation returns "Cancelled" errors: not results to evaluate.
          notCollected.push(`${task.service} ${task.region}`);
          return;
        }
        done += 1;
        options.onTaskDone?.({ accountId: session.accountId, region: task.region, service: task.service, done, total: tasks.length });
        const left = (remaining.get(task.service) ?? 1) - 1;
        remaining.set(task.service, left);
        if (left === 0) await options.onServiceComplete?.(snapshot, task.service);
      }, task.priority),
    ),
  );
  return { snapshot, notCollected };
}
