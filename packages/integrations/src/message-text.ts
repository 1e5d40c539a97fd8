/**
 * The words every destination uses for a notification (subject line, change of a finding, counts),
 * so that Slack, e-mail and Jira describe the same finding the same way.
 */
import { SEVERITIES, SEVERITY_RANK } from '@palisade/core';
import type { Severity } from '@palisade/core';
import type { AlertFinding, AlertRequirement, Notification } from './types.ts';

/** Worst first: severity, then failures before the rest, then by check and resource. */
export function sortFindings(findings: readonly AlertFinding[]): AlertFinding[] {
  const statusOrder = (finding: AlertFinding): number => (finding.status === 'FAIL' ? 0 : finding.status === 'ERROR' ? 1 : 2);
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      statusOrder(a) - statusOrder(b) ||
      a.checkId.localeCompare(b.checkId) ||
      a.resource.uid.localeCompare(b.resource.uid),
  );
}

/** How the finding changed: `new`, `changed (was PASS)`, `resolved`, `unchanged`. */
export function changeLabel(finding: AlertFinding): string {
  if (finding.delta === 'changed' && finding.previousStatus) return `changed (was ${finding.previousStatus})`;
  return finding.delta;
}

export function requirementLabel(requirement: AlertRequirement): string {
  const name = `${requirement.frameworkId} ${requirement.requirementId}`;
  return requirement.title ? `${name}: ${requirement.title}` : name;
}

/** `2 critical, 1 high`, worst first. */
export function severityCounts(findings: readonly AlertFinding[]): string {
  const counts = new Map<Severity, number>();
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return SEVERITIES.filter((severity) => counts.has(severity))
    .map((severity) => `${counts.get(severity)} ${severity}`)
    .join(', ');
}

/** `3 new, 1 resolved`, in the order new, changed, resolved, unchanged. */
export function changeCounts(findings: readonly AlertFinding[]): string {
  const order = ['new', 'changed', 'resolved', 'unchanged'] as const;
  return order
    .map((delta) => [delta, findings.filter((finding) => finding.delta === delta).length] as const)
    .filter(([, count]) => count > 0)
    .map(([delta, count]) => `${count} ${delta}`)
    .join(', ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Where the findings are: the provider's alias, else the one account they share. */
export function sourceLabel(notification: Notification): string | undefined {
  if (notification.scan) return notification.scan.providerAlias;
  const accounts = new Set(notification.findings.map((finding) => `${finding.provider} ${finding.accountUid}`));
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

/** One line that says what the notification is about: a subject, a header, a fallback text. */
export function headline(notification: Notification): string {
  const prefix = notification.test ? 'Test: ' : '';
  const source = sourceLabel(notification);
  const where = source ? ` in ${source}` : '';
  const requirements = notification.requirements ?? [];
  if (requirements.length === 1 && requirements[0]) return `${prefix}Compliance requirement now failing: ${requirementLabel(requirements[0])}${where}`;
  if (requirements.length > 1) return `${prefix}${plural(requirements.length, 'compliance requirement')} now failing${where}`;
  const [only] = notification.findings;
  if (notification.kind === 'finding' && only && notification.findings.length === 1) {
    return `${prefix}${only.status} ${only.severity}: ${only.title} (${only.resource.name})${only.delta === 'resolved' ? ' resolved' : ''}`;
  }
  if (notification.findings.length === 0) return `${prefix}Palisade notification${where}`;
  const changes = changeCounts(notification.findings);
  return `${prefix}${plural(notification.findings.length, 'finding')}${where}: ${severityCounts(notification.findings)}${changes ? ` (${changes})` : ''}`;
}

/** Cuts text to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
