/** `palisade list checks|services|compliance [--provider aws|azure]`: what this build can scan and report. */
import { InputError, didYouMean } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { FRAMEWORKS, frameworksForCheck } from '@palisade/compliance';
import { table } from './terminal.ts';

export const LIST_KINDS = ['checks', 'services', 'compliance'] as const;
/** The providers `scan` has a command for. */
export const LIST_PROVIDERS = ['aws', 'azure'] as const;

export function listCommand(kind: string, options: { json?: boolean; service?: string; provider?: string }, out: NodeJS.WritableStream): number {
  const provider = options.provider;
  if (provider !== undefined && !(LIST_PROVIDERS as readonly string[]).includes(provider)) {
    throw new InputError('USAGE', `--provider: unknown provider "${provider}"${didYouMean(provider, LIST_PROVIDERS)}; valid: ${LIST_PROVIDERS.join(', ')}`);
  }
  const ofProvider = ALL_CHECKS.filter((check) => !provider || check.provider === provider);
  if (kind === 'checks') {
    const checks = ofProvider.filter((check) => !options.service || check.service === options.service);
    if (options.service && checks.length === 0) throw new InputError('USAGE', `unknown service "${options.service}"`);
    if (options.json) {
      out.write(`${JSON.stringify(checks.map(({ evaluate: _evaluate, ...meta }) => ({ ...meta, compliance: frameworksForCheck(meta.id) })), null, 2)}\n`);
    } else {
      out.write(`${table([['id', 'service', 'severity', 'title'], ...checks.map((check) => [check.id, check.service, check.severity, check.title])])}\n`);
      out.write(`\n${checks.length} checks\n`);
    }
    return 0;
  }
  if (kind === 'services') {
    const counts = new Map<string, number>();
    for (const check of ofProvider) counts.set(check.service, (counts.get(check.service) ?? 0) + 1);
    const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
    if (options.json) out.write(`${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
    else out.write(`${table([['service', 'checks'], ...rows.map(([service, count]) => [service, String(count)])], ['l', 'r'])}\n`);
    return 0;
  }
  if (kind === 'compliance') {
    const rows = FRAMEWORKS.filter((framework) => !provider || framework.provider === provider).map((framework) => ({
      id: framework.id,
      name: framework.name,
      requirements: framework.requirements.length,
      automated: framework.requirements.filter((requirement) => requirement.assessment === 'automated').length,
    }));
    if (options.json) out.write(`${JSON.stringify(rows, null, 2)}\n`);
    else out.write(`${table([['id', 'name', 'requirements', 'automated'], ...rows.map((row) => [row.id, row.name, String(row.requirements), String(row.automated)])])}\n`);
    return 0;
  }
  throw new InputError('USAGE', `unknown list "${kind}"; valid: ${LIST_KINDS.join(', ')}`);
}
