/**
 * HTML report: one self-contained file (inline CSS and script, no external URL) that stays usable
 * with 100,000 findings.
 *
 * Findings are streamed into `<script type="application/json" id="findings">` as one JSON value per
 * line: each check's metadata once (`{"check":…}`), each distinct framework requirement list once
 * (`{"compliance":[…]}`), and every finding as a compact array whose positions are named in the
 * scan header, referencing those entries by index. `<`, `>` and `&` are written as `\u003c`-style
 * escapes, so data such as `</script>` or `<!--` cannot end the element early.
 *
 * Compliance status is only known once every finding has been seen, so it is embedded on close, in
 * `<script type="application/json" id="compliance">`: per framework the account scores, section
 * scores and each requirement's status for all accounts and per account (no finding lists: the
 * client finds a requirement's findings through their `compliance` refs). The client script
 * (html/report-template.js) follows it.
 */
import { readFile } from 'node:fs/promises';
import type { ComplianceReport, FindingCounts } from '@palisade/compliance';
import { PalisadeError } from '@palisade/core';
import type { Finding, FindingCheck } from '@palisade/core';
import { ByteBuilder } from './byte-builder.ts';
import { openFindingFile } from './streaming-file.ts';
import type { EncodedPart, FindingFileCodec, FindingFileWriter, RecordEncoder } from './streaming-file.ts';
import type { ScanInfo } from './writer.ts';

/** Positions of a finding row; the client reads the names from the scan header. */
export const HTML_FINDING_FIELDS = [
  'uid',
  'check',
  'status',
  'severity',
  'accountId',
  'accountName',
  'region',
  'resourceUid',
  'resourceName',
  'resourceType',
  'tags',
  'message',
  'muted',
  'error',
  'time',
  'compliance',
] as const;

type HtmlFindingField = (typeof HTML_FINDING_FIELDS)[number];

const REPORT_SCRIPT_URL = new URL('./html/report-template.js', import.meta.url);

/** JSON that is safe inside a `<script>` element and on one line. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface HtmlWriterOptions {
  /** Called once when the report is closed, after the last finding: the compliance status to embed. */
  readonly compliance?: () => readonly ComplianceReport[];
}

export async function createHtmlWriter(path: string, scan: ScanInfo, options: HtmlWriterOptions = {}): Promise<FindingFileWriter<HtmlPart>> {
  return openFindingFile(path, await createHtmlCodec(scan, options));
}

/** The HTML codec with the report's script, read from the package. */
export async function createHtmlCodec(scan: ScanInfo, options: HtmlWriterOptions = {}): Promise<FindingFileCodec<HtmlPart>> {
  return htmlCodec(scan, await loadReportScript(), options);
}

/**
 * Rows of a batch, encoded without the two numbers that depend on every row before them in the
 * file: the row's check and requirement list, indexes into the `{"check":…}` and `{"compliance":…}`
 * entries written so far. The encoder numbers entries in the order it meets them; the file's
 * assembler turns those numbers into the file's own, writing each entry before its first row.
 */
export interface HtmlPart extends EncodedPart {
  /** Per row, HTML_ROW_SLOTS numbers: where its head, middle and end stop in `bytes`, its check's and its requirement list's number (-1: none). */
  readonly rows: Int32Array;
  /** Entries first met in this part, numbered from `firstCheck` / `firstCompliance` on. */
  readonly checks: readonly HtmlEntry[];
  readonly firstCheck: number;
  readonly compliance: readonly HtmlEntry[];
  readonly firstCompliance: number;
}

/** An entry line and what identifies it across encoders. */
export interface HtmlEntry {
  readonly key: string;
  readonly line: string;
}

const HTML_ROW_SLOTS = 5;
const CHECK_POSITION = HTML_FINDING_FIELDS.indexOf('check');
const COMPLIANCE_POSITION = HTML_FINDING_FIELDS.indexOf('compliance');

/** The inside of a JSON array: its values, comma-separated. */
const jsonValues = (values: readonly unknown[]) => scriptJson(values).slice(1, -1);

export function htmlRecordEncoder(): RecordEncoder<HtmlPart> {
  const checkNumbers = new Map<string, number>();
  const complianceNumbers = new Map<string, number>();
  return (batch, out) => {
    const rows = new Int32Array(batch.length * HTML_ROW_SLOTS);
    const checks: HtmlEntry[] = [];
    const compliance: HtmlEntry[] = [];
    const firstCheck = checkNumbers.size;
    const firstCompliance = complianceNumbers.size;
    batch.forEach((finding, index) => {
      let check = checkNumbers.get(finding.check.id);
      if (check === undefined) {
        check = checkNumbers.size;
        checkNumbers.set(finding.check.id, check);
        checks.push({ key: finding.check.id, line: `${scriptJson({ check: checkEntry(finding.check) })}\n` });
      }
      let requirements = -1;
      if (finding.compliance.length) {
        const key = finding.compliance.join('\u0000');
        const known = complianceNumbers.get(key);
        if (known === undefined) {
          requirements = complianceNumbers.size;
          complianceNumbers.set(key, requirements);
          compliance.push({ key, line: `${scriptJson({ compliance: finding.compliance })}\n` });
        } else {
          requirements = known;
        }
      }
      // [head, check, middle, compliance, end]: the row without its two numbers.
      const values = findingRow(finding, check, requirements);
      const row = index * HTML_ROW_SLOTS;
      out.text(CHECK_POSITION ? `[${jsonValues(values.slice(0, CHECK_POSITION))},` : '[');
      rows[row] = out.length;
      out.text(COMPLIANCE_POSITION - CHECK_POSITION > 1 ? `,${jsonValues(values.slice(CHECK_POSITION + 1, COMPLIANCE_POSITION))},` : ',');
      rows[row + 1] = out.length;
      out.text(COMPLIANCE_POSITION < values.length - 1 ? `,${jsonValues(values.slice(COMPLIANCE_POSITION + 1))}]\n` : ']\n');
      rows[row + 2] = out.length;
      rows[row + 3] = check;
      rows[row + 4] = requirements;
    });
    return { bytes: out.view(), rows, checks, firstCheck, compliance, firstCompliance };
  };
}

/** Numbers an encoder gave its entries, turned into the file's as the rows reach the file. */
class EntryNumbering {
  private readonly numbers = new Map<string, number>();
  /** Per source: its numbers → the file's (-1 until its first row is assembled), and the entries not yet written. */
  private readonly sources = new Map<number, { readonly fileNumbers: number[]; readonly pending: (HtmlEntry | undefined)[] }>();

  learn(source: number, first: number, entries: readonly HtmlEntry[]): void {
    let known = this.sources.get(source);
    if (!known) {
      known = { fileNumbers: [], pending: [] };
      this.sources.set(source, known);
    }
    entries.forEach((entry, offset) => {
      known.fileNumbers[first + offset] = -1;
      known.pending[first + offset] = entry;
    });
  }

  /** The file's number of the source's entry `number`; a new entry's line is appended to `out` first. */
  fileNumber(source: number, number: number, out: ByteBuilder): number {
    if (number < 0) return number;
    const known = this.sources.get(source)!;
    const fileNumber = known.fileNumbers[number]!;
    if (fileNumber >= 0) return fileNumber;
    const entry = known.pending[number]!;
    known.pending[number] = undefined;
    let assigned = this.numbers.get(entry.key);
    if (assigned === undefined) {
      assigned = this.numbers.size;
      this.numbers.set(entry.key, assigned);
      out.text(entry.line);
    }
    known.fileNumbers[number] = assigned;
    return assigned;
  }
}

export function htmlCodec(scan: ScanInfo, script: string, options: HtmlWriterOptions = {}): FindingFileCodec<HtmlPart> {
  return {
    format: 'html',
    encoder: htmlRecordEncoder,
    assembler: () => {
      const checks = new EntryNumbering();
      const compliance = new EntryNumbering();
      const out = new ByteBuilder();
      return {
        header: pageStart(scan),
        assemble(part, source) {
          checks.learn(source, part.firstCheck, part.checks);
          compliance.learn(source, part.firstCompliance, part.compliance);
          out.reset();
          const { rows, bytes } = part;
          let start = 0;
          for (let row = 0; row < rows.length; row += HTML_ROW_SLOTS) {
            // Entries first: a row refers only to entries above it.
            const check = checks.fileNumber(source, rows[row + 3]!, out);
            const requirements = compliance.fileNumber(source, rows[row + 4]!, out);
            out.bytes(bytes, start, rows[row]);
            out.integer(check);
            out.bytes(bytes, rows[row], rows[row + 1]);
            out.integer(requirements);
            out.bytes(bytes, rows[row + 1], rows[row + 2]);
            start = rows[row + 2]!;
          }
          return [out.view()];
        },
        footer: () => {
          const reports = complianceDocument(options.compliance?.() ?? []);
          return `</script>\n<script type="application/json" id="compliance">${scriptJson(reports)}</script>\n<script>\n${script}\n</script>\n</body>\n</html>\n`;
        },
      };
    },
  };
}

/** The client script the report embeds; read once per report (a worker thread's encoder does not need it). */
async function loadReportScript(): Promise<string> {
  let script: string;
  try {
    script = await readFile(REPORT_SCRIPT_URL, 'utf8');
  } catch (cause) {
    throw new PalisadeError('INTERNAL', `The HTML report script is missing (${REPORT_SCRIPT_URL.pathname}); it must ship beside the outputs package.`, { cause });
  }
  // Either sequence would end or corrupt the inline script element in the report.
  if (/<\/script|<!--/i.test(script)) throw new PalisadeError('INTERNAL', 'The HTML report script must not contain "</script" or "<!--".');
  return script;
}

function checkEntry(check: FindingCheck) {
  return {
    id: check.id,
    service: check.service,
    title: check.title,
    description: check.description,
    severity: check.severity,
    resourceType: check.resourceType,
    risk: check.risk,
    remediation: check.remediation,
    references: check.references,
    categories: check.categories,
  };
}

/** Positions of a requirement's per-account result; the client reads the names from the document. */
export const HTML_COMPLIANCE_RESULT_FIELDS = ['status', 'reason', 'PASS', 'FAIL', 'MANUAL', 'ERROR', 'muted'] as const;

/**
 * The compliance status the report shows, compact enough for thousands of accounts: each
 * requirement's per-account results are arrays (HTML_COMPLIANCE_RESULT_FIELDS) in the order of the
 * framework's `accountIds`.
 */
export function complianceDocument(reports: readonly ComplianceReport[]) {
  const counts = (value: FindingCounts) => ({ PASS: value.PASS, FAIL: value.FAIL, MANUAL: value.MANUAL, ERROR: value.ERROR, muted: value.muted });
  return {
    resultFields: HTML_COMPLIANCE_RESULT_FIELDS,
    frameworks: reports.map((report) => {
      const accountIds = [...new Set(report.requirements.flatMap((requirement) => requirement.accounts.map((result) => result.accountId)))].sort();
      const position = new Map(accountIds.map((accountId, index) => [accountId, index]));
      return {
        id: report.framework,
        name: report.name,
        version: report.version,
        accountIds,
        accounts: report.accounts.map((account) => ({
          accountId: account.accountId,
          accountName: account.accountName ?? '',
          evaluated: account.evaluated,
          passed: account.passed,
          failed: account.failed,
          notEvaluated: account.notEvaluated,
          manual: account.manual,
          requirementScore: account.requirementScore,
          findings: counts(account.findings),
          findingScore: account.findingScore,
        })),
        sections: report.sections.map((section) => ({
          section: section.section,
          automated: section.automated,
          passed: section.passed,
          evaluated: section.evaluated,
          passedResults: section.passedResults,
          resultScore: section.resultScore,
          accounts: section.accounts.map((account) => ({ accountId: account.accountId, evaluated: account.evaluated, passed: account.passed, score: account.score })),
        })),
        requirements: report.requirements.map((requirement) => {
          const results: unknown[] = accountIds.map(() => null);
          for (const result of requirement.accounts) {
            results[position.get(result.accountId)!] = [result.status, result.reason, result.counts.PASS, result.counts.FAIL, result.counts.MANUAL, result.counts.ERROR, result.counts.muted];
          }
          return {
            id: requirement.id,
            title: requirement.title,
            section: requirement.section,
            subsection: requirement.subsection ?? '',
            level: requirement.level,
            assessment: requirement.assessment,
            status: requirement.status,
            reason: requirement.reason,
            checks: requirement.checks,
            counts: counts(requirement.counts),
            results,
          };
        }),
      };
    }),
  };
}

function findingRow(finding: Finding, check: number, compliance: number): unknown[] {
  const values: Record<HtmlFindingField, unknown> = {
    uid: finding.uid,
    check,
    status: finding.status,
    severity: finding.severity,
    accountId: finding.accountId,
    accountName: finding.accountName ?? finding.organization?.accountName ?? '',
    region: finding.region,
    resourceUid: finding.resource.uid,
    resourceName: finding.resource.name,
    resourceType: finding.resource.type,
    tags: finding.resource.tags && Object.keys(finding.resource.tags).length ? finding.resource.tags : null,
    message: finding.message,
    muted: finding.muted ?? null,
    error: finding.error ?? null,
    time: finding.time,
    compliance,
  };
  return HTML_FINDING_FIELDS.map((field) => values[field]);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function pageStart(scan: ScanInfo): string {
  const header = { scanId: scan.scanId, startedAt: scan.startedAt, productVersion: scan.productVersion, fields: HTML_FINDING_FIELDS };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Palisade ${escapeHtml(scan.productVersion)}">
<title>Palisade findings · ${escapeHtml(scan.scanId)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<div id="app"><p class="loading">Loading findings…</p><noscript><p>This report needs JavaScript to display its findings.</p></noscript></div>
<script type="application/json" id="scan">${scriptJson(header)}</script>
<script type="application/json" id="findings">
`;
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5c6474; --bg: #ffffff; --panel: #f4f6f9; --line: #d9dee7; --accent: #2456c7;
  --fail: #c62828; --pass: #2e7d32; --manual: #b26a00; --error: #6a1b9a; --mute: #6b7280;
  --critical: #7f1d1d; --high: #c62828; --medium: #d97706; --low: #2563eb; --informational: #6b7280; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a3abba; --bg: #14171d; --panel: #1d2129; --line: #323845; --accent: #7aa2ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
#app { padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta, .sub, .table-info, .page-info { color: var(--muted); }
.sub { font-size: 12px; word-break: break-all; }
.summary { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; margin: 16px 0; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { display: flex; flex-direction: column; min-width: 96px; padding: 10px 14px; border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; background: var(--panel); color: inherit; font: inherit; text-align: left; cursor: pointer; }
.card .count { font-size: 22px; font-weight: 600; }
.card.status-fail { border-left-color: var(--fail); } .card.status-pass { border-left-color: var(--pass); }
.card.status-manual { border-left-color: var(--manual); } .card.status-error { border-left-color: var(--error); }
.card.status-muted { border-left-color: var(--mute); }
table { border-collapse: collapse; }
.matrix th, .matrix td { padding: 4px 10px; border: 1px solid var(--line); text-align: right; }
.matrix th:first-child { text-align: left; text-transform: capitalize; }
.matrix td.has-count { cursor: pointer; font-weight: 600; } .matrix td.zero { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; padding: 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.filters label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted); }
.filters select, .filters input, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; }
.filters .search input { width: 280px; }
button { cursor: pointer; } button:disabled { opacity: .5; cursor: default; }
.findings { width: 100%; margin-top: 8px; table-layout: fixed; }
.findings th, .findings td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.findings th { position: sticky; top: 0; background: var(--panel); cursor: pointer; user-select: none; white-space: nowrap; }
.findings th:nth-child(1) { width: 110px; } .findings th:nth-child(2) { width: 110px; } .findings th:nth-child(4) { width: 90px; }
.findings th:nth-child(5) { width: 150px; } .findings th:nth-child(6) { width: 110px; }
.findings th.sorted-asc::after { content: " ▲"; } .findings th.sorted-desc::after { content: " ▼"; }
.findings tbody tr { cursor: pointer; } .findings tbody tr:hover, .findings tbody tr:focus { background: var(--panel); outline: none; }
.findings tr.muted { opacity: .65; }
.badge { display: inline-block; margin-right: 4px; padding: 1px 7px; border-radius: 10px; font-size: 11px; font-weight: 600; color: #fff; text-transform: uppercase; background: var(--mute); }
.status-fail.badge { background: var(--fail); } .status-pass.badge { background: var(--pass); } .status-manual.badge { background: var(--manual); }
.status-error.badge { background: var(--error); }
.severity-critical.badge { background: var(--critical); } .severity-high.badge { background: var(--high); } .severity-medium.badge { background: var(--medium); }
.severity-low.badge { background: var(--low); } .severity-informational.badge { background: var(--informational); }
.pager { display: flex; gap: 12px; align-items: center; margin-top: 12px; }
.detail { position: fixed; top: 0; right: 0; bottom: 0; width: min(640px, 100%); overflow: auto; padding: 20px 24px; background: var(--bg); border-left: 1px solid var(--line); box-shadow: -8px 0 24px rgba(0,0,0,.15); }
.detail[hidden] { display: none; }
.detail h2 { margin: 0 32px 8px 0; font-size: 18px; } .detail h3 { margin: 18px 0 4px; font-size: 14px; }
.detail .close { position: absolute; top: 12px; right: 12px; font-size: 18px; line-height: 1; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 12px 0; }
.detail dt { color: var(--muted); } .detail dd { margin: 0; overflow-wrap: anywhere; }
.mono, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { white-space: pre-wrap; padding: 8px 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; }
a { color: var(--accent); }
.tabs { display: flex; gap: 4px; margin: 12px 0 16px; border-bottom: 1px solid var(--line); }
.tab { border-radius: 6px 6px 0 0; border-bottom: none; padding: 6px 16px; background: var(--panel); }
.tab.active { background: var(--bg); font-weight: 600; position: relative; top: 1px; }
.view[hidden], tr[hidden] { display: none; }
.matrix tbody tr.has-count { cursor: pointer; } .matrix tr.selected th, .matrix tr.selected td { background: var(--panel); }
.matrix th { white-space: nowrap; } .matrix.account-counts th, .matrix.compliance-accounts th { text-transform: none; text-align: left; }
.accounts h3, .compliance-section h3 { margin: 20px 0 6px; font-size: 15px; }
.compliance-section h3 .score { font-weight: normal; font-size: 13px; color: var(--muted); }
.requirements { width: 100%; table-layout: fixed; }
.requirements th, .requirements td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.requirements th { background: var(--panel); }
.requirements th:nth-child(1) { width: 100px; } .requirements th:nth-child(3) { width: 210px; } .requirements th:nth-child(4) { width: 220px; } .requirements th:nth-child(5) { width: 170px; }
.requirements tr.requirement { cursor: pointer; } .requirements tr.requirement:hover, .requirements tr.requirement:focus { background: var(--panel); outline: none; }
.requirement-findings > td { padding: 4px 8px 12px 24px; background: var(--panel); }
.evidence { width: 100%; table-layout: fixed; } .evidence td { padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
.evidence tr { cursor: pointer; } .evidence tr.muted { opacity: .65; } .evidence td:first-child { width: 130px; } .evidence td:nth-child(2) { width: 240px; }
`;
