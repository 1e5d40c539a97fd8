/**
 * MFA registration per user, from the authentication methods registration report. Disabled
 * accounts are left out when the user list says so (the report does not carry `accountEnabled`).
 */
import type { CheckResult } from '@palisade/core';
import { errorResult, fail, pass } from '@palisade/core';
import { scopeResource } from '@palisade/core/azure';
import type { AzureScopeSnapshot, EntraData, EntraUserRegistration } from '@palisade/core/azure';
import { userResource } from './directory.ts';

export function mfaRegistrationResults(scope: AzureScopeSnapshot, entra: EntraData, include: (registration: EntraUserRegistration) => boolean, who: string): readonly CheckResult[] {
  const registrations = entra.userRegistrations;
  if (registrations.error) return [errorResult(scopeResource(scope), registrations.error, 'MFA registration details could not be read (the report needs Microsoft Entra ID P1)')];
  const disabled = new Set((entra.users.value ?? []).filter((user) => user.accountEnabled === false).map((user) => user.id));
  return registrations.value
    .filter((registration) => include(registration) && !disabled.has(registration.id))
    .map((registration) => {
      const target = userResource(scope, registration);
      return registration.isMfaRegistered
        ? pass(target, `${who} ${registration.userPrincipalName} has registered MFA (${registration.methodsRegistered.join(', ') || 'methods not listed'}).`)
        : fail(target, `${who} ${registration.userPrincipalName} has not registered any MFA method.`);
    });
}
