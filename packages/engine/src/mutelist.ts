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
 *             Tags: ["env=dev", "team=a|team=b"]   # every entry must match one tag; `|` is regex OR
 *             Exceptions: { Accounts, Regions, Resources, Tags }
 *             Reason: "why"        # required for Palisade (Description is accepted as an alias)
 *             Expires: 2026-12-31  # optional; an expired rule no longer mutes
 *
 * Every pattern must match the whole value (it is anchored at both ends): `logs` mutes the
 * resource named `logs`, not `prod-logs-archive`; write `.*logs.*` to match within a value. A
 * mute hides findings from the exit code, so a pattern that quietly matched more than it says
 * would hide failures no one meant to accept. A leading `*` is read as `.*`.
 *
 * A check key matches our id (`aws/s3-bucket-versioning-enabled`), the bare name
 * (`s3-bucket-versioning-enabled`) or its underscore form (`s3_bucket_versioning_enabled`), exactly
 * or as a regex; `*` matches every check.
 */
import { closestMatch } from '@palisade/core';
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
  /** `account/check`, the rule's keys: how findings (MuteInfo.rule) and reports name it. */
  readonly label: string;
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
        label: `${account}/${check}`,
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
      const tagPairs = Object.entries(finding.resource.tags ?? {}).map(([key, value]) => `${key}=${value}`);
      for (const rule of rules) {
        if (rule.account !== '*' && rule.account !== finding.accountId) continue;
        if (!names.some((name) => rule.checkMatcher.test(name))) continue;
        if (!anyMatches(rule.regions, [finding.region])) continue;
        if (!anyMatches(rule.resources, [finding.resource.uid, finding.resource.name])) continue;
        if (!allMatchSomeTag(rule.tags, tagPairs)) continue;
        if (rule.exceptions && isExcepted(rule.exceptions, finding.accountId, finding.region, finding.resource, tagPairs)) continue;
        return {
          reason: rule.reason,
          rule: rule.label,
          ...(rule.expires ? { expires: rule.expires.toISOString().slice(0, 10) } : {}),
        };
      }
      return undefined;
    },
  };
}

/** A problem that does not stop the mutelist from loading but deserves the user's eye. */
export interface MutelistWarning {
  readonly file: string;
  readonly line?: number;
  readonly rule: string;
  readonly message: string;
}

const REGEX_SYNTAX = /[\\^$.|?*+()[\]{}]/;

/**
 * Rules whose check key is a plain name (no regex syntax, not `*`) that names none of
 * `knownCheckIds` in any accepted form: such a rule mutes nothing, most often because of a typo.
 * Each warning suggests the closest known name, written in the form the key used.
 */
export function unknownCheckWarnings(mutelist: Mutelist, knownCheckIds: readonly string[]): MutelistWarning[] {
  const known = new Set(knownCheckIds.flatMap(checkNames));
  return [...mutelist.rules, ...mutelist.expired].flatMap((rule) => {
    if (rule.check === '*' || REGEX_SYNTAX.test(rule.check) || checkNames(rule.check).some((name) => known.has(name))) return [];
    // Suggest in the form the key was written in: full id, bare name or underscore name.
    const form = rule.check.includes('/') ? 0 : rule.check.includes('_') ? 2 : 1;
    const suggestion = closestMatch(
      rule.check,
      knownCheckIds.map((id) => checkNames(id)[form]!),
    );
    const where = rule.line === undefined ? mutelist.file : `${mutelist.file}:${rule.line}`;
    return [
      {
        file: mutelist.file,
        ...(rule.line === undefined ? {} : { line: rule.line }),
        rule: rule.label,
        message: `${where}: mutelist check key "${rule.check}" (account "${rule.account}") names no known check, so the rule mutes nothing${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      },
    ];
  });
}

/**
 * Patterns written like file globs (`prod-*`, `arn:aws:s3:::logs-*`): as regular expressions their
 * `*` repeats the character before it, so, matched against the whole value, `prod-*` mutes `prod`
 * and `prod--` but not `prod-db`. Each warning shows the pattern the user most likely meant.
 */
export function globLikePatternWarnings(mutelist: Mutelist): MutelistWarning[] {
  return [...mutelist.rules, ...mutelist.expired].flatMap((rule) => {
    const criteria = [rule.checkMatcher, ...rule.regions, ...rule.resources, ...rule.tags];
    if (rule.exceptions) criteria.push(...rule.exceptions.accounts, ...rule.exceptions.regions, ...rule.exceptions.resources, ...rule.exceptions.tags);
    const where = rule.line === undefined ? mutelist.file : `${mutelist.file}:${rule.line}`;
    return [...new Set(criteria.map((matcher) => matcher.source))].flatMap((pattern) => {
      const meant = globToRegex(pattern);
      if (meant === undefined) return [];
      return [
        {
          file: mutelist.file,
          ...(rule.line === undefined ? {} : { line: rule.line }),
          rule: rule.label,
          message: `${where}: pattern "${pattern}" (rule ${rule.label}) is a regular expression matched against the whole value, where "*" repeats the character before it; write "${meant}" to match any text there`,
        },
      ];
    });
  });
}

/** `prod-*` → `prod-.*`; undefined when no `*` follows a plain character (so the pattern reads as intended). */
function globToRegex(pattern: string): string | undefined {
  if (pattern === '*') return undefined;
  let changed = false;
  let out = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    const previous = index === 0 ? undefined : pattern[index - 1];
    // A leading `*` is already read as `.*`; after `.`, `)`, `]`, `}` or another quantifier the `*`
    // is a deliberate quantifier, and after `\\` a literal star.
    if (char === '*' && previous !== undefined && !'.)]}*+?\\'.includes(previous)) {
      out += '.*';
      changed = true;
    } else {
      out += char;
    }
  }
  return changed ? out : undefined;
}

function isExcepted(exceptions: Criteria, accountId: string, region: string, resource: { uid: string; name: string }, tagPairs: readonly string[]): boolean {
  const lists = [exceptions.accounts, exceptions.regions, exceptions.resources, exceptions.tags];
  // An exception with no criteria at all would except everything; treat it as no exception.
  if (lists.every((list) => list.length === 0)) return false;
  return (
    (exceptions.accounts.length === 0 || anyMatches(exceptions.accounts, [accountId])) &&
    (exceptions.regions.length === 0 || anyMatches(exceptions.regions, [region])) &&
    (exceptions.resources.length === 0 || anyMatches(exceptions.resources, [resource.uid, resource.name])) &&
    (exceptions.tags.length === 0 || allMatchSomeTag(exceptions.tags, tagPairs))
  );
}

/** Every Tags entry matches one of the resource's `key=value` pairs (vacuously true with no entries). */
function allMatchSomeTag(entries: readonly Matcher[], tagPairs: readonly string[]): boolean {
  return entries.every((entry) => tagPairs.some((pair) => entry.test(pair)));
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
    // Checked alone first: wrapped, a pattern such as `a)(b` would compile yet mean something else.
    new RegExp(source);
    // Anchored as a whole, so each `|` alternative must match the whole value too.
    return new RegExp(`^(?:${source})$`);
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

