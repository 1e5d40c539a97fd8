/**
 * Parses the IAM credential report (GetCredentialReport, CSV). Columns are located by header name,
 * so added or reordered columns do not shift values. Anything unexpected yields a
 * `MalformedCredentialReport` error rather than a guess: a misread report would make checks lie.
 */
import type { Fetched } from '@palisade/core';
import type { IamCredentialReportRow, IamReportAccessKey, IamReportCertificate } from '@palisade/core/aws';

export const CREDENTIAL_REPORT_API = 'iam:GetCredentialReport';

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...[1, 2].flatMap((n) => [
    `access_key_${n}_active`,
    `access_key_${n}_last_rotated`,
    `access_key_${n}_last_used_date`,
    `access_key_${n}_last_used_region`,
    `access_key_${n}_last_used_service`,
  ]),
  ...[1, 2].flatMap((n) => [`cert_${n}_active`, `cert_${n}_last_rotated`]),
] as const;

/** Values IAM writes where a field has no value (never used, not applicable, or not tracked). */
const NO_VALUE = new Set(['N/A', 'no_information', 'not_supported']);

class MalformedReport extends Error {}

/** Decodes and parses the report bytes (or text). Never throws. */
export function parseCredentialReport(content: Uint8Array | string | undefined): Fetched<IamCredentialReportRow[]> {
  try {
    if (content === undefined) throw new MalformedReport('the report has no content');
    const text = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: true }).decode(content);
    return { value: parseRows(text) };
  } catch (thrown) {
    if (thrown instanceof MalformedReport) return malformed(thrown.message);
    // TextDecoder rejects bytes that are not UTF-8; that is a malformed report too.
    if (thrown instanceof TypeError) return malformed(`the report is not UTF-8 text: ${thrown.message}`);
    throw thrown;
  }
}

function malformed(message: string): Fetched<IamCredentialReportRow[]> {
  return { error: { api: CREDENTIAL_REPORT_API, code: 'MalformedCredentialReport', message } };
}

function parseRows(text: string): IamCredentialReportRow[] {
  const records = parseCsv(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const header = records[0];
  if (!header) throw new MalformedReport('the report is empty');
  const index = new Map<string, number>();
  header.forEach((name, position) => index.set(name.trim(), position));
  const missing = REQUIRED_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) throw new MalformedReport(`the report header lacks ${missing.join(', ')}`);

  return records.slice(1).map((record, offset) => {
    const line = offset + 2;
    if (record.length !== header.length) {
      throw new MalformedReport(`line ${line} has ${record.length} fields, the header has ${header.length}`);
    }
    const field = new FieldReader(record, index, line);
    const accessKey = (n: 1 | 2): IamReportAccessKey => ({
      active: field.boolean(`access_key_${n}_active`),
      lastRotated: field.date(`access_key_${n}_last_rotated`),
      lastUsedDate: field.date(`access_key_${n}_last_used_date`),
      lastUsedRegion: field.text(`access_key_${n}_last_used_region`),
      lastUsedService: field.text(`access_key_${n}_last_used_service`),
    });
    const certificate = (n: 1 | 2): IamReportCertificate => ({
      active: field.boolean(`cert_${n}_active`),
      lastRotated: field.date(`cert_${n}_last_rotated`),
    });
    const userCreationTime = field.date('user_creation_time');
    if (userCreationTime === null) throw new MalformedReport(`line ${line}: user_creation_time has no value`);
    return {
      user: field.required('user'),
      arn: field.required('arn'),
      userCreationTime,
      passwordEnabled: field.raw('password_enabled') === 'not_supported' ? 'not_supported' : field.boolean('password_enabled'),
      passwordLastUsed: field.date('password_last_used'),
      passwordLastChanged: field.date('password_last_changed'),
      passwordNextRotation: field.date('password_next_rotation'),
      mfaActive: field.boolean('mfa_active'),
      accessKeys: [accessKey(1), accessKey(2)],
      certificates: [certificate(1), certificate(2)],
    };
  });
}

class FieldReader {
  constructor(
    private readonly record: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly line: number,
  ) {}

  raw(column: string): string {
    const position = this.index.get(column);
    const value = position === undefined ? undefined : this.record[position];
    if (value === undefined) throw new MalformedReport(`line ${this.line}: no ${column} field`);
    return value.trim();
  }

  required(column: string): string {
    const value = this.raw(column);
    if (value === '' || NO_VALUE.has(value)) throw new MalformedReport(`line ${this.line}: ${column} has no value`);
    return value;
  }

  text(column: string): string | null {
    const value = this.raw(column);
    return value === '' || NO_VALUE.has(value) ? null : value;
  }

  boolean(column: string): boolean {
    const value = this.raw(column);
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new MalformedReport(`line ${this.line}: ${column} is "${value}", expected true or false`);
  }

  date(column: string): string | null {
    const value = this.text(column);
    if (value === null) return null;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new MalformedReport(`line ${this.line}: ${column} is "${value}", expected a date`);
    return new Date(time).toISOString();
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let i = 0;
  const endRecord = () => {
    if (fieldStarted || record.length > 0) {
      record.push(field);
      records.push(record);
    }
    record = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        const after = text[i + 1];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          throw new MalformedReport(`unexpected character after a closing quote in record ${records.length + 1}`);
        }
      } else {
        field += char;
      }
      i += 1;
      continue;
    }
    if (char === '"') {
      if (field !== '') throw new MalformedReport(`a quote inside an unquoted field in record ${records.length + 1}`);
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
    } else {
      field += char;
      fieldStarted = true;
    }
    i += 1;
  }
  if (quoted) throw new MalformedReport(`an unterminated quoted field in record ${records.length + 1}`);
  endRecord();
  return records;
}
