import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { directoryResource, withService } from '@palisade/core/azure';
import { appliesToAllUsers, isEnforced, requiresMfa } from './lib/conditional-access.ts';

const REGISTER_DEVICE = 'urn:user:registerdevice';

export default defineCheck({
  id: 'azure/entra-device-registration-requires-mfa',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/deviceRegistrationPolicy',
  severity: 'medium',
  title: 'Registering or joining a device with Entra ID requires MFA',
  description:
    'Checks that MFA is required to register or join devices: the device registration policy\'s `multiFactorAuthConfiguration` is `required`, or an enabled Conditional Access policy for all users on the "Register or join devices" user action requires MFA (Microsoft\'s recommended way; the device setting must then be off) (CIS Microsoft Azure Foundations 2.22).',
  risk: 'An attacker with a stolen password can register a device of their own, which then satisfies "trusted device" conditions and receives long-lived tokens (a primary refresh token) for persistence.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users on the "Register or join devices" user action that requires MFA, or set "Require Multifactor Authentication to register or join devices" to Yes.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require MFA to register or join devices","state":"enabled","conditions":{"clientAppTypes":["all"],"applications":{"includeUserActions":["urn:user:registerdevice"]},"users":{"includeUsers":["All"]}},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "device_registration_mfa" {\n  display_name = "Require MFA to register or join devices"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    applications {\n      included_user_actions = ["urn:user:registerdevice"]\n    }\n    users {\n      included_users = ["All"]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → New policy → Users: All users → Target resources: User actions → Register or join devices → Grant: Require multifactor authentication → On → Create (or Identity → Devices → Device settings → Require Multifactor Authentication to register or join devices: Yes).',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-device-registration', 'https://learn.microsoft.com/graph/api/resources/deviceregistrationpolicy'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = directoryResource(scope, 'policies', 'deviceRegistrationPolicy', 'Microsoft.Graph/deviceRegistrationPolicy', 'Device registration policy');
      const registration = entra.deviceRegistrationPolicy;
      if (registration.error) return [errorResult(target, registration.error)];
      if (registration.value.multiFactorAuthConfiguration.toLowerCase() === 'required') return [pass(target, 'The device registration policy requires MFA to register or join devices.')];
      const policies = entra.conditionalAccessPolicies;
      if (policies.error) return [errorResult(target, policies.error, 'The device setting does not require MFA and Conditional Access policies could not be read')];
      const policy = policies.value.find(
        (candidate) => isEnforced(candidate) && appliesToAllUsers(candidate) && requiresMfa(candidate) && (candidate.conditions.applications?.includeUserActions ?? []).some((action) => action.toLowerCase() === REGISTER_DEVICE),
      );
      return policy
        ? [pass(target, `Conditional Access policy '${policy.displayName}' requires MFA to register or join devices.`)]
        : [fail(target, 'Devices can be registered or joined without MFA: neither the device setting nor a Conditional Access policy requires it.')];
    }),
});
