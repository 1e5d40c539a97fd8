/**
 * Jira Cloud (REST API v3): one issue per finding (`mode: finding`) or per check (`mode: check`).
 * Delivery is idempotent: each issue carries a label derived from the finding's uid (or the check
 * id), and an open issue with that label is found before one is created, so a retried or repeated
 * notification comments on the issue instead of opening a second one. A resolved finding closes its
 * issue through the configured transition.
 *
 * In check mode an issue is commented on, never transitioned: one notification need not carry every
 * resource the check failed for, so it cannot tell that the check passes everywhere.
 */
import { createHash } from 'node:crypto';
import type { JiraConfig, JiraSecret } from './config.ts';
import { basicAuth, bodySnippet, httpFailure, redactSecrets, sendHttp } from './http.ts';
import type { DestinationDeps } from './http.ts';
import { changeLabel, requirementLabel, sortFindings, truncate } from './message-text.ts';
import type { AlertFinding, DeliveryResult, Destination, Notification } from './types.ts';

/** A node of the Atlassian Document Format, the rich text Jira's v3 API takes for descriptions and comments. */
export interface AdfNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly AdfNode[];
  readonly text?: string;
  readonly marks?: readonly { readonly type: string; readonly attrs?: Readonly<Record<string, unknown>> }[];
}

export interface AdfDocument extends AdfNode {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfNode[];
}

/** Resources listed in a check issue's description or comment before "and K more". */
const CHECK_RESOURCE_LIMIT = 50;

/** The label that ties an issue to a finding uid or a check id: `palisade-` and 16 hex digits of its SHA-256. */
export function jiraIssueLabel(key: string): string {
  return `palisade-${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16)}`;
}

interface IssueUnit {
  readonly key: string;
  readonly label: string;
  readonly findings: readonly AlertFinding[];
}

type JiraOutcome = { readonly json: unknown } | { readonly failure: DeliveryResult };

export function createJiraDestination(config: JiraConfig, secret: JiraSecret, deps: DestinationDeps = {}): Destination {
  const authorization = basicAuth(config.email, secret.apiToken);
  const secrets = [secret.apiToken, authorization, authorization.slice('Basic '.length)];
  const base = config.baseUrl.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined): Promise<JiraOutcome> {
    const outcome = await sendHttp(
      {
        method,
        url: `${base}${path}`,
        headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      deps,
      signal,
    );
    if ('failure' in outcome) return outcome;
    const { answer } = outcome;
    if (answer.status >= 200 && answer.status < 300) return { json: answer.body ? parseJson(answer.body) : undefined };
    return { failure: httpFailure(answer, { message: jiraErrorMessage(answer.status, answer.body), now: deps.now?.() ?? new Date() }) };
  }

  async function findOpenIssue(label: string, signal: AbortSignal | undefined): Promise<{ readonly key: string | undefined } | { readonly failure: DeliveryResult }> {
    const jql = `project = "${config.projectKey}" AND labels = "${label}" AND statusCategory != Done`;
    const outcome = await call('POST', '/rest/api/3/search/jql', { jql, fields: ['summary', 'status'], maxResults: 1 }, signal);
    if ('failure' in outcome) return outcome;
    const issues = (outcome.json as { issues?: { key?: unknown }[] } | undefined)?.issues ?? [];
    const key = issues[0]?.key;
    return { key: typeof key === 'string' ? key : undefined };
  }

  async function resolve(issueKey: string, signal: AbortSignal | undefined): Promise<DeliveryResult | undefined> {
    const listed = await call('GET', `/rest/api/3/issue/${encodeURIComponent(issueKey)}/transitions`, undefined, signal);
    if ('failure' in listed) return listed.failure;
    const transitions = (listed.json as { transitions?: { id?: unknown; name?: unknown; to?: { name?: unknown } }[] } | undefined)?.transitions ?? [];
    const wanted = config.resolveTransition.toLowerCase();
    const transition =
      transitions.find((candidate) => String(candidate.name).toLowerCase() === wanted) ?? transitions.find((candidate) => String(candidate.to?.name).toLowerCase() === wanted);
    if (!transition || typeof transition.id !== 'string') {
      const available = transitions.map((candidate) => String(candidate.name)).join(', ') || 'none';
      return { ok: false, retryable: false, code: 'TRANSITION_NOT_FOUND', message: `${issueKey} has no transition named "${config.resolveTransition}" (available: ${available})` };
    }
    const done = await call('POST', `/rest/api/3/issue/${encodeURIComponent(issueKey)}/transitions`, { transition: { id: transition.id } }, signal);
    return 'failure' in done ? done.failure : undefined;
  }

  async function deliverUnit(unit: IssueUnit, notification: Notification, signal: AbortSignal | undefined): Promise<{ readonly issueKey?: string } | { readonly failure: DeliveryResult }> {
    const found = await findOpenIssue(unit.label, signal);
    if ('failure' in found) return found;
    const resolved = unit.findings.every(isResolved);
    if (found.key === undefined) {
      // Nothing open to close; a resolution with no issue needs none.
      if (resolved) return {};
      const fields = {
        project: { key: config.projectKey },
        issuetype: { name: config.issueType },
        summary: issueSummary(unit, config.mode),
        description: issueDescription(unit, notification, config.mode),
        labels: [...new Set([...config.labels, 'palisade', unit.label])],
      };
      const created = await call('POST', '/rest/api/3/issue', { fields }, signal);
      if ('failure' in created) return created;
      const key = (created.json as { key?: unknown } | undefined)?.key;
      return typeof key === 'string' ? { issueKey: key } : { failure: { ok: false, retryable: false, code: 'UNEXPECTED_ANSWER', message: 'Jira created an issue but did not return its key' } };
    }
    const changed = unit.findings.filter((finding) => finding.delta !== 'unchanged');
    if (!resolved && changed.length === 0) return { issueKey: found.key };
    const commented = await call('POST', `/rest/api/3/issue/${encodeURIComponent(found.key)}/comment`, { body: changeComment(changed.length > 0 ? changed : unit.findings, notification) }, signal);
    if ('failure' in commented) return commented;
    if (resolved && config.mode === 'finding') {
      const failure = await resolve(found.key, signal);
      if (failure) return { failure };
    }
    return { issueKey: found.key };
  }

  return {
    type: 'jira',
    async send(notification, signal) {
      if (notification.test) {
        // A test checks the credentials and the project without creating an issue.
        const project = await call('GET', `/rest/api/3/project/${encodeURIComponent(config.projectKey)}`, undefined, signal);
        if ('failure' in project) return redactSecrets(project.failure, secrets);
        return { ok: true, retryable: false, status: 200, externalIds: [config.projectKey] };
      }
      const issueKeys: string[] = [];
      for (const unit of issueUnits(notification.findings, config.mode)) {
        const outcome = await deliverUnit(unit, notification, signal);
        if ('failure' in outcome) {
          const failure = issueKeys.length > 0 ? { ...outcome.failure, externalIds: issueKeys } : outcome.failure;
          return redactSecrets(failure, secrets);
        }
        if (outcome.issueKey && !issueKeys.includes(outcome.issueKey)) issueKeys.push(outcome.issueKey);
      }
      return { ok: true, retryable: false, externalIds: issueKeys };
    },
  };
}

function issueUnits(findings: readonly AlertFinding[], mode: JiraConfig['mode']): IssueUnit[] {
  if (mode === 'finding') return sortFindings(findings).map((finding) => ({ key: finding.uid, label: jiraIssueLabel(finding.uid), findings: [finding] }));
  const byCheck = new Map<string, AlertFinding[]>();
  for (const finding of sortFindings(findings)) byCheck.set(finding.checkId, [...(byCheck.get(finding.checkId) ?? []), finding]);
  return [...byCheck].map(([checkId, grouped]) => ({ key: checkId, label: jiraIssueLabel(checkId), findings: grouped }));
}

function isResolved(finding: AlertFinding): boolean {
  return finding.delta === 'resolved' || finding.status === 'PASS';
}

function issueSummary(unit: IssueUnit, mode: JiraConfig['mode']): string {
  const [first] = unit.findings;
  if (!first) return '[Palisade] finding';
  const summary = mode === 'finding' ? `[Palisade] ${first.title} (${first.resource.name})` : `[Palisade] ${first.title}`;
  return truncate(summary.replace(/[\r\n]+/g, ' '), 255);
}

function issueDescription(unit: IssueUnit, notification: Notification, mode: JiraConfig['mode']): AdfDocument {
  const [first] = unit.findings;
  if (!first) return adfDocument([paragraph([text('No findings.')])]);
  const blocks: AdfNode[] = [
    paragraph([text('Severity: ', [strong]), text(first.severity), text('   Check: ', [strong]), text(first.checkId, [code]), text('   Service: ', [strong]), text(first.service)]),
  ];
  if (mode === 'finding') {
    blocks.push(
      paragraph([text('Status: ', [strong]), text(`${first.status} (${changeLabel(first)})`)]),
      paragraph([text(first.message)]),
      heading('Resource'),
      bulletList([
        [text('Name: ', [strong]), text(first.resource.name)],
        [text('Type: ', [strong]), text(first.resource.type)],
        [text('Id: ', [strong]), text(first.resource.uid, [code])],
        [text('Account / region: ', [strong]), text(`${first.provider} ${first.accountUid} / ${first.region}`)],
      ]),
    );
  } else {
    blocks.push(heading('Resources'), resourceList(unit.findings));
  }
  if (first.risk) blocks.push(heading('Risk'), paragraph([text(first.risk)]));
  if (first.remediation) {
    blocks.push(heading('Remediation'), paragraph([text(first.remediation.text), ...(first.remediation.url ? [text(' '), text('More', [link(first.remediation.url)])] : [])]));
  }
  if (first.compliance.length > 0) blocks.push(heading('Compliance'), paragraph([text(first.compliance.join(', '))]));
  if (notification.requirements && notification.requirements.length > 0) {
    blocks.push(heading('Requirements now failing'), bulletList(notification.requirements.map((requirement) => [text(requirementLabel(requirement))])));
  }
  const view = mode === 'finding' ? first.link : notification.scan?.link;
  if (view) blocks.push(paragraph([text(mode === 'finding' ? 'View the finding in Palisade' : 'View the scan in Palisade', [link(view)])]));
  blocks.push(paragraph([text(`Opened by Palisade${notification.scan ? ` from scan ${notification.scan.id}` : ''}. Palisade finds this issue again by its label ${unit.label}; keep it.`, [em])]));
  return adfDocument(blocks);
}

function changeComment(findings: readonly AlertFinding[], notification: Notification): AdfDocument {
  const scan = notification.scan ? ` in scan ${notification.scan.id}` : '';
  const [only] = findings;
  if (findings.length === 1 && only) {
    const what = isResolved(only) ? `Resolved${scan}: ${only.message}` : `${only.status} (${changeLabel(only)})${scan}: ${only.message}`;
    return adfDocument([paragraph([text('Palisade: ', [strong]), text(what)])]);
  }
  const resolved = findings.filter(isResolved).length;
  return adfDocument([
    paragraph([text('Palisade: ', [strong]), text(`${findings.length} resources changed${scan}${resolved > 0 ? `, ${resolved} resolved` : ''}.`)]),
    resourceList(findings),
  ]);
}

function resourceList(findings: readonly AlertFinding[]): AdfNode {
  const items = findings.slice(0, CHECK_RESOURCE_LIMIT).map((finding) => [
    text(`${finding.status} (${changeLabel(finding)}) `, [strong]),
    text(`${finding.resource.name} — ${finding.provider} ${finding.accountUid} / ${finding.region}: `),
    text(finding.resource.uid, [code]),
  ]);
  const more = findings.length - items.length;
  return bulletList(more > 0 ? [...items, [text(`and ${more} more`)]] : items);
}

/** Jira's error body `{errorMessages: [...], errors: {field: message}}` as one line. */
export function jiraErrorMessage(status: number, body: string): string {
  const parsed = parseJson(body) as { errorMessages?: unknown; errors?: unknown } | undefined;
  const messages = Array.isArray(parsed?.errorMessages) ? parsed.errorMessages.map(String) : [];
  const fields = parsed?.errors && typeof parsed.errors === 'object' ? Object.entries(parsed.errors as Record<string, unknown>).map(([field, message]) => `${field}: ${String(message)}`) : [];
  const all = [...messages, ...fields];
  return all.length > 0 ? `Jira answered ${status}: ${bodySnippet(all.join('; '))}` : `Jira answered ${status}${body ? `: ${bodySnippet(body)}` : ''}`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

// ---- Atlassian Document Format ----

const strong = { type: 'strong' } as const;
const em = { type: 'em' } as const;
const code = { type: 'code' } as const;
function link(href: string) {
  return { type: 'link', attrs: { href } } as const;
}

export function adfDocument(content: readonly AdfNode[]): AdfDocument {
  return { type: 'doc', version: 1, content };
}

/** A text node; Jira rejects empty ones, so empty text becomes a dash. */
function text(value: string, marks?: AdfNode['marks']): AdfNode {
  return { type: 'text', text: value.length > 0 ? value : '-', ...(marks ? { marks } : {}) };
}

function paragraph(content: readonly AdfNode[]): AdfNode {
  return { type: 'paragraph', content };
}

function heading(value: string): AdfNode {
  return { type: 'heading', attrs: { level: 3 }, content: [text(value)] };
}

function bulletList(items: readonly (readonly AdfNode[])[]): AdfNode {
  return { type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })) };
}
