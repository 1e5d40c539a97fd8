/**
 * Slack through an incoming webhook: one Block Kit message per notification, with a plain `text`
 * fallback for notifications and clients that show no blocks. The webhook URL is the secret: it
 * never appears in a result.
 */
import type { SlackConfig, SlackSecret } from './config.ts';
import { httpFailure, redactSecrets, sendHttp, urlSecrets } from './http.ts';
import type { DestinationDeps } from './http.ts';
import { changeLabel, headline, requirementLabel, sortFindings, truncate } from './message-text.ts';
import type { AlertFinding, Destination, Notification } from './types.ts';

export interface SlackDeps extends DestinationDeps {
  /** Findings listed in a digest before "and K more"; default 10, at most 40 (Slack allows 50 blocks). */
  readonly digestLimit?: number;
}

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

type TextObject = { readonly type: 'plain_text' | 'mrkdwn'; readonly text: string };
export type SlackBlock =
  | { readonly type: 'header'; readonly text: TextObject }
  | { readonly type: 'section'; readonly text?: TextObject; readonly fields?: readonly TextObject[] }
  | { readonly type: 'context'; readonly elements: readonly TextObject[] }
  | { readonly type: 'actions'; readonly elements: readonly { readonly type: 'button'; readonly text: TextObject; readonly url: string }[] };

const DEFAULT_DIGEST_LIMIT = 10;
const SECTION_LIMIT = 3000;

export function createSlackDestination(config: SlackConfig, secret: SlackSecret, deps: SlackDeps = {}): Destination {
  const secrets = urlSecrets(secret.webhookUrl);
  return {
    type: 'slack',
    async send(notification, signal) {
      const message = slackMessage(notification, { ...(config.channelLabel ? { channelLabel: config.channelLabel } : {}), digestLimit: deps.digestLimit ?? DEFAULT_DIGEST_LIMIT });
      const outcome = await sendHttp({ method: 'POST', url: secret.webhookUrl, headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) }, deps, signal);
      if ('failure' in outcome) return redactSecrets(outcome.failure, secrets);
      const { answer } = outcome;
      if (answer.status >= 200 && answer.status < 300) return { ok: true, retryable: false, status: answer.status };
      // Slack answers a rejected message with a bare error code as the body (`invalid_payload`, `no_service`).
      const body = answer.body.trim();
      const code = /^[a-z][a-z0-9_]*$/.test(body) ? body : undefined;
      const now = deps.now?.() ?? new Date();
      return redactSecrets(httpFailure(answer, { ...(code ? { code, message: `Slack rejected the message: ${code}` } : {}), now }), secrets);
    },
  };
}

/** The message a notification becomes: exported so that a receiver's expectations can be checked without Slack. */
export function slackMessage(notification: Notification, options: { readonly digestLimit?: number; readonly channelLabel?: string } = {}): SlackMessage {
  const title = headline(notification);
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } }];
  const findings = sortFindings(notification.findings);
  const [only] = findings;
  if (notification.requirements && notification.requirements.length > 0) {
    const lines = notification.requirements.map((requirement) => `• ${escape(requirementLabel(requirement))} (was ${requirement.previousStatus ?? 'not evaluated'})`);
    blocks.push(section(`*Requirements now failing*\n${lines.join('\n')}`));
  }
  if (notification.kind === 'finding' && only && findings.length === 1) blocks.push(...findingBlocks(only));
  else if (findings.length > 0) blocks.push(...digestBlocks(findings, Math.min(40, Math.max(1, options.digestLimit ?? DEFAULT_DIGEST_LIMIT))));
  if (notification.test) blocks.push(section('This is a test message from Palisade: the integration works.'));
  const link = notification.kind === 'finding' && only?.link ? { url: only.link, label: 'View finding' } : notification.scan?.link ? { url: notification.scan.link, label: 'View scan' } : undefined;
  if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: link.label }, url: link.url }] });
  const context = [notification.rule ? `Rule: ${escape(notification.rule.name)}` : '', notification.scan ? `Scan ${escape(notification.scan.id)} (${notification.scan.trigger})` : '', options.channelLabel ? escape(options.channelLabel) : '']
    .filter((part) => part.length > 0)
    .join(' · ');
  if (context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(context, SECTION_LIMIT) }] });
  return { text: truncate(fallbackText(notification, title), 4000), blocks };
}

function findingBlocks(finding: AlertFinding): SlackBlock[] {
  const blocks: SlackBlock[] = [
    section(escape(finding.message)),
    {
      type: 'section',
      fields: [
        field('Severity', finding.severity),
        field('Status', `${finding.status} · ${changeLabel(finding)}`),
        { type: 'mrkdwn', text: `*Check*\n\`${escape(finding.checkId)}\`` },
        field('Resource', `${finding.resource.name} (${finding.resource.type})`),
        field('Account / region', `${finding.provider} ${finding.accountUid} / ${finding.region}`),
      ],
    },
  ];
  if (finding.remediation) {
    const url = finding.remediation.url ? ` ${linkText(finding.remediation.url, 'more')}` : '';
    blocks.push(section(`*Remediation*\n${escape(finding.remediation.text)}${url}`));
  }
  return blocks;
}

function digestBlocks(findings: readonly AlertFinding[], limit: number): SlackBlock[] {
  const blocks: SlackBlock[] = findings.slice(0, limit).map((finding) => {
    const title = finding.link ? linkText(finding.link, finding.title) : escape(finding.title);
    return section(
      `*${finding.severity}* ${finding.status} · ${escape(changeLabel(finding))} — ${title}\n\`${escape(finding.checkId)}\` · ${escape(finding.resource.name)} · ${escape(finding.accountUid)} / ${escape(finding.region)}`,
    );
  });
  const more = findings.length - limit;
  if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more} more` }] });
  return blocks;
}

function fallbackText(notification: Notification, title: string): string {
  const lines = sortFindings(notification.findings)
    .slice(0, 20)
    .map((finding) => `${finding.severity} ${finding.status} ${finding.checkId} ${finding.resource.name}`);
  const more = notification.findings.length - lines.length;
  return [title, ...lines, ...(more > 0 ? [`and ${more} more`] : [])].join('\n');
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_LIMIT) } };
}

function field(label: string, value: string): TextObject {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${escape(value)}`, 2000) };
}

/** Slack's mrkdwn takes `&`, `<` and `>` as markup; these three are escaped. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function linkText(url: string, label: string): string {
  return `<${url.replace(/[|>]/g, encodeURIComponent)}|${escape(label).replace(/\|/g, '¦')}>`;
}
