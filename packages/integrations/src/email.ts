/**
 * E-mail over SMTP: a subject with the counts, a text and an HTML body (the same content), one
 * message per notification. The Message-ID derives from the notification id, so that a retried
 * delivery that did arrive twice is one message to mail clients that thread by it.
 */
import type { EmailConfig, EmailSecret } from './config.ts';
import type { DestinationDeps } from './http.ts';
import { redactSecrets } from './http.ts';
import { changeLabel, headline, requirementLabel, sortFindings, truncate } from './message-text.ts';
import type { AlertFinding, DeliveryResult, Destination, Notification } from './types.ts';

/** SMTP is slower to answer than a webhook: connecting, greeting and each command get this long by default. */
export const DEFAULT_SMTP_TIMEOUT_MS = 30_000;
/** Findings a digest lists before "and K more". */
const DIGEST_LIMIT = 200;

/** Codes of SMTP failures that may pass on another attempt (a 4xx reply is transient too). */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED']);

export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function createEmailDestination(config: EmailConfig, secret: EmailSecret, deps: DestinationDeps = {}): Destination {
  const secrets = [secret.password];
  return {
    type: 'email',
    async send(notification, signal) {
      const timeoutMs = deps.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
      const { createTransport } = await import('nodemailer');
      const transport = createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        ...(config.username ? { auth: { user: config.username, ...(secret.password ? { pass: secret.password } : {}) } } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
      const message = emailMessage(notification);
      const aborted = new Promise<'aborted'>((resolve) => {
        if (signal?.aborted) resolve('aborted');
        signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
      });
      try {
        const sent = await Promise.race([
          transport.sendMail({
            from: config.from,
            to: [...config.to],
            subject: message.subject,
            text: message.text,
            html: message.html,
            messageId: `<${notification.id}@${domainOf(config.from)}>`,
            headers: { 'X-Palisade-Delivery': notification.id },
          }),
          aborted,
        ]);
        if (sent === 'aborted') return { ok: false, retryable: false, code: 'ABORTED', message: 'the delivery was cancelled' };
        const messageId = typeof sent.messageId === 'string' ? sent.messageId : undefined;
        return { ok: true, retryable: false, ...(messageId ? { externalIds: [messageId] } : {}) };
      } catch (error) {
        return redactSecrets(smtpFailure(error), secrets);
      } finally {
        transport.close();
      }
    },
  };
}

/** An SMTP error as a result: nodemailer's code (`EAUTH`, `ECONNECTION`, ...) and the server's reply code. */
export function smtpFailure(error: unknown): DeliveryResult {
  const details = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const code = typeof details.code === 'string' ? details.code : responseCode ? `SMTP_${responseCode}` : 'SMTP_ERROR';
  const retryable = responseCode !== undefined ? responseCode >= 400 && responseCode < 500 : TRANSIENT_CODES.has(code);
  const text = typeof details.message === 'string' ? details.message : String(error);
  return { ok: false, retryable, code, message: truncate(`${responseCode ? `SMTP ${responseCode}: ` : ''}${text.replace(/\s+/g, ' ')}`, 300) };
}

export function emailMessage(notification: Notification): EmailMessage {
  const title = headline(notification);
  const subject = truncate(`[Palisade] ${title}`.replace(/[\r\n]+/g, ' '), 200);
  const findings = sortFindings(notification.findings);
  const listed = findings.slice(0, DIGEST_LIMIT);
  const more = findings.length - listed.length;
  const requirements = notification.requirements ?? [];
  const scanLine = notification.scan ? `Scan ${notification.scan.id} of ${notification.scan.providerAlias} (${notification.scan.trigger})` : undefined;

  const textParts: string[] = [title, ''];
  if (notification.test) textParts.push('This is a test message from Palisade: the integration works.', '');
  if (notification.rule) textParts.push(`Rule: ${notification.rule.name}`);
  if (scanLine) textParts.push(scanLine);
  if (requirements.length > 0) textParts.push('', 'Requirements now failing:', ...requirements.map((requirement) => `  - ${requirementLabel(requirement)} (was ${requirement.previousStatus ?? 'not evaluated'})`));
  for (const finding of listed) textParts.push('', ...findingText(finding));
  if (more > 0) textParts.push('', `and ${more} more`);
  const link = notification.kind === 'finding' && findings.length === 1 ? findings[0]?.link : notification.scan?.link;
  if (link) textParts.push('', `View in Palisade: ${link}`);

  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(title)}</h2>`,
    notification.test ? '<p>This is a test message from Palisade: the integration works.</p>' : '',
    notification.rule ? `<p>Rule: ${escapeHtml(notification.rule.name)}</p>` : '',
    scanLine ? `<p>${escapeHtml(scanLine)}</p>` : '',
    requirements.length > 0
      ? `<h3>Requirements now failing</h3><ul>${requirements.map((requirement) => `<li>${escapeHtml(requirementLabel(requirement))} (was ${escapeHtml(requirement.previousStatus ?? 'not evaluated')})</li>`).join('')}</ul>`
      : '',
    ...listed.map(findingHtml),
    more > 0 ? `<p>and ${more} more</p>` : '',
    link ? `<p><a href="${escapeHtml(link)}">View in Palisade</a></p>` : '',
    '</body></html>',
  ].join('');
  return { subject, text: textParts.join('\n'), html };
}

function findingText(finding: AlertFinding): string[] {
  return [
    `${finding.severity.toUpperCase()} ${finding.status} (${changeLabel(finding)}): ${finding.title}`,
    `  Check: ${finding.checkId}`,
    `  Resource: ${finding.resource.name} (${finding.resource.type}) ${finding.resource.uid}`,
    `  Account / region: ${finding.provider} ${finding.accountUid} / ${finding.region}`,
    `  ${finding.message}`,
    ...(finding.remediation ? [`  Remediation: ${finding.remediation.text}${finding.remediation.url ? ` ${finding.remediation.url}` : ''}`] : []),
    ...(finding.link ? [`  ${finding.link}`] : []),
  ];
}

function findingHtml(finding: AlertFinding): string {
  const title = finding.link ? `<a href="${escapeHtml(finding.link)}">${escapeHtml(finding.title)}</a>` : escapeHtml(finding.title);
  const remediation = finding.remediation
    ? `<br>Remediation: ${escapeHtml(finding.remediation.text)}${finding.remediation.url ? ` <a href="${escapeHtml(finding.remediation.url)}">more</a>` : ''}`
    : '';
  return (
    `<p><strong>${escapeHtml(finding.severity.toUpperCase())} ${escapeHtml(finding.status)}</strong> (${escapeHtml(changeLabel(finding))}): ${title}<br>` +
    `Check: <code>${escapeHtml(finding.checkId)}</code><br>` +
    `Resource: ${escapeHtml(finding.resource.name)} (${escapeHtml(finding.resource.type)}) <code>${escapeHtml(finding.resource.uid)}</code><br>` +
    `Account / region: ${escapeHtml(`${finding.provider} ${finding.accountUid} / ${finding.region}`)}<br>` +
    `${escapeHtml(finding.message)}${remediation}</p>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function domainOf(mailbox: string): string {
  const address = /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'palisade.invalid';
}
