/**
 * SARIF 2.1.0 output (`*.sarif`) for CI pipelines (GitHub code scanning, Azure DevOps): one run of
 * the tool Palisade, one rule per check that has a result in the file, one result per finding to
 * act on.
 *
 * - FAIL: a result (kind `fail`, implied) whose level follows the severity: critical and high
 *   `error`, medium `warning`, low and informational `note`. A muted FAIL stays in, with an
 *   external, accepted suppression that holds the mute reason: viewers that honour suppressions
 *   hide it, and the file still tells what was muted and why.
 * - ERROR: kind `open`, level `none`. The check ran but could not read its input, so it cannot
 *   tell whether there is a problem (SARIF §3.27.9 "open"); a muted ERROR is suppressed like a
 *   muted FAIL. The invocation then carries one `error` notification counting these results,
 *   which is SARIF's way of saying that the results are not complete (§3.20.21).
 * - PASS and MANUAL are left out: code scanning services list every result as an alert, whatever
 *   its kind.
 *
 * A cloud resource has no source file. Each result's location names the resource as a logical
 * location (its uid, the ARN for AWS, as fully qualified name) and also as a physical one,
 * because code scanning services reject a result without an artifact URI: a relative path made
 * of the provider, account, region and the parts of the resource uid
 * (`aws/123456789012/eu-west-1/ec2/instance/i-0abc…`). No repository holds such a file; the path is
 * stable across scans and differs between resources, so an alert keeps following its resource.
 *
 * Results stream batch by batch. `tool` (with the rules, in the order their checks first produced
 * a result in the file) and `invocations` follow them in the run object, once the last batch is
 * in; member order carries no meaning in JSON. A batch is encoded without the rule indexes, which
 * depend on the results before it in the file: the file's assembler adds them (as the HTML report
 * numbers its checks), so batches encoded in worker threads give the same bytes.
 */
import type { Finding, FindingCheck, Severity } from '@palisade/core';
import { ByteBuilder } from './byte-builder.ts';
import { openFindingFile } from './streaming-file.ts';
import type { EncodedPart, FindingFileCodec, FindingFileWriter, PartAssembler, RecordEncoder } from './streaming-file.ts';
import { truncate } from './text.ts';
import type { ScanInfo } from './writer.ts';

export const SARIF_VERSION = '2.1.0';
/** The OASIS schema (2.1.0 with Errata 01); a copy is in packages/outputs/schemas. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The key of `partialFingerprints` that holds the finding uid (stable across scans). */
export const SARIF_FINDING_FINGERPRINT = 'palisadeFindingUid/v1';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', informational: 'note' };

/**
 * `properties["security-severity"]`, the 0.0–10.0 score code scanning ranks security results by
 * (over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low, 0.0 none).
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', informational: '0.0' };

/** What GitHub code scanning accepts of a rule's name and descriptions. */
const MAX_RULE_NAME = 255;
const MAX_RULE_DESCRIPTION = 1024;

export interface SarifMessage {
  readonly text: string;
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: { readonly text: string; readonly markdown: string };
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity': string };
}

export interface SarifLocation {
  readonly physicalLocation: { readonly artifactLocation: { readonly uri: string }; readonly region: { readonly startLine: number } };
  readonly logicalLocations: readonly { readonly fullyQualifiedName: string; readonly kind: 'resource'; readonly name?: string }[];
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly kind?: 'open';
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly { readonly kind: 'external'; readonly status: 'accepted'; readonly justification: string }[];
  readonly properties: {
    readonly status: 'FAIL' | 'ERROR';
    readonly accountId: string;
    readonly region: string;
    readonly resourceType: string;
    readonly severity: Severity;
    readonly compliance: readonly string[];
  };
}

/** The result a finding becomes, or undefined for the statuses SARIF leaves out (PASS, MANUAL). */
export function toSarifResult(finding: Finding, ruleIndex: number): SarifResult | undefined {
  const { status, resource } = finding;
  if (status !== 'FAIL' && status !== 'ERROR') return undefined;
  return {
    ruleId: finding.check.id,
    ruleIndex,
    ...(status === 'ERROR' ? { kind: 'open' as const } : {}),
    level: status === 'ERROR' ? 'none' : LEVEL[finding.severity],
    message: { text: finding.message.trim() ? finding.message : finding.check.title },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: resourceArtifactUri(finding) }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: resource.uid, kind: 'resource', ...(resource.name ? { name: resource.name } : {}) }],
      },
    ],
    partialFingerprints: { [SARIF_FINDING_FINGERPRINT]: finding.uid },
    ...(finding.muted ? { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: finding.muted.reason }] } : {}),
    properties: {
      status,
      accountId: finding.accountId,
      region: finding.region,
      resourceType: resource.type,
      severity: finding.severity,
      compliance: finding.compliance,
    },
  };
}

/** The rule of a check: its texts, its help (risk and remediation), and how code scanning ranks it. */
export function toSarifRule(check: FindingCheck): SarifRule {
  const helpUri = check.references.find((reference) => URL.canParse(reference));
  return {
    id: check.id,
    // The id without its provider: the check's name (its file name).
    name: truncate(check.id.slice(check.id.indexOf('/') + 1), MAX_RULE_NAME),
    shortDescription: { text: truncate(check.title, MAX_RULE_DESCRIPTION) },
    fullDescription: { text: truncate(check.description.trim() ? check.description : check.title, MAX_RULE_DESCRIPTION) },
    help: { text: helpText(check), markdown: helpMarkdown(check) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[check.severity] },
    // `security` makes code scanning treat the results as security alerts ranked by the score.
    properties: { tags: ['security', ...check.categories], 'security-severity': SECURITY_SEVERITY[check.severity] },
  };
}

function helpText(check: FindingCheck): string {
  const { remediation } = check;
  const lines = [`Risk: ${check.risk}`, '', `Remediation: ${remediation.summary}`];
  if (remediation.cli) lines.push('', `CLI: ${remediation.cli}`);
  if (remediation.console) lines.push('', `Console: ${remediation.console}`);
  if (check.references.length) lines.push('', 'References:', ...check.references.map((reference) => `- ${reference}`));
  return lines.join('\n');
}

function helpMarkdown(check: FindingCheck): string {
  const { remediation } = check;
  const parts = [`**Risk.** ${check.risk}`, `**Remediation.** ${remediation.summary}`];
  if (remediation.cli) parts.push(`CLI:\n\n${codeBlock(remediation.cli, 'sh')}`);
  if (remediation.terraform) parts.push(`Terraform:\n\n${codeBlock(remediation.terraform, 'hcl')}`);
  if (remediation.console) parts.push(`Console: ${remediation.console}`);
  if (check.references.length) parts.push(`References:\n\n${check.references.map((reference) => `- <${reference}>`).join('\n')}`);
  return parts.join('\n\n');
}

/** A fenced block whose fence is longer than any run of backticks in the code. */
function codeBlock(code: string, language: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}

/**
 * The resource as a relative path: provider, account and region, then the parts of its uid (for
 * an ARN, the service and the resource part, split at `/` and `:`), each percent-encoded.
 */
export function resourceArtifactUri(finding: Finding): string {
  const uid = finding.resource.uid;
  const arn = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/s.exec(uid);
  const resourceParts = arn ? [arn[1]!, ...arn[2]!.split(/[/:]/)] : uid.split('/');
  return [finding.provider, finding.accountId, finding.region || 'global', ...resourceParts].map(pathSegment).join('/');
}

function pathSegment(segment: string): string {
  // `.` and `..` would move up the path when a consumer resolves it.
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E');
  // A lone surrogate cannot be percent-encoded as UTF-8.
  return encodeURIComponent(segment.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/** A rule first met by an encoder: the check id and the rule's JSON. */
export interface SarifRuleEntry {
  readonly id: string;
  readonly json: string;
}

/** Results of a batch, encoded without their rule indexes. */
export interface SarifPart extends EncodedPart {
  /** Per result, RESULT_SLOTS numbers: where its rule index goes in `bytes`, where it ends, and its rule's number in the encoder. */
  readonly results: Int32Array;
  /** Rules first met in this part, numbered from `firstRule` on. */
  readonly rules: readonly SarifRuleEntry[];
  readonly firstRule: number;
  /** ERROR results in the part: results that could not be evaluated. */
  readonly incomplete: number;
  /** The latest evaluation time of the batch's findings (epoch milliseconds), -1 when none. */
  readonly latest: number;
}

const RESULT_SLOTS = 3;

export function sarifRecordEncoder(): RecordEncoder<SarifPart> {
  const ruleNumbers = new Map<string, number>();
  return (batch, out) => {
    const slots: number[] = [];
    const rules: SarifRuleEntry[] = [];
    const firstRule = ruleNumbers.size;
    let incomplete = 0;
    let latest = -1;
    for (const finding of batch) {
      const time = Date.parse(finding.time);
      if (time > latest) latest = time;
      // Rule index 0 stands in for the file's: its digit is left out of the bytes.
      const result = toSarifResult(finding, 0);
      if (!result) continue;
      let rule = ruleNumbers.get(result.ruleId);
      if (rule === undefined) {
        rule = ruleNumbers.size;
        ruleNumbers.set(result.ruleId, rule);
        rules.push({ id: result.ruleId, json: JSON.stringify(toSarifRule(finding.check)) });
      }
      if (finding.status === 'ERROR') incomplete += 1;
      const head = `{"ruleId":${JSON.stringify(result.ruleId)},"ruleIndex":`;
      out.text(head);
      const ruleIndexAt = out.length;
      out.text(JSON.stringify(result).slice(head.length + 1));
      slots.push(ruleIndexAt, out.length, rule);
    }
    return { bytes: out.view(), results: Int32Array.from(slots), rules, firstRule, incomplete, latest };
  };
}

/** The file's half: results in order with their rule indexes, then the tool and its rules. */
function sarifAssembler(scan: ScanInfo): PartAssembler<SarifPart> {
  /** Each rule's JSON by its index in the file. */
  const fileRules: string[] = [];
  const fileIndexes = new Map<string, number>();
  /** Per source, its rules by the numbers its encoder gave them. */
  const sourceRules = new Map<number, SarifRuleEntry[]>();
  const out = new ByteBuilder();
  let first = true;
  let incomplete = 0;
  let latest = -1;
  return {
    header: `{"$schema":${JSON.stringify(SARIF_SCHEMA_URI)},"version":"${SARIF_VERSION}","runs":[{"results":[`,
    assemble(part, source) {
      let known = sourceRules.get(source);
      if (!known) {
        known = [];
        sourceRules.set(source, known);
      }
      part.rules.forEach((rule, offset) => {
        known[part.firstRule + offset] = rule;
      });
      incomplete += part.incomplete;
      latest = Math.max(latest, part.latest);
      out.reset();
      const { results, bytes } = part;
      let start = 0;
      for (let slot = 0; slot < results.length; slot += RESULT_SLOTS) {
        const rule = known[results[slot + 2]!]!;
        let fileIndex = fileIndexes.get(rule.id);
        if (fileIndex === undefined) {
          fileIndex = fileRules.length;
          fileIndexes.set(rule.id, fileIndex);
          fileRules.push(rule.json);
        }
        out.text(first ? '\n' : ',\n');
        first = false;
        out.bytes(bytes, start, results[slot]);
        out.integer(fileIndex);
        out.bytes(bytes, results[slot], results[slot + 1]);
        start = results[slot + 1]!;
      }
      return [out.view()];
    },
    footer: () => {
      const started = Date.parse(scan.startedAt);
      const ended = Number.isNaN(started) ? latest : Math.max(latest, started);
      const invocation = {
        executionSuccessful: true,
        startTimeUtc: scan.startedAt,
        ...(latest >= 0 ? { endTimeUtc: new Date(ended).toISOString() } : {}),
        ...(incomplete
          ? {
              toolExecutionNotifications: [
                {
                  level: 'error',
                  message: {
                    text: `${incomplete} ${incomplete === 1 ? 'result' : 'results'} could not be evaluated: an input of their check could not be read (status ERROR, kind "open"). The results of this run are not complete.`,
                  },
                },
              ],
            }
          : {}),
      };
      const driver = `{"name":"Palisade","semanticVersion":${JSON.stringify(scan.productVersion)},"rules":[${fileRules.length ? `\n${fileRules.join(',\n')}\n` : ''}]}`;
      return `${first ? '' : '\n'}],"tool":{"driver":${driver}},"invocations":[${JSON.stringify(invocation)}],"properties":{"scanId":${JSON.stringify(scan.scanId)}}}]}\n`;
    },
  };
}

export function sarifCodec(scan: ScanInfo): FindingFileCodec<SarifPart> {
  return { format: 'sarif', encoder: sarifRecordEncoder, assembler: () => sarifAssembler(scan) };
}

export function createSarifWriter(path: string, scan: ScanInfo): Promise<FindingFileWriter<SarifPart>> {
  return openFindingFile(path, sarifCodec(scan));
}
