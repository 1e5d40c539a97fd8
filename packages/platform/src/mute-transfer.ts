/**
 * A tenant's mute rules as a mutelist file — the YAML `palisade scan aws --mutelist` reads — and
 * back, so rules move between the CLI and the platform, and between tenants.
 *
 * A stored rule matches exact values (`*` or absent: anything), so it is written with its values
 * escaped, and a one-finding mute as the most specific rule there is: its account, check, region
 * and resource. The format keys rules by account, then check; rules of one check in one account
 * that differ only in their resource share one entry (`Resources: [a, b]`), and the others are
 * keyed `(id)`, `((id))`, … (a check key is a regular expression, and each spelling matches the
 * same check). Reading a file takes only what a stored rule can hold: a check key naming one check
 * (its id, bare or underscore name, or `*`), regions and resources that are exact values or `*`
 * (one stored rule per region × resource), no tags or exceptions; anything else is an error naming
 * the line and field, never a rule that silently mutes more or less than the file says.
 */
import { InputError, closestMatch } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { parseMutelist } from '@palisade/engine';
import type { MuteRuleSpec } from '@palisade/engine';
import type { MuteRule, TenantStore } from '@palisade/store';

/** The criteria that identify a rule: a file's rule is the stored rule with the same four. */
export interface MuteCriteria {
  readonly account?: string;
  readonly checkId?: string;
  readonly region?: string;
  readonly resource?: string;
}

export interface ImportedMuteRule extends MuteCriteria {
  readonly reason: string;
  readonly expiresAt?: string;
  /** Line of its entry in the file. */
  readonly line?: number;
}

/** More rules than this in one file (after expanding regions × resources) is refused. */
export const MAX_IMPORTED_MUTE_RULES = 10_000;

const REGEX_CHARACTERS = /[.*+?^${}()|[\]\\]/g;

function escapePattern(value: string): string {
  return value.replace(REGEX_CHARACTERS, '\\$&');
}

/** `*` and absent both mean "any". */
const any = (value: string | undefined): value is undefined => value === undefined || value === '*';
const valueOf = (value: string | undefined): string => (any(value) ? '*' : value);

/** A double-quoted YAML scalar: JSON's escapes, plus those YAML reads as line breaks or refuses. */
function quote(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const list = (values: readonly string[]): string => `[${values.map(quote).join(', ')}]`;

export interface MutelistHeader {
  readonly tenant: string;
  readonly exportedAt: string;
}

/** The rules as mutelist YAML, with a comment header saying what the file is and how it reads. */
export function mutelistYaml(rules: readonly MuteRule[], header: MutelistHeader): string {
  type Entry = { check: string; region: string; reason: string; expires?: string; resources: string[] };
  const accounts = new Map<string, Map<string, Entry>>();
  const sorted = [...rules].sort((a, b) => compareKeys([valueOf(a.account), valueOf(a.checkId), valueOf(a.region), valueOf(a.resource)], [valueOf(b.account), valueOf(b.checkId), valueOf(b.region), valueOf(b.resource)]));
  for (const rule of sorted) {
    const account = valueOf(rule.account);
    const entries = accounts.get(account) ?? new Map<string, Entry>();
    accounts.set(account, entries);
    const check = any(rule.checkId) ? '*' : escapePattern(rule.checkId);
    const region = any(rule.region) ? '*' : escapePattern(rule.region);
    const resource = any(rule.resource) ? '*' : escapePattern(rule.resource);
    // Resources of one check, region, reason and expiry share an entry: the regions × resources it stands for are exactly these rules.
    const key = JSON.stringify([check, region, rule.reason, rule.expiresAt ?? null]);
    const entry = entries.get(key);
    if (entry) {
      if (!entry.resources.includes(resource)) entry.resources.push(resource);
    } else {
      entries.set(key, { check, region, reason: rule.reason, ...(rule.expiresAt ? { expires: rule.expiresAt } : {}), resources: [resource] });
    }
  }
  const limited = rules.filter((rule) => rule.providerId !== undefined).length;
  const lines = [
    `# Mute rules of tenant ${quote(header.tenant)}, exported ${header.exportedAt}.`,
    '# The mutelist format of `palisade scan aws --mutelist`; POST /api/v1/mutes/import reads it back.',
    '# Values match exactly (regular-expression characters are escaped); "*" matches anything.',
    '# A check with several entries in one account is keyed (id), ((id)), …: each key matches the same check.',
    ...(limited ? [`# ${limited} of these rules were limited to one provider; here they apply to every provider.`] : []),
    ...(rules.length ? [] : ['# The tenant has no mute rules.']),
    'Mutelist:',
    `  Accounts:${rules.length ? '' : ' {}'}`,
  ];
  for (const [account, entries] of accounts) {
    lines.push(`    ${quote(account)}:`, '      Checks:');
    const used = new Map<string, number>();
    for (const entry of entries.values()) {
      const seen = used.get(entry.check) ?? 0;
      used.set(entry.check, seen + 1);
      // `*` is no regular expression to wrap: its other spellings wrap `.*`.
      const key = seen === 0 ? entry.check : `${'('.repeat(seen)}${entry.check === '*' ? '.*' : entry.check}${')'.repeat(seen)}`;
      lines.push(`        ${quote(key)}:`, `          Regions: ${list([entry.region])}`, `          Resources: ${list(entry.resources)}`, `          Reason: ${quote(entry.reason)}`);
      if (entry.expires) lines.push(`          Expires: ${quote(entry.expires)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Specific values before `*`: a mutelist applies its first matching rule, so a finding shows the most specific rule's reason. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const [left, right] = [a[index]!, b[index]!];
    if (left === right) continue;
    if (left === '*' || right === '*') return left === '*' ? 1 : -1;
    return left < right ? -1 : 1;
  }
  return 0;
}

/**
 * The rules of a mutelist file as stored rules. Syntax and the format's own rules are checked by
 * the engine's parser (errors name `file:line (field)`); what a stored rule cannot hold is refused
 * here the same way.
 */
export function muteRulesFromMutelist(text: string, file: string, knownCheckIds: readonly string[] = ALL_CHECKS.map((check) => check.id)): ImportedMuteRule[] {
  const mutelist = parseMutelist(text, file);
  const rules: ImportedMuteRule[] = [];
  for (const spec of mutelist.spec.rules) {
    const where = (field: string) => ({ file, ...(spec.line === undefined ? {} : { line: spec.line }), field: `Mutelist.Accounts.${spec.account}.Checks.${spec.check}${field ? `.${field}` : ''}` });
    const refuse = (field: string, message: string) => new InputError('MUTELIST_INVALID', message, where(field));
    if (spec.tags.length) throw refuse('Tags', 'tags are not supported by the platform\'s mute rules: mute by account, check, region and resource');
    if (spec.exceptions && Object.values(spec.exceptions).some((values: readonly string[]) => values.length)) throw refuse('Exceptions', 'exceptions are not supported by the platform\'s mute rules: write the rules that remain instead');
    const checkId = checkOf(spec, knownCheckIds, refuse);
    const regions = exactValues(spec.regions, 'Regions', refuse);
    const resources = exactValues(spec.resources, 'Resources', refuse);
    for (const region of regions) {
      for (const resource of resources) {
        rules.push({
          ...(spec.account === '*' ? {} : { account: spec.account }),
          ...(checkId === undefined ? {} : { checkId }),
          ...(region === undefined ? {} : { region }),
          ...(resource === undefined ? {} : { resource }),
          reason: spec.reason,
          ...(spec.expires ? { expiresAt: spec.expires } : {}),
          ...(spec.line === undefined ? {} : { line: spec.line }),
        });
      }
    }
    if (rules.length > MAX_IMPORTED_MUTE_RULES) throw refuse('', `the file stands for more than ${MAX_IMPORTED_MUTE_RULES.toLocaleString('en')} rules (one per region × resource)`);
  }
  return rules;
}

type Refuse = (field: string, message: string) => InputError;

/** The check a key names, or undefined for any check. */
function checkOf(spec: MuteRuleSpec, knownCheckIds: readonly string[], refuse: Refuse): string | undefined {
  const key = unwrap(spec.check);
  if (key === '*' || key === '.*') return undefined;
  const literal = literalOf(key);
  if (literal === undefined) throw refuse('', `check key "${spec.check}" is a regular expression; the platform's mute rules name one check (its id, bare or underscore name) or "*"`);
  const known = knownCheckIds.find((id) => checkNames(id).includes(literal));
  if (known) return known;
  // An id of no check known here (a retired one, another provider's) still names one check exactly.
  if (literal.includes('/')) return literal;
  const suggestion = closestMatch(literal, knownCheckIds.map((id) => checkNames(id)[literal.includes('_') ? 2 : 1]!));
  throw refuse('', `check key "${spec.check}" names no known check${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
}

/** Exact values of a Regions or Resources list; undefined stands for any. */
function exactValues(patterns: readonly string[], field: string, refuse: Refuse): (string | undefined)[] {
  const values: string[] = [];
  for (const [index, pattern] of patterns.entries()) {
    if (pattern === '*' || pattern === '.*') return [undefined];
    const literal = literalOf(pattern);
    if (literal === undefined) throw refuse(`${field}.${index}`, `"${pattern}" is a regular expression; the platform's mute rules match exact values or "*" (escape the characters meant literally, e.g. "\\.")`);
    if (!values.includes(literal)) values.push(literal);
  }
  return values;
}

/** `(x)`, `((x))` → `x`, when the outer parentheses enclose the whole key. */
function unwrap(key: string): string {
  let current = key;
  while (current.startsWith('(') && current.endsWith(')') && enclosesWhole(current)) current = current.slice(1, -1);
  return current;
}

function enclosesWhole(key: string): boolean {
  let depth = 0;
  for (let index = 0; index < key.length; index += 1) {
    const char = key[index]!;
    if (char === '\\') {
      index += 1;
      continue;
    }
    if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0 && index < key.length - 1) return false;
    }
  }
  return depth === 0;
}

/** The value a pattern matches when it matches exactly one (only escaped special characters), else undefined. */
function literalOf(pattern: string): string | undefined {
  let value = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '\\') {
      const next = pattern[index + 1];
      // `\d`, `\w` and the like are classes, not escaped characters.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      value += next;
      index += 1;
    } else if ('.*+?^${}()|[]'.includes(char)) {
      return undefined;
    } else {
      value += char;
    }
  }
  return value;
}

/** `aws/s3-bucket-x` → ['aws/s3-bucket-x', 's3-bucket-x', 's3_bucket_x']: what a mutelist check key may say. */
function checkNames(id: string): string[] {
  const bare = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
  return [id, bare, bare.replaceAll('-', '_')];
}

export type MuteImportMode = 'merge' | 'replace';

export interface MuteImportResult {
  /** Rules stored that matched no stored rule. */
  readonly created: number;
  /** Stored rules with the same criteria whose reason or expiry the file changed. */
  readonly replaced: number;
  /** Rules already stored as the file says (and repeats within the file). */
  readonly skipped: number;
  /** `replace`: stored rules the file does not hold, deleted (their findings unmuted). */
  readonly removed: number;
}

const criteriaKey = (rule: MuteCriteria): string => JSON.stringify([valueOf(rule.account), valueOf(rule.checkId), valueOf(rule.region), valueOf(rule.resource)]);

/** What `setFindingsMuted` matches for a stored rule. */
function matchOf(rule: MuteRule) {
  return {
    ...(rule.findingUid ? { findingUid: rule.findingUid } : {}),
    ...(rule.providerId ? { providerId: rule.providerId } : {}),
    ...(rule.account ? { account: rule.account } : {}),
    ...(rule.checkId ? { checkId: rule.checkId } : {}),
    ...(rule.region ? { region: rule.region } : {}),
    ...(rule.resource ? { resource: rule.resource } : {}),
  };
}

/**
 * Stores imported rules. `merge` keeps the tenant's other rules; `replace` deletes those the file
 * does not hold. A file's rule with the criteria of a stored one is that rule: kept when reason and
 * expiry agree, else replaced (keeping the stored rule's provider or finding). The latest findings
 * follow: removed rules unmute theirs, new and changed rules mute theirs.
 */
export async function importMuteRules(tenant: TenantStore, imported: readonly ImportedMuteRule[], options: { readonly mode: MuteImportMode; readonly createdBy: string }): Promise<MuteImportResult> {
  const stored = await allMuteRules(tenant);
  const byCriteria = new Map<string, MuteRule>();
  for (const rule of stored) if (!byCriteria.has(criteriaKey(rule))) byCriteria.set(criteriaKey(rule), rule);
  const inFile = new Set<string>();
  const changed: MuteRule[] = [];
  let created = 0;
  let replaced = 0;
  let skipped = 0;
  for (const rule of imported) {
    const key = criteriaKey(rule);
    if (inFile.has(key)) {
      skipped += 1;
      continue;
    }
    inFile.add(key);
    const existing = byCriteria.get(key);
    if (existing && existing.reason === rule.reason && existing.expiresAt === rule.expiresAt) {
      skipped += 1;
      continue;
    }
    if (existing) {
      await tenant.deleteMute(existing.id);
      replaced += 1;
    } else {
      created += 1;
    }
    changed.push(
      await tenant.createMute({
        ...(existing?.findingUid ? { findingUid: existing.findingUid } : {}),
        ...(existing?.providerId ? { providerId: existing.providerId } : {}),
        ...(rule.account ? { account: rule.account } : {}),
        ...(rule.checkId ? { checkId: rule.checkId } : {}),
        ...(rule.region ? { region: rule.region } : {}),
        ...(rule.resource ? { resource: rule.resource } : {}),
        reason: rule.reason,
        ...(rule.expiresAt ? { expiresAt: rule.expiresAt } : {}),
        createdBy: options.createdBy,
      }),
    );
  }
  // Every stored rule with one set of criteria goes when the file lacks them (duplicates included).
  const removed = options.mode === 'replace' ? stored.filter((rule) => !inFile.has(criteriaKey(rule))) : [];
  for (const rule of removed) {
    await tenant.deleteMute(rule.id);
    await tenant.setFindingsMuted(matchOf(rule), undefined);
  }
  // Unmuting clears a finding's mute whichever rule set it, so after removals every remaining rule is applied again.
  const toApply = removed.length ? await allMuteRules(tenant) : changed;
  const now = Date.now();
  for (const rule of toApply) {
    if (rule.expiresAt && Date.parse(rule.expiresAt) <= now) continue;
    await tenant.setFindingsMuted(matchOf(rule), { reason: rule.reason, rule: `${valueOf(rule.account)}/${valueOf(rule.checkId)}` });
  }
  return { created, replaced, skipped, removed: removed.length };
}

/** Every mute rule of the tenant, in creation order. */
export async function allMuteRules(tenant: TenantStore): Promise<MuteRule[]> {
  const rules: MuteRule[] = [];
  let cursor: string | undefined;
  do {
    const page = await tenant.listMutes({ limit: 1000, ...(cursor ? { cursor } : {}) });
    rules.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rules;
}
