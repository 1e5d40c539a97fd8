/**
 * Live collection: one account's tasks (each global service once, each regional service once per
 * region) run in parallel under a concurrency limit; the gateway enforces per-API rate limits.
 * A collector that throws is a bug, not "no data": it becomes a scan error and its service stays
 * absent, which checks report as ERROR.
 */
import { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES, isGlobalService } from '@palisade/core';
import type { AwsAccountSnapshot, AwsGlobalServiceName, AwsRegionalServiceName, AwsServiceName, ScanError } from '@palisade/core';
import { GLOBAL_COLLECTORS, REGIONAL_COLLECTORS } from '@palisade/providers';
import type { AwsSession, CollectorContext } from '@palisade/providers';

export interface CollectProgress {
  readonly accountId: string;
  readonly region: string;
  readonly service: AwsServiceName;
  readonly done: number;
  readonly total: number;
}

export interface CollectAccountOptions {
  readonly services: ReadonlySet<AwsServiceName>;
  readonly maxConcurrency: number;
  readonly signal?: AbortSignal;
  readonly onTaskDone?: (progress: CollectProgress) => void;
}

interface Task {
  readonly service: AwsServiceName;
  readonly region: string;
}

export function planAccountTasks(session: Pick<AwsSession, 'regions' | 'homeRegion'>, services: ReadonlySet<AwsServiceName>): Task[] {
  const tasks: Task[] = [];
  for (const service of AWS_GLOBAL_SERVICES) if (services.has(service)) tasks.push({ service, region: session.homeRegion });
  for (const region of session.regions) {
    for (const service of AWS_REGIONAL_SERVICES) if (services.has(service)) tasks.push({ service, region });
  }
  return tasks;
}

export async function collectAccount(session: AwsSession, options: CollectAccountOptions): Promise<AwsAccountSnapshot> {
  const tasks = planAccountTasks(session, options.services);
  const global: Record<string, unknown> = {};
  const regional: Record<string, Record<string, unknown>> = Object.fromEntries(session.regions.map((region) => [region, {}]));
  const errors: ScanError[] = [];
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !options.signal?.aborted) {
      const task = tasks[next]!;
      next += 1;
      const context: CollectorContext = {
        accountId: session.accountId,
        partition: session.partition,
        region: task.region,
        gateway: session.gateway.scoped({ accountId: session.accountId, region: task.region }),
        clients: session.clients,
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
      done += 1;
      options.onTaskDone?.({ accountId: session.accountId, region: task.region, service: task.service, done, total: tasks.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.maxConcurrency, tasks.length)) }, worker));
  return {
    accountId: session.accountId,
    partition: session.partition,
    regions: session.regions,
    collectedAt: new Date().toISOString(),
    global,
    regional,
    errors: [
      ...errors,
      ...(session.regionDiscoveryError ? [{ accountId: session.accountId, error: session.regionDiscoveryError }] : []),
      ...session.skippedRegions.map((skipped) => ({ accountId: session.accountId, region: skipped.region, error: { api: 'ec2:DescribeRegions', code: 'RegionNotEnabled', message: skipped.reason, region: skipped.region } })),
    ],
  };
}
