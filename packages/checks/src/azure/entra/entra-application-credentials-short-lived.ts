import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { directoryResource, scopeResource, withService } from '@palisade/core/azure';
import { parseTimestamp } from '../../aws/lib/dates.ts';
import { credentialsOf } from './lib/credentials.ts';

/** Longest accepted validity: a year for client secrets, two for certificates (Microsoft recommends well under a year for secrets). */
const MAX_SECRET_DAYS = 365;
const MAX_CERTIFICATE_DAYS = 730;

const lifetimeDays = (start: string, end: string): number => Math.floor((parseTimestamp(end) - parseTimestamp(start)) / 86_400_000);

export default defineCheck({
  id: 'azure/entra-application-credentials-short-lived',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/applications',
  severity: 'medium',
  title: 'App registration secrets and certificates are short-lived',
  description: `Checks the validity period of each client secret and certificate on app registrations: a secret valid for more than ${MAX_SECRET_DAYS} days, or a certificate valid for more than ${MAX_CERTIFICATE_DAYS} days, fails. Apps without credentials are not reported.`,
  risk: 'A long-lived secret that leaks (in a repository, a pipeline log, a config file) keeps working for years; short lifetimes bound the damage and force the rotation that catches forgotten copies.',
  remediation: {
    summary: 'Replace long-lived credentials with ones valid for at most a year (secrets) or two (certificates), rotate them automatically, and enforce limits with an app management policy; prefer managed identities or federated credentials.',
    cli: 'az ad app credential reset --id <app-id> --append --display-name rotated --years 1\naz ad app credential delete --id <app-id> --key-id <old-key-id>',
    terraform: 'resource "time_rotating" "secret" {\n  rotation_days = 180\n}\n\nresource "azuread_application_password" "ci" {\n  application_id      = azuread_application.app.id\n  end_date            = timeadd(time_rotating.secret.id, "4320h")\n  rotate_when_changed = { rotation = time_rotating.secret.id }\n}',
    console: 'Microsoft Entra admin center → Identity → Applications → App registrations → select the app → Certificates & secrets → New client secret with an expiry of 12 months or less → update the app → delete the long-lived secret.',
  },
  references: ['https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration#certificates-and-secrets', 'https://learn.microsoft.com/entra/identity/enterprise-apps/tutorial-enforce-secret-standards'],
  categories: ['credentials'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      eachFetched(entra.applications, scopeResource(scope), (application) => {
        const credentials = credentialsOf(application).filter((credential) => credential.startDateTime !== null && credential.endDateTime !== null);
        if (credentials.length === 0) return [];
        const target = directoryResource(scope, 'applications', application.id, 'Microsoft.Graph/applications', application.displayName);
        const tooLong = credentials
          .map((credential) => ({ credential, days: lifetimeDays(credential.startDateTime!, credential.endDateTime!) }))
          .filter(({ credential, days }) => days > (credential.kind === 'secret' ? MAX_SECRET_DAYS : MAX_CERTIFICATE_DAYS));
        return tooLong.length
          ? fail(target, `App ${application.displayName} holds long-lived credentials: ${tooLong.map(({ credential, days }) => `${credential.label} valid for ${days} days`).join(', ')}.`)
          : pass(target, `App ${application.displayName}'s credentials are valid for at most ${MAX_SECRET_DAYS} days (secrets) and ${MAX_CERTIFICATE_DAYS} days (certificates).`);
      }),
    ),
});
