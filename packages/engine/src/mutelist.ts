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
 * Account ids and patterns must be strings: an unquoted `012345678901` is the YAML number
 * 12345678901, which would match no account, so a number (or boolean, or null) is refused with the
 * quoted form to write instead.
 *
 * A check key matches our id (`aws/s3-bucket-versioning-enabled`), the bare name
 * (`s3-bucket-versioning-enabled`) or its underscore form (`s3_bucket_versioning_enabled`), exactly
 * or as a regex; `*` matches every check.
 */
import { InputError, closestMatch } from '@palisade/core';
import type { Finding, MuteInfo } from '@palisade/core';
import { AWS_ACCOUNT_ID_FORMAT } from './aws-provider.ts';
import type { ScopeIdFormat } from './provider.ts';
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

/**
 * A mutelist as plain data (JSON-safe: pattern strings, ISO expiry): what a scan request carries,
 * already read and validated. `compileMutelist` turns it into the matcher the engine applies.
 */
export interface MutelistSpec {
  /** The file it was read from: reports name a rule by `file:line`. */
  readonly file: string;
  /** In file order, expired rules included (whether a rule has expired is decided when compiled). */
  readonly rules: readonly MuteRuleSpec[];
}

/** Patterns (regular expressions matched against whole values, a leading `*` read as `.*`). */
export interface MuteCriteriaSpec {
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly resources: readonly string[];
  readonly tags: readonly string[];
}

export interface MuteRuleSpec {
  /** A scope id in the provider's format (AWS: a 12-digit account id; Azure: a subscription or tenant GUID) or `*`. */
  readonly account: string;
  /** The check key as written: an id, a bare or underscore name, a regex or `*`. */
  readonly check: string;
  readonly regions: readonly string[];
  readonly resources: readonly string[];
  /** `key=value` patterns; every one must match one of the resource's tags. */
  readonly tags: readonly string[];
  readonly exceptions?: MuteCriteriaSpec;
  readonly reason: string;
  /** ISO time after which the rule no longer mutes. */
  readonly expires?: string;
  /** Line of the rule in `file`. */
  readonly line?: number;
}

export interface Mutelist {
  readonly file: string;
  /** The plain data it was compiled from. */
  readonly spec: MutelistSpec;
  readonly rules: readonly MuteRule[];
  /** Rules whose expiry has passed: reported so they are renewed or removed. */
  readonly expired: readonly MuteRule[];
  /** The mute for a finding, or undefined. */
  match(finding: Pick<Finding, 'accountId' | 'region' | 'resource'> & { readonly check: { readonly id: string } }): MuteInfo | undefined;
}

/**
 * `scopeIds`: how the scan's provider writes a scope id, which account keys must follow (AWS, the
 * default: 12 digits); another provider's scopes (a subscription, a project) have other ids.
 */
/** The mutelist's rules as the summary lists them: each by its label, located at `file:line` when known. */
export function muteRuleRefs(mutelist: Mutelist): { rule: string; location?: string }[] {
  return mutelist.rules.map((rule) => ({ rule: rule.label, ...(rule.line === undefined ? {} : { location: `${mutelist.file}:${rule.line}` }) }));
}

export async function loadMutelist(file: string, now: Date = new Date(), scopeIds: ScopeIdFormat = AWS_ACCOUNT_ID_FORMAT): Promise<Mutelist> {
  return buildMutelist(await loadYamlFile(file, 'MUTELIST_INVALID'), now, scopeIds);
}

export function parseMutelist(text: string, file: string, now: Date = new Date(), scopeIds: ScopeIdFormat = AWS_ACCOUNT_ID_FORMAT): Mutelist {
  return buildMutelist(parseYamlText(text, file, 'MUTELIST_INVALID'), now, scopeIds);
}

function buildMutelist(input: LoadedYaml, now: Date, scopeIds: ScopeIdFormat): Mutelist {
  return compileMutelist(readMutelistSpec(input, scopeIds), now);
}

/** Validates the YAML document, naming the line and field of the first problem. */
function readMutelistSpec(input: LoadedYaml, scopeIds: ScopeIdFormat): MutelistSpec {
  const root = expectObject(input, [], input.value, 'the file must be a mapping with a top-level "Mutelist" key');
  const unknownTop = Object.keys(root).filter((key) => key !== 'Mutelist');
  if (unknownTop.length) throw input.error([unknownTop[0]!], `unknown top-level key "${unknownTop[0]}" (expected "Mutelist")`);
  const mutelist = expectObject(input, ['Mutelist'], root['Mutelist'], 'must be a mapping with an "Accounts" key');
  const accounts = expectObject(input, ['Mutelist', 'Accounts'], mutelist['Accounts'], 'must map account ids (or "*") to rules');
  const rules: MuteRuleSpec[] = [];
  for (const [account, accountValue] of Object.entries(accounts)) {
    const unquotedKey = input.nonStringScalar(['Mutelist', 'Accounts', account], 'key');
    if (unquotedKey && !isLosslessNumber(unquotedKey)) throw input.error(['Mutelist', 'Accounts', account], `account key ${unquotedKey.source} ${unquoted(unquotedKey)}`);
    if (account !== '*' && !scopeIds.pattern.test(account)) {
      throw input.error(['Mutelist', 'Accounts', account], `account key "${account}" must be ${scopeIds.description} or "*"`);
    }
    const accountBody = expectObject(input, ['Mutelist', 'Accounts', account], accountValue, 'must be a mapping with a "Checks" key');
    const checks = expectObject(input, ['Mutelist', 'Accounts', account, 'Checks'], accountBody['Checks'], 'must map check ids to rules');
    for (const [check, ruleValue] of Object.entries(checks)) {
      const path = ['Mutelist', 'Accounts', account, 'Checks', check];
      const rule = expectObject(input, path, ruleValue, 'must be a mapping with Regions and Resources');
      const allowed = new Set(['Regions', 'Resources', 'Tags', 'Exceptions', 'Reason', 'Description', 'Expires']);
      for (const key of Object.keys(rule)) if (!allowed.has(key)) throw input.error([...path, key], `unknown field "${key}"`);
      const regions = patterns(input, [...path, 'Regions'], rule['Regions'], true);
      const resources = patterns(input, [...path, 'Resources'], rule['Resources'], true);
      const tags = patterns(input, [...path, 'Tags'], rule['Tags'], false);
      const reasonValue = rule['Reason'] ?? rule['Description'];
      if (typeof reasonValue !== 'string' || !reasonValue.trim()) {
        throw input.error(path, 'every rule needs a "Reason" (or "Description") saying why the findings are muted');
      }
      const expires = parseExpiry(input, [...path, 'Expires'], rule['Expires']);
      const exceptions = rule['Exceptions'] === undefined ? undefined : parseExceptions(input, [...path, 'Exceptions'], rule['Exceptions']);
      // The key after the fields: a rule with several problems reports its fields first, as it always has.
      if (check !== '*') checkPattern(input, path, check);
      const line = input.lineOf(path);
      rules.push({
        account,
        check,
        regions,
        resources,
        tags,
        ...(exceptions ? { exceptions } : {}),
        reason: reasonValue.trim(),
        ...(expires ? { expires: expires.toISOString() } : {}),
        ...(line === undefined ? {} : { line }),
      });
    }
  }
  return { file: input.file, rules };
}

/**
 * The mutelist a scan applies, from its plain data. Rules whose expiry is at or before `now` are
 * set apart (reported, never applied). A pattern that does not compile is a MUTELIST_INVALID error
 * naming the rule's field; a spec read by `loadMutelist` or checked by `parseScanRequest` has none.
 */
export function compileMutelist(spec: MutelistSpec, now: Date = new Date()): Mutelist {
  const rules: MuteRule[] = [];
  const expired: MuteRule[] = [];
  spec.rules.forEach((rule, index) => {
    const field = `rules[${index}]`;
    const list = (name: string, values: readonly string[]) => values.map((value, at) => patternMatcher(value, `${field}.${name}[${at}]`, spec.file));
    const expires = rule.expires === undefined ? undefined : new Date(rule.expires);
    const built: MuteRule = {
      label: `${rule.account}/${rule.check}`,
      account: rule.account,
      check: rule.check,
      checkMatcher: checkKeyMatcher(rule.check, `${field}.check`, spec.file),
      regions: list('regions', rule.regions),
      resources: list('resources', rule.resources),
      tags: list('tags', rule.tags),
      reason: rule.reason,
      ...(rule.exceptions
        ? {
            exceptions: {
              accounts: list('exceptions.accounts', rule.exceptions.accounts),
              regions: list('exceptions.regions', rule.exceptions.regions),
              resources: list('exceptions.resources', rule.exceptions.resources),
              tags: list('exceptions.tags', rule.exceptions.tags),
            },
          }
        : {}),
      ...(expires ? { expires } : {}),
      ...(rule.line === undefined ? {} : { line: rule.line }),
    };
    if (expires && expires.getTime() <= now.getTime()) expired.push(built);
    else rules.push(built);
  });
  return {
    file: spec.file,
    spec,
    rules,
    expired,
    match(finding) {
      const names = checkNames(finding.check.id);
      const tagPairs = Object.entries(finding.resource.tags ?? {}).map(([key, value]) => `${key}=${value}`);
      // Azure's ids are GUIDs, which ARM and the portal write in either case.
      const accountId = finding.accountId.toLowerCase();
      for (const rule of rules) {
        if (rule.account !== '*' && rule.account.toLowerCase() !== accountId) continue;
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

function checkKeyMatcher(key: string, field: string, file: string): Matcher {
  if (key === '*') return { source: key, test: () => true };
  const regex = patternRegex(key, field, file);
  const exact = new Set(checkNames(key));
  return { source: key, test: (name) => exact.has(name) || regex.test(name) };
}

function patternMatcher(pattern: string, field: string, file: string): Matcher {
  const regex = patternRegex(pattern, field, file);
  return { source: pattern, test: (candidate: string) => regex.test(candidate) };
}

function patternRegex(pattern: string, field: string, file: string): RegExp {
  const problem = mutePatternProblem(pattern);
  if (problem !== undefined) throw new InputError('MUTELIST_INVALID', `invalid pattern "${pattern}": ${problem}`, { file, field });
  return new RegExp(`^(?:${patternSource(pattern)})$`);
}

/** A leading "*" is a wildcard, not a regex quantifier. */
function patternSource(pattern: string): string {
  return pattern === '*' ? '.*' : pattern.startsWith('*') ? `.*${pattern.slice(1)}` : pattern;
}

/** Why a mutelist pattern does not compile, or undefined when it does. */
export function mutePatternProblem(pattern: string): string | undefined {
  const source = patternSource(pattern);
  try {
    // Checked alone first: wrapped, a pattern such as `a)(b` would compile yet mean something else.
    new RegExp(source);
    // Anchored as a whole, so each `|` alternative must match the whole value too.
    new RegExp(`^(?:${source})$`);
    return undefined;
  } catch (cause) {
    return (cause as Error).message;
  }
}

function checkPattern(input: LoadedYaml, path: (string | number)[], pattern: string): string {
  const problem = mutePatternProblem(pattern);
  if (problem !== undefined) throw input.error(path, `invalid pattern "${pattern}": ${problem}`);
  return pattern;
}

function patterns(input: LoadedYaml, path: (string | number)[], value: unknown, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw input.error(path, `"${String(path.at(-1))}" is required (use ["*"] for all)`);
    return [];
  }
  if (!Array.isArray(value)) throw input.error(path, 'must be a list of strings');
  return value.map((item, index) => {
    const scalar = input.nonStringScalar([...path, index], 'value');
    // An unquoted 123456789012 reads back as the same digits: nothing is lost, so it is accepted.
    if (scalar && isLosslessNumber(scalar)) return checkPattern(input, [...path, index], scalar.source);
    if (scalar) throw input.error([...path, index], `must be a string: ${scalar.source} ${unquoted(scalar)}`);
    if (typeof item !== 'string') throw input.error([...path, index], 'must be a string');
    return checkPattern(input, [...path, index], item);
  });
}

/** A number written exactly as its value prints (`123456789012`, not `012345678901` or `1e3`): reading it as text loses nothing. */
function isLosslessNumber(scalar: { readonly source: string; readonly value: unknown }): boolean {
  return typeof scalar.value === 'number' && Number.isSafeInteger(scalar.value) && String(scalar.value) === scalar.source;
}

/**
 * Why a value written without quotes is refused. YAML reads `012345678901` as the number
 * 12345678901: the account id loses its leading zero and the rule would silently never apply.
 */
function unquoted(scalar: { readonly source: string; readonly value: unknown }): string {
  const read = scalar.value === null ? 'null' : `the ${typeof scalar.value} ${String(scalar.value)}`;
  return `is read by YAML as ${read}, not as text; write it in quotes: "${scalar.source}"`;
}

function parseExceptions(input: LoadedYaml, path: (string | number)[], value: unknown): MuteCriteriaSpec {
  const body = expectObject(input, path, value, 'must be a mapping of Accounts, Regions, Resources and Tags');
  for (const key of Object.keys(body)) {
    if (!['Accounts', 'Regions', 'Resources', 'Tags'].includes(key)) throw input.error([...path, key], `unknown field "${key}"`);
  }
  return {
    accounts: patterns(input, [...path, 'Accounts'], body['Accounts'], false),
    regions: patterns(input, [...path, 'Regions'], body['Regions'], false),
    resources: patterns(input, [...path, 'Resources'], body['Resources'], false),
    tags: patterns(input, [...path, 'Tags'], body['Tags'], false),
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

