/**
 * Change events → targeted re-scans of a tenant's providers. Each CloudTrail record (or EventBridge
 * envelope of one) that the engine's mapping knows becomes a target (account, region, service,
 * checks, resources); the providers that cover the target's account get a scan with trigger `event`
 * whose scope is that target. Targets arriving while such a scan still waits in the queue join it
 * (its scope is widened to their resources) instead of queueing another: a burst of events on the
 * same resources reads each resource once per scan in flight.
 *
 * A provider covers an account when its role is in that account, its organization settings name it,
 * or one of its recent completed scans scanned it (organizations, access keys, snapshots).
 */
import type { ChangeTarget, IgnoredReason } from '@palisade/engine';
import { changeTargetOf, cloudTrailRecordOf, coalesceTargets, targetKey, targetScanScope } from '@palisade/engine';
import type { Provider, TenantStore } from '@palisade/store';
import type { ScanScopeInput } from './scan-request.ts';

export interface EventIntake {
  /** Records read. */
  readonly received: number;
  /** Records that led to a re-scan. */
  readonly accepted: number;
  /** Records that did not, by reason; `no-provider`: no provider of the tenant covers the account. */
  readonly ignored: Readonly<Partial<Record<IgnoredReason | 'not-cloudtrail' | 'no-provider', number>>>;
  /** The scans queued or widened, one per provider × target. */
  readonly scans: readonly { readonly id: string; readonly providerId: string; readonly coalesced: boolean }[];
}

interface QueuedTarget {
  readonly scanId: string;
  readonly scope: ScanScopeInput;
}

/** How many recent completed scans of a provider tell which accounts it covers. */
const RECENT_SCANS = 20;
/**
 * Queued event scans remembered for widening. Older entries are forgotten first: a forgotten one
 * costs at most one more re-scan, and most have long started (a started scan is not widened).
 */
const MAX_REMEMBERED = 10_000;

export class EventScans {
  /** Event scans still queued, by tenant × provider × target key: later targets join them. */
  private readonly queued = new Map<string, QueuedTarget>();

  constructor(private readonly options: { readonly wake?: () => void } = {}) {}

  async receive(tenant: TenantStore, values: readonly unknown[]): Promise<EventIntake> {
    const ignored: Record<string, number> = {};
    const count = (reason: string) => (ignored[reason] = (ignored[reason] ?? 0) + 1);
    const targets: ChangeTarget[] = [];
    for (const value of values) {
      const record = cloudTrailRecordOf(value);
      if (!record) {
        count('not-cloudtrail');
        continue;
      }
      const target = changeTargetOf(record);
      if ('ignored' in target) count(target.ignored);
      else targets.push(target);
    }

    const providers = await this.providersByAccount(tenant, [...new Set(targets.map((target) => target.accountId))]);
    let accepted = 0;
    const scans: { id: string; providerId: string; coalesced: boolean }[] = [];
    const perProvider = new Map<string, { provider: Provider; targets: ChangeTarget[] }>();
    for (const target of targets) {
      const covering = providers.get(target.accountId) ?? [];
      if (covering.length === 0) {
        count('no-provider');
        continue;
      }
      accepted += 1;
      for (const provider of covering) {
        const entry = perProvider.get(provider.id) ?? { provider, targets: [] };
        entry.targets.push(target);
        perProvider.set(provider.id, entry);
      }
    }
    for (const { provider, targets: providerTargets } of perProvider.values()) {
      for (const target of coalesceTargets(providerTargets)) scans.push(await this.queue(tenant, provider, target));
    }
    if (scans.some((scan) => !scan.coalesced)) this.options.wake?.();
    return { received: values.length, accepted, ignored, scans };
  }

  /** Widens a still-queued scan of the same target, or queues a new one. */
  private async queue(tenant: TenantStore, provider: Provider, target: ChangeTarget): Promise<{ id: string; providerId: string; coalesced: boolean }> {
    const key = `${tenant.tenantId}|${provider.id}|${targetKey(target)}`;
    const event = { id: target.event.id, source: target.event.source, name: target.event.name, time: target.event.time, ...(target.arns ? { resources: target.arns } : {}) };
    const scope = scopeOf(target);
    const waiting = this.queued.get(key);
    if (waiting) {
      const widened = widen(waiting.scope, scope);
      if (await tenant.updateScan(waiting.scanId, { scope: widened as Record<string, unknown>, event }, ['queued'])) {
        this.queued.set(key, { scanId: waiting.scanId, scope: widened });
        return { id: waiting.scanId, providerId: provider.id, coalesced: true };
      }
      // It started meanwhile: it may have read the resources before this change.
      this.queued.delete(key);
    }
    const scan = await tenant.createScan({ providerId: provider.id, trigger: 'event', event, scope: scope as Record<string, unknown> });
    this.queued.set(key, { scanId: scan.id, scope });
    for (const oldest of this.queued.keys()) {
      if (this.queued.size <= MAX_REMEMBERED) break;
      this.queued.delete(oldest);
    }
    return { id: scan.id, providerId: provider.id, coalesced: false };
  }

  private async providersByAccount(tenant: TenantStore, accounts: readonly string[]): Promise<Map<string, Provider[]>> {
    const result = new Map<string, Provider[]>();
    if (accounts.length === 0) return result;
    const providers: Provider[] = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.listProviders({ limit: 100, ...(cursor ? { cursor } : {}) });
      providers.push(...page.items.filter((provider) => provider.type === 'aws' || provider.type === 'snapshot'));
      cursor = page.nextCursor;
    } while (cursor);
    for (const provider of providers) {
      const covered = new Set(configuredAccounts(provider));
      const recent = await tenant.completedScanSummaries({ providerId: provider.id, limit: RECENT_SCANS, fields: ['accountsScanned'] });
      for (const scan of recent) {
        const scanned = scan.summary['accountsScanned'];
        if (Array.isArray(scanned)) for (const account of scanned) if (typeof account === 'string') covered.add(account);
      }
      for (const account of accounts) if (covered.has(account)) result.set(account, [...(result.get(account) ?? []), provider]);
    }
    return result;
  }
}

function scopeOf(target: ChangeTarget): ScanScopeInput {
  const scope = targetScanScope(target);
  return {
    accounts: scope.accounts,
    checks: scope.checks,
    ...(scope.regions ? { regions: scope.regions } : {}),
    ...(scope.resources ? { resources: scope.resources.arns, collectOnly: true } : {}),
  };
}

/** Both scopes' resources (a scope over every resource absorbs one over some). */
function widen(queued: ScanScopeInput, next: ScanScopeInput): ScanScopeInput {
  if (!queued.resources || !next.resources) {
    const { resources: _resources, collectOnly: _collectOnly, ...rest } = queued;
    return rest;
  }
  return { ...queued, resources: [...new Set([...queued.resources, ...next.resources])] };
}

/** Accounts a provider's settings name: its role's account, its organization's listed accounts. */
function configuredAccounts(provider: Provider): string[] {
  const accounts: string[] = [];
  const roleArn = provider.config['roleArn'];
  const fromArn = typeof roleArn === 'string' ? /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] : undefined;
  if (fromArn) accounts.push(fromArn);
  const organization = provider.config['organization'];
  if (typeof organization === 'object' && organization !== null) {
    const listed = (organization as Record<string, unknown>)['accounts'];
    if (Array.isArray(listed)) for (const account of listed) if (typeof account === 'string') accounts.push(account);
  }
  return accounts;
}
