import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { daysSince, daysUntil, formatDay, isBefore } from '../lib/dates.ts';

export default defineCheck({
  id: 'aws/iam-no-expired-server-certificates-stored',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamServerCertificate',
  severity: 'medium',
  title: 'No expired SSL/TLS certificates are stored in IAM',
  description:
    'Checks every server certificate stored in IAM and fails one whose expiration date has passed (CIS AWS Foundations 1.19). A certificate expiring within the warning window (30 days by default, `certificateExpiryWarningDays`) passes with a warning in its message.',
  risk: 'An expired certificate can still be attached to a load balancer or CloudFront distribution by mistake, breaking TLS for clients or training them to accept certificate errors; stale certificates also clutter inventories used during incidents.',
  remediation: {
    summary: 'Delete expired server certificates from IAM (after moving any listener to a valid certificate, preferably one managed by AWS Certificate Manager).',
    cli: 'aws iam list-server-certificates\naws iam delete-server-certificate --server-certificate-name <certificate-name>',
    terraform: '# Remove the expired aws_iam_server_certificate resource; prefer ACM for new certificates:\nresource "aws_acm_certificate" "site" {\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}',
    console: 'IAM server certificates have no console page: use the AWS CLI (delete-server-certificate), or move listeners to an ACM certificate in the Certificate Manager console.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServerCertificate.html',
  ],
  categories: ['encryption', 'governance'],
  evaluate: (account, { config, now }) =>
    withGlobal(account, 'iam', (iam) =>
      eachFetched(iam.serverCertificates, accountResource(account), (certificate) => {
        const target = resource(certificate.arn, 'AwsIamServerCertificate', certificate.name, 'global');
        if (isBefore(certificate.expiration, now)) {
          return fail(target, `Server certificate ${certificate.name} expired on ${formatDay(certificate.expiration)} (${daysSince(certificate.expiration, now)} days ago).`);
        }
        const left = daysUntil(certificate.expiration, now);
        return left <= config.certificateExpiryWarningDays
          ? pass(target, `Server certificate ${certificate.name} is valid but expires in ${left} days, on ${formatDay(certificate.expiration)}: renew or replace it soon.`)
          : pass(target, `Server certificate ${certificate.name} is valid until ${formatDay(certificate.expiration)}.`);
      }),
    ),
});
