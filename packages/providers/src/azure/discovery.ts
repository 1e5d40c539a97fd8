/**
 * What an Azure scan covers: the subscriptions the signed-in identity sees (narrowed by
 * `--subscription-ids`; only `Enabled` ones are scanned), the Microsoft Entra tenant they belong to
 * with its default domain, and each subscription's physical locations. Every call goes through the
 * clients, so a denied read is data: a scan error with ARM's or Graph's own code and a "not
 * scanned" line, never a crash and never a silently smaller scan.
 */
import type { ScanError } from '@palisade/core';
import type { ArmClient, GraphClient } from './client.ts';

export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
export const LOCATIONS_API_VERSION = '2022-12-01';
export const LIST_SUBSCRIPTIONS_API = 'Microsoft.Resources/subscriptions/read';
export const LIST_LOCATIONS_API = 'Microsoft.Resources/subscriptions/locations/read';
export const READ_ORGANIZATION_API = 'graph:organization.list';

/** A subscription as `GET /subscriptions` lists it (the fields the scan uses). */
export interface AzureSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  /** `Enabled`, `Warned`, `PastDue`, `Disabled` or `Deleted`. */
  readonly state: string;
  readonly tenantId: string;
}

export interface AzureTenant {
  readonly tenantId: string;
  /** The tenant's default verified domain (`contoso.onmicrosoft.com`); the tenant id when it could not be read. */
  readonly displayName: string;
}

export interface AzureDiscovery {
  /** Undefined when neither `--azure-tenant-id`, Graph nor a subscription told which tenant this is. */
  readonly tenant: AzureTenant | undefined;
  /** The `Enabled` subscriptions to scan, in the order ARM lists them. */
  readonly subscriptions: readonly AzureSubscription[];
  /** One line per subscription (or the list) that is not scanned, and why. */
  readonly notScanned: readonly string[];
  readonly errors: readonly ScanError[];
}

export interface DiscoverAzureOptions {
  /** `--azure-tenant-id`. */
  readonly tenantId?: string;
  /** `--subscription-ids`: only these (compared without regard to case). */
  readonly subscriptionIds?: readonly string[];
}

interface ListedSubscription {
  readonly subscriptionId?: string;
  readonly displayName?: string;
  readonly state?: string;
  readonly tenantId?: string;
}

interface Organization {
  readonly id?: string;
  readonly displayName?: string;
  readonly verifiedDomains?: readonly { readonly name?: string; readonly isDefault?: boolean; readonly isInitial?: boolean }[];
}

interface Location {
  readonly name?: string;
  readonly type?: string;
  readonly metadata?: { readonly regionType?: string };
}

/** The subscriptions and the tenant an Azure scan covers. */
export async function discoverAzure(clients: { readonly arm: ArmClient; readonly graph: GraphClient }, options: DiscoverAzureOptions = {}): Promise<AzureDiscovery> {
  const errors: ScanError[] = [];
  const notScanned: string[] = [];
  const [listed, organizations] = await Promise.all([
    clients.arm.list<ListedSubscription>(LIST_SUBSCRIPTIONS_API, '/subscriptions', SUBSCRIPTIONS_API_VERSION),
    clients.graph.list<Organization>(READ_ORGANIZATION_API, '/organization', { query: { $select: 'id,displayName,verifiedDomains' } }),
  ]);

  const organization = organizations.value?.[0];
  const visible = (listed.value ?? []).flatMap((entry): AzureSubscription[] =>
    entry.subscriptionId ? [{ subscriptionId: entry.subscriptionId, displayName: entry.displayName ?? entry.subscriptionId, state: entry.state ?? 'Unknown', tenantId: entry.tenantId ?? '' }] : [],
  );
  // The tenant named on the command line; else the token's own (Graph's organization); else the subscriptions'.
  const tenantIds = [...new Set(visible.map((subscription) => subscription.tenantId.toLowerCase()).filter(Boolean))];
  const tenantId = options.tenantId?.toLowerCase() ?? organization?.id?.toLowerCase() ?? (tenantIds.length === 1 ? tenantIds[0] : undefined);
  if (listed.error) {
    errors.push({ ...(tenantId ? { accountId: tenantId } : {}), error: listed.error });
    notScanned.push(`subscriptions: could not be listed (${listed.error.api}: ${listed.error.code})`);
  }
  if (organizations.error && tenantId) errors.push({ accountId: tenantId, error: organizations.error });
  const defaultDomain = organization?.verifiedDomains?.find((domain) => domain.isDefault)?.name ?? organization?.verifiedDomains?.find((domain) => domain.isInitial)?.name;
  const tenant = tenantId ? { tenantId, displayName: organization?.id?.toLowerCase() === tenantId && defaultDomain ? defaultDomain : tenantId } : undefined;

  const wanted = options.subscriptionIds?.map((id) => id.toLowerCase());
  const subscriptions: AzureSubscription[] = [];
  for (const subscription of visible) {
    const id = subscription.subscriptionId.toLowerCase();
    if (wanted && !wanted.includes(id)) continue;
    const label = `subscription ${subscription.subscriptionId} (${subscription.displayName})`;
    if (tenantId && subscription.tenantId && subscription.tenantId.toLowerCase() !== tenantId) {
      notScanned.push(`${label}: belongs to tenant ${subscription.tenantId}, not the scanned tenant ${tenantId}`);
      continue;
    }
    if (subscription.state !== 'Enabled') {
      notScanned.push(`${label}: ${subscription.state}, not scanned`);
      continue;
    }
    subscriptions.push({ ...subscription, subscriptionId: id, tenantId: subscription.tenantId.toLowerCase() || (tenantId ?? '') });
  }
  if (wanted && !listed.error) {
    const seen = new Set(visible.map((subscription) => subscription.subscriptionId.toLowerCase()));
    for (const id of wanted) if (!seen.has(id)) notScanned.push(`subscription ${id}: not visible to the signed-in identity (no role on it, or another tenant)`);
  } else if (wanted && listed.error) {
    for (const id of wanted) notScanned.push(`subscription ${id}: not scanned (the subscriptions could not be listed)`);
  }
  return { tenant, subscriptions, notScanned, errors };
}

/**
 * A subscription's physical locations (lower-case ARM names, sorted): logical ones such as `global`
 * and the geography groups (`europe`, `unitedstates`) hold no resources of their own.
 */
export async function listLocations(arm: ArmClient, subscriptionId: string): Promise<{ readonly locations: readonly string[]; readonly error?: ScanError }> {
  const listed = await arm.list<Location>(LIST_LOCATIONS_API, `/subscriptions/${subscriptionId}/locations`, LOCATIONS_API_VERSION);
  if (listed.error) return { locations: [], error: { accountId: subscriptionId, error: listed.error } };
  const physical = listed.value.filter((location) => location.name && (location.metadata?.regionType ?? 'Physical') === 'Physical' && (location.type ?? 'Region') === 'Region');
  return { locations: [...new Set(physical.map((location) => location.name!.toLowerCase()))].sort() };
}
