/**
 * User consent to apps, from the authorization policy's `permissionGrantPoliciesAssigned`: only
 * `ManagePermissionGrantsForSelf.<policy>` entries are user consent (the
 * `ManagePermissionGrantsForOwnedResource.*` ones are team and chat resource-specific consent).
 */
import type { EntraAuthorizationPolicy } from '@palisade/core/azure';

export interface SelfConsent {
  /** `any-app`: the legacy policy; `low-impact`: Microsoft's verified-publisher policies; `custom`: a tenant-defined policy. */
  readonly kind: 'any-app' | 'low-impact' | 'custom';
  readonly description: string;
}

const SELF = 'managepermissiongrantsforself.';
const BUILT_IN: Readonly<Record<string, SelfConsent>> = {
  'microsoft-user-default-legacy': { kind: 'any-app', description: 'the legacy policy (any app, any permission)' },
  'microsoft-user-default-low': { kind: 'low-impact', description: 'verified publishers with low-impact permissions' },
  'microsoft-user-default-recommended': { kind: 'low-impact', description: "Microsoft's recommended (managed) consent policy" },
};

export function selfConsentPolicies(policy: EntraAuthorizationPolicy): readonly SelfConsent[] {
  return policy.defaultUserRolePermissions.permissionGrantPoliciesAssigned
    .filter((entry) => entry.toLowerCase().startsWith(SELF))
    .map((entry) => {
      const id = entry.slice(SELF.length);
      return BUILT_IN[id.toLowerCase()] ?? { kind: 'custom', description: `the custom app consent policy '${id}'` };
    });
}
