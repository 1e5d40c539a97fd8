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
  readonly onTaskDone?: (progress: CollectProgress) => void;
  /** Called once per service when it is collected in every region; the snapshot holds what is complete so far. */
  readonly onServiceComplete?: (snapshot: AwsAccountSnapshot, service: AwsServiceName) => Promise<void> | void;
}

export interface CollectedAccount {
  readonly snapshot: AwsAccountSnapshot;
  /** `service region` pairs that were not collected because the scan was cancelled. */
  readonly notCollected: readonly string[];
}

interface Task {
  readonly service: AwsServiceName;
  readonly region: string;
}

export function planAccountTasks(session: Pick<AwsSession, 'regions' | 'homeRegion'>, services: ReadonlySet<string>): Task[] {
  const tasks: Task[] = [];
  for (const service of AWS_GLOBAL_SERVICES) if (services.has(service)) tasks.push({ service, region: session.homeRegion });
  for (const region of session.regions) {
    for (const service of AWS_REGIONAL_SERVICES) if (services.has(service)) tasks.push({ service, region });
  }
  return tasks;
}

export async function collectAccount(session: AwsSession, options: CollectAccountOptions): Promise<CollectedAccount> {
  const tasks = planAccountTasks(session, options.services);
  const global: Record<string, unknown> = {};
  const regional: Record<string, Record<string, unknown>> = Object.fromEntries(session.regions.map((region) => [region, {}]));
  const errors: ScanError[] = [
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
    regions: session.regions,
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
      }),
    ),
  );
  return { snapshot, notCollected };
}
