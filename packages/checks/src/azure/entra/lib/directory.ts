/**
 * What Entra ID checks share about the directory: the built-in roles they care about (by template
 * id, stable across tenants), the tenant's singleton policies as resources, and directory settings.
 */
import type { CheckResult, ResourceRef } from '@palisade/core';
import { fromFetched } from '@palisade/core';
import { directoryResource } from '@palisade/core/azure';
import type { AzureScopeSnapshot, EntraAuthorizationPolicy, EntraData, EntraDirectorySetting, EntraRoleMember, EntraUser } from '@palisade/core/azure';

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/**
 * The administrator roles Microsoft's "Require MFA for administrators" policy template (and CIS
 * Azure 2.2.4) covers, by role template id.
 */
export const MFA_ADMIN_ROLES: Readonly<Record<string, string>> = {
  [GLOBAL_ADMINISTRATOR]: 'Global Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'Billing Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  '966707d0-3269-4727-9be2-8c3a10f19b9d': 'Password Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
};

/** Roles that can take over the tenant, its identities or its apps: the MFA admin roles and a few more that reach as far. */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
  ...MFA_ADMIN_ROLES,
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  '0526716b-113d-4c15-b2c8-68e3c22b9f80': 'Authentication Policy Administrator',
  'be2f45a1-457d-42af-a067-6ec1fa63bc45': 'External Identity Provider Administrator',
  '8329153b-31d0-4727-b945-745eb3bc5f31': 'Domain Name Administrator',
  'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8': 'Partner Tier2 Support',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
};

/** Built-in directory setting templates (`templateId` of a `groupSettings` entry). */
export const GROUP_UNIFIED_TEMPLATE = '62375ab9-6b52-47ed-826b-58e47e0e304b';
export const PASSWORD_RULE_SETTINGS_TEMPLATE = '5cf42378-d67d-4f36-ba46-e8b86229381d';

/** A value of the tenant-wide setting made from `templateId`; undefined when the setting or value does not exist (the template's default applies). */
export function settingValue(settings: readonly EntraDirectorySetting[], templateId: string, name: string): string | undefined {
  const setting = settings.find((candidate) => candidate.templateId.toLowerCase() === templateId);
  return setting?.values.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value;
}

export function authorizationPolicyResource(scope: AzureScopeSnapshot): ResourceRef {
  return directoryResource(scope, 'policies', 'authorizationPolicy', 'Microsoft.Graph/authorizationPolicy', 'Authorization policy');
}

/** One result on the authorization policy, or ERROR on it when it could not be read. */
export function onAuthorizationPolicy(
  scope: AzureScopeSnapshot,
  entra: EntraData,
  evaluate: (policy: EntraAuthorizationPolicy, target: ResourceRef) => CheckResult,
): readonly CheckResult[] {
  const target = authorizationPolicyResource(scope);
  return fromFetched(entra.authorizationPolicy, target, (policy) => [evaluate(policy, target)]);
}

export function userResource(scope: AzureScopeSnapshot, user: Pick<EntraUser, 'id' | 'userPrincipalName'>): ResourceRef {
  return directoryResource(scope, 'users', user.id, 'Microsoft.Graph/users', user.userPrincipalName);
}

/** A principal as messages name it. */
export function memberName(member: EntraRoleMember): string {
  const name = member.userPrincipalName ?? member.displayName ?? member.id;
  return member.type === 'user' ? name : `${member.type} ${name}`;
}

/** `1 user`, `3 groups`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
