import { describe, expect, it } from 'vitest';
import { accountSnapshot, daysAgo, denied, ok, runCheck, serverCertificate, statuses } from '../../testing/aws/index.ts';
import check from './iam-no-expired-server-certificates-stored.ts';

const certArn = (name: string) => `arn:aws:iam::123456789012:server-certificate/${name}`;

describe(check.id, () => {
  it.each([
    ['valid for a year', daysAgo(-365), 'PASS'],
    ['expires in 10 days', daysAgo(-10), 'PASS'],
    ['expired yesterday', daysAgo(1), 'FAIL'],
    ['expired a year ago', daysAgo(365), 'FAIL'],
  ] as const)('%s → %s', (_name, expiration, expected) => {
    const account = accountSnapshot({ global: { iam: { serverCertificates: ok([serverCertificate({ name: 'www', expiration })]) } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, certArn('www')]]);
  });

  it('warns about certificates expiring within the configured window', () => {
    const account = accountSnapshot({ global: { iam: { serverCertificates: ok([serverCertificate({ name: 'www', expiration: daysAgo(-20) })]) } } });
    expect(runCheck(check, account)[0]?.message).toContain('expires in 20 days');
    expect(runCheck(check, account, { certificateExpiryWarningDays: 7 })[0]?.message).not.toContain('expires in');
  });

  it('reports ERROR on the account when certificates could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { serverCertificates: denied('iam:ListServerCertificates') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
