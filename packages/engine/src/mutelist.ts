/**
 * The mutelist: rules that mark findings as muted (still reported, never counted for the exit
 * code). Accepts the widely used YAML layout
 *
 *   Mutelist:
 *     Accounts:
 *       "123456789012" | "*":
 *         Checks:
 *           "<check id, name or regex>":
 *             Regions: [..]        # regex or "*"
 *             Resources: [..]      # regex matched against the resource ARN and name
 *             Tags: ["env=dev", "team=a|team=b"]   # every entry must match; `|` is regex OR
 *             Exceptions: { Accounts, Regions, Resources, Tags }
 *             Reason: "why"        # required for Palisade (Description is accepted as an alias)
 *             Expires: 2026-12-31  # optional; an expired rule no longer mutes
 *
 * A check key matches our id (`aws/s3-bucket-versioning-enabled`), the bare name
 * (`s3-bucket-versioning-enabled`) or its underscore form (`s3_bucket_versioning_enabled`), exactly
 * or as a regex; `*` matches every check.
 */
import type { Finding, MuteInfo } from '@palisade/core';
import { loadYamlFile, parseYamlText } from './yaml-input.ts';
import type { LoadedYaml } from './yaml-input.ts';

interface Matcher {
  readonly source: string;
  test(value: string): boolean;
}

interface Criteria {
  readonly accounts: readonly Matcher[];
  readonly regions: readonly Matcher[];
  readonly resources: readonly Matcher[];
  readonly tags: readonly Matcher[];
}

export interface MuteRule {
  readonly account: string;
  readonly check: string;
  readonly checkMatcher: Matcher;
  readonly regions: readonly Matcher[];
  readonly resources: readonly Matcher[];
  readonly tags: readonly Matcher[];
  readonly exceptions?: Criteria;
  readonly reason: string;
  readonly expires?: Date;
  readonly line?: number;
}

export interface Mutelist {
  readonly file: string;
  readonly rules: readonly MuteRule[];
  /** Rules whose expiry has passed: reported so they are renewed or removed. */
  readonly expired: readonly MuteRule[];
  /** The mute for a finding, or undefined. */
  match(finding: Pick<Finding, 'accountId' | 'region' | 'resource'> & { readonly check: { readonly id: string } }): MuteInfo | undefined;
}

export async function loadMutelist(file: string, now: Date = new Date()): Promise<Mutelist> {
  return buildMutelist(await loadYamlFile(file, 'MUTELIST_INVALID'), now);
}

export function parseMutelist(text: string, file: string, now: Date = new Date()): Mutelist {
  return buildMutelist(parseYamlText(text, file, 'MUTELIST_INVALID'), now);
}

function buildMutelist(input: LoadedYaml, now: Date): Mutelist {
  const root = expectObject(input, [], input.value, 'the file must be a mapping with a top-level "Mutelist" key');
  const unknownTop = Object.keys(root).filter((key) => key !== 'Mutelist');
  if (unknownTop.length) throw input.error([unknownTop[0]!], `unknown top-level key "${unknownTop[0]}" (expected "Mutelist")`);
  const mutelist = expectObject(input, ['Mutelist'], root['Mutelist'], 'must be a mapping with an "Accounts" key');
  const accounts = expectObject(input, ['Mutelist', 'Accounts'], mutelist['Accounts'], 'must map account ids (or "*") to rules');
  const rules: MuteRule[] = [];
  const expired: MuteRule[] = [];
  for (const [account, accountValue] of Object.entries(accounts)) {
    if (account !== '*' && !/^\d{12}$/.test(account)) {
      throw input.error(['Mutelist', 'Accounts', account], `account key "${account}" must be a 12-digit account id or "*"`);
    }
    const accountBody = expectObject(input, ['Mutelist', 'Accounts', account], accountValue, 'must be a mapping with a "Checks" key');
    const checks = expectObject(input, ['Mutelist', 'Accounts', account, 'Checks'], accountBody['Checks'], 'must map check ids to rules');
    for (const [check, ruleValue] of Object.entries(checks)) {
      const path = ['Mutelist', 'Accounts', account, 'Checks', check];
      const rule = expectObject(input, path, ruleValue, 'must be a mapping with Regions and Resources');
      const allowed = new Set(['Regions', 'Resources', 'Tags', 'Exceptions', 'Reason', 'Description', 'Expires']);
      for (const key of Object.keys(rule)) if (!allowed.has(key)) throw input.error([...path, key], `unknown field "${key}"`);
      const regions = matchers(input, [...path, 'Regions'], rule['Regions'], true);
      const resources = matchers(input, [...path, 'Resources'], rule['Resources'], true);
      const tags = matchers(input, [...path, 'Tags'], rule['Tags'], false);
      const reasonValue = rule['Reason'] ?? rule['Description'];
      if (typeof reasonValue !== 'string' || !reasonValue.trim()) {
        throw input.error(path, 'every rule needs a "Reason" (or "Description") saying why the findings are muted');
      }
      const expires = parseExpiry(input, [...path, 'Expires'], rule['Expires']);
      const exceptions = rule['Exceptions'] === undefined ? undefined : parseExceptions(input, [...path, 'Exceptions'], rule['Exceptions']);
      const line = input.lineOf(path);
      const built: MuteRule = {
        account,
        check,
        checkMatcher: checkMatcher(input, path, check),
        regions,
        resources,
        tags,
        reason: reasonValue.trim(),
        ...(exceptions ? { exceptions } : {}),
        ...(expires ? { expires } : {}),
        ...(line === undefined ? {} : { line }),
      };
      if (expires && expires.getTime() <= now.getTime()) expired.push(built);
      else rules.push(built);
    }
  }
  return {
    file: input.file,
    rules,
    expired,
    match(finding) {
      const names = checkNames(finding.check.id);
      const tagText = Object.entries(finding.resource.tags ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join(' | ');
      for (const rule of rules) {
        if (rule.account !== '*' && rule.account !== finding.accountId) continue;
        if (!names.some((name) => rule.checkMatcher.test(name))) continue;
        if (!anyMatches(rule.regions, [finding.region])) continue;
        if (!anyMatches(rule.resources, [finding.resource.uid, finding.resource.name])) continue;
        if (rule.tags.length && !rule.tags.every((tag) => tag.test(tagText))) continue;
        if (rule.exceptions && isExcepted(rule.exceptions, finding.accountId, finding.region, finding.resource, tagText)) continue;
        return {
          reason: rule.reason,
          rule: `${rule.account}/${rule.check}`,
          ...(rule.expires ? { expires: rule.expires.toISOString().slice(0, 10) } : {}),
        };
      }
      return undefined;
    },
  };
}

function isExcepted(exceptions: Criteria, accountId: string, region: string, resource: { uid: string; name: string }, tagText: string): boolean {
  const lists = [exceptions.accounts, exceptions.regions, exceptions.resources, exceptions.tags];
  // An exception with no criteria at all would except everything; treat it as no exception.
  if (lists.every((list) => list.length === 0)) return false;
  return (
    (exceptions.accounts.length === 0 || anyMatches(exceptions.accounts, [accountId])) &&
    (exceptions.regions.length === 0 || anyMatches(exceptions.regions, [region])) &&
    (exceptions.resources.length === 0 || anyMatches(exceptions.resources, [resource.uid, resource.name])) &&
    (exceptions.tags.length === 0 || exceptions.tags.every((tag) => tag.test(tagText)))
  );
}

function anyMatches(list: readonly Matcher[], values: readonly string[]): boolean {
  return list.some((matcher) => values.some((value) => matcher.test(value)));
}

/** `aws/s3-bucket-x` → ['aws/s3-bucket-x', 's3-bucket-x', 's3_bucket_x']. */
function checkNames(id: string): string[] {
  const bare = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
  return [id, bare, bare.replaceAll('-', '_')];
}

function checkMatcher(input: LoadedYaml, path: (string | number)[], key: string): Matcher {
  if (key === '*') return { source: key, test: () => true };
  const regex = compile(input, path, key);
  const exact = new Set(checkNames(key));
  return { source: key, test: (name) => exact.has(name) || regex.test(name) };
}

function compile(input: LoadedYaml, path: (string | number)[], pattern: string): RegExp {
  // A leading "*" is a wildcard, not a regex quantifier.
  const source = pattern === '*' ? '.*' : pattern.startsWith('*') ? `.*${pattern.slice(1)}` : pattern;
  try {
    return new RegExp(source);
  } catch (cause) {
    throw input.error(path, `invalid pattern "${pattern}": ${(cause as Error).message}`);
  }
}

function matchers(input: LoadedYaml, path: (string | number)[], value: unknown, required: boolean): Matcher[] {
  if (value === undefined || value === null) {
    if (required) throw input.error(path, `"${String(path.at(-1))}" is required (use ["*"] for all)`);
    return [];
  }
  if (!Array.isArray(value)) throw input.error(path, 'must be a list of strings');
  return value.map((item, index) => {
    if (typeof item !== 'string' && typeof item !== 'number') throw input.error([...path, index], 'must be a string');
    const text = String(item);
    const regex = compile(input, [...path, index], text);
    return { source: text, test: (candidate: string) => regex.test(candidate) };
  });
}

function parseExceptions(input: LoadedYaml, path: (string | number)[], value: unknown): Criteria {
  const body = expectObject(input, path, value, 'must be a mapping of Accounts, Regions, Resources and Tags');
  for (const key of Object.keys(body)) {
    if (!['Accounts', 'Regions', 'Resources', 'Tags'].includes(key)) throw input.error([...path, key], `unknown field "${key}"`);
  }
  return {
    accounts: matchers(input, [...path, 'Accounts'], body['Accounts'], false),
    regions: matchers(input, [...path, 'Regions'], body['Regions'], false),
    resources: matchers(input, [...path, 'Resources'], body['Resources'], false),
    tags: matchers(input, [...path, 'Tags'], body['Tags'], false),
  };
}

function parseExpiry(input: LoadedYaml, path: (string | number)[], value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw input.error(path, 'must be a date such as 2026-12-31');
  return date;
}

function expectObject(input: LoadedYaml, path: (string | number)[], value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw input.error(path, message);
  return value as Record<string, unknown>;
}

