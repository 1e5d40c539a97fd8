import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { directoryResource, scopeResource, withService } from '@palisade/core/azure';
import { daysUntil, formatDay, isBefore } from '../../aws/lib/dates.ts';
import { credentialsOf } from './lib/credentials.ts';

export default defineCheck({
  id: 'azure/entra-application-credentials-not-expired',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/applications',
  severity: 'low',
  title: 'App registrations hold no expired client secrets or certificates',
  description:
    'Checks each app registration that has credentials and fails one holding a client secret or certificate whose end date has passed. A credential expiring within the warning window (30 days by default, `certificateExpiryWarningDays`) passes with a warning in its message. Apps without credentials are not reported.',
  risk: 'Expired credentials left on an app hide which ones are really in use, break sign-ins when someone relies on them and clutter the reviews that should catch a leaked secret; credentials about to expire cause outages.',
  remediation: {
    summary: 'Remove expired secrets and certificates from the app registration, and rotate credentials before they expire (prefer certificates or managed identities over client secrets).',
    cli: 'az ad app credential list --id <app-id>\naz ad app credential delete --id <app-id> --key-id <key-id>\naz ad app credential delete --id <app-id> --key-id <key-id> --cert',
    terraform: 'resource "azuread_application_password" "ci" {\n  application_id = azuread_application.app.id\n  end_date       = timeadd(time_rotating.secret.id, "4320h") # rotated before expiry\n  rotate_when_changed = { rotation = time_rotating.secret.id }\n}',
    console: 'Microsoft Entra admin center → Identity → Applications → App registrations → select the app → Certificates & secrets → delete expired client secrets and certificates.',
  },
  references: ['https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration#certificates-and-secrets', 'https://learn.microsoft.com/graph/api/resources/passwordcredential'],
  categories: ['credentials', 'governance'],
  evaluate: (scope, { config, now }) =>
    withService(scope, 'entra', (entra) =>
      eachFetched(entra.applications, scopeResource(scope), (application) => {
        const credentials = credentialsOf(application).filter((credential) => credential.endDateTime !== null);
        if (credentials.length === 0) return [];
        const target = directoryResource(scope, 'applications', application.id, 'Microsoft.Graph/applications', application.displayName);
        const expired = credentials.filter((credential) => isBefore(credential.endDateTime!, now));
        if (expired.length) return fail(target, `App ${application.displayName} holds expired credentials: ${expired.map((credential) => `${credential.label} (expired ${formatDay(credential.endDateTime!)})`).join(', ')}.`);
        const soon = credentials.filter((credential) => daysUntil(credential.endDateTime!, now) <= config.certificateExpiryWarningDays);
        return soon.length
          ? pass(target, `App ${application.displayName} holds no expired credential, but ${soon.map((credential) => `${credential.label} expires on ${formatDay(credential.endDateTime!)}`).join(', ')}: rotate soon.`)
          : pass(target, `App ${application.displayName} holds no expired credential.`);
      }),
    ),
});
