import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmailConfig } from './config.ts';
import { createEmailDestination } from './email.ts';
import { alertFinding, closedPort, testNotification } from './test-support.ts';

interface ReceivedMail {
  readonly from: string | undefined;
  readonly to: readonly string[];
  readonly user: string | undefined;
  readonly raw: string;
}

/** An SMTP server on 127.0.0.1 and a free port, taking user `alerts` with password `smtp-password-1`. */
async function startSmtpServer(options: { rejectRecipients?: boolean } = {}): Promise<{ port: number; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 'smtp-password-1') return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (options.rejectRecipients) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({
          from: from ? from.address : undefined,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const listener = server.listen(0, '127.0.0.1', () => resolve((listener.address() as AddressInfo).port));
  });
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The header value and the decoded text/plain and text/html parts of a MIME message. */
function parseMail(raw: string): { header: (name: string) => string | undefined; text: string; html: string } {
  const [head = '', ...rest] = raw.split(/\r\n\r\n/);
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1];
  const body = rest.join('\r\n\r\n');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(unfolded)?.[1];
  const parts = boundary ? body.split(`--${boundary}`) : [body];
  const decode = (part: string): string => {
    const [partHead = '', ...content] = part.split(/\r\n\r\n/);
    const text = content.join('\r\n\r\n');
    if (/quoted-printable/i.test(partHead)) {
      return Buffer.from(text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
    }
    if (/base64/i.test(partHead)) return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    return text;
  };
  const find = (type: string) => decode(parts.find((part) => new RegExp(`content-type: ${type}`, 'i').test(part)) ?? '');
  return { header, text: find('text/plain'), html: find('text/html') };
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const config = (port: number, fields: Partial<EmailConfig> = {}): EmailConfig => ({
  host: '127.0.0.1',
  port,
  secure: false,
  from: 'Palisade <alerts@acme.com>',
  to: ['sec@acme.com', 'ops@acme.com'],
  username: 'alerts',
  ...fields,
});

describe('e-mail destination', () => {
  it('authenticates and sends one message with the counts in the subject and a text and HTML body', async () => {
    smtp = await startSmtpServer();
    const email = createEmailDestination(config(smtp.port), { password: 'smtp-password-1' });
    const notification = testNotification();
    const result = await email.send(notification);
    expect(result).toEqual({ ok: true, retryable: false, externalIds: [`<${notification.id}@acme.com>`] });

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: 'alerts@acme.com', to: ['sec@acme.com', 'ops@acme.com'], user: 'alerts' });
    const parsed = parseMail(mail!.raw);
    expect(parsed.header('Subject')).toBe('[Palisade] FAIL high: S3 bucket allows public access (logs)');
    expect(parsed.header('Message-ID')).toBe(`<${notification.id}@acme.com>`);
    expect(parsed.header('X-Palisade-Delivery')).toBe(notification.id);
    expect(parsed.text).toContain('HIGH FAIL (new): S3 bucket allows public access');
    expect(parsed.text).toContain('Resource: logs (AwsS3Bucket) arn:aws:s3:::logs');
    expect(parsed.text).toContain('Remediation: Turn on the bucket public access block. https://docs.example.com/s3-public');
    expect(parsed.html).toContain('<h2>FAIL high: S3 bucket allows public access (logs)</h2>');
    expect(parsed.html).toContain('<a href="https://palisade.example.com/findings/f-1">S3 bucket allows public access</a>');
  });

  it('lists a digest\'s findings and escapes them in HTML', async () => {
    smtp = await startSmtpServer();
    const findings = [
      alertFinding({ uid: 'a', severity: 'critical', title: 'Security group allows <all> traffic', resource: { uid: 'sg-1', name: 'web', type: 'AwsEc2SecurityGroup' } }),
      alertFinding({ uid: 'b', severity: 'medium', delta: 'resolved', status: 'PASS', resource: { uid: 'arn:aws:s3:::b', name: 'b', type: 'AwsS3Bucket' } }),
    ];
    const result = await createEmailDestination(config(smtp.port), { password: 'smtp-password-1' }).send(testNotification({ kind: 'digest', findings }));
    expect(result.ok).toBe(true);
    const parsed = parseMail(smtp.mails[0]!.raw);
    expect(parsed.header('Subject')).toBe('[Palisade] 2 findings in production: 1 critical, 1 medium (1 new, 1 resolved)');
    expect(parsed.text.indexOf('CRITICAL FAIL (new): Security group allows <all> traffic')).toBeLessThan(parsed.text.indexOf('MEDIUM PASS (resolved)'));
    expect(parsed.html).toContain('Security group allows &lt;all&gt; traffic');
    expect(parsed.text).toContain('View in Palisade: https://palisade.example.com/scans/scan-42');
  });

  it('reports a refused login as EAUTH, not to be retried, without the password', async () => {
    smtp = await startSmtpServer();
    const result = await createEmailDestination(config(smtp.port), { password: 'not-the-password' }).send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'EAUTH' });
    expect(result.message).toMatch(/^SMTP 535: /);
    expect(result.message).not.toContain('not-the-password');
    expect(smtp.mails).toHaveLength(0);
  });

  it('reports a rejected recipient with the server\'s reply code', async () => {
    smtp = await startSmtpServer({ rejectRecipients: true });
    const result = await createEmailDestination(config(smtp.port), { password: 'smtp-password-1' }).send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'EENVELOPE' });
    expect(result.message).toContain('SMTP 550');
  });

  it('reports an unreachable server as a socket error, worth retrying', async () => {
    const port = await closedPort();
    const result = await createEmailDestination(config(port), { password: 'smtp-password-1' }).send(testNotification());
    expect(result).toMatchObject({ ok: false, retryable: true, code: 'ESOCKET' });
    expect(result.message).toContain('ECONNREFUSED');
  });
});
