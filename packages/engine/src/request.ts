/**
 * A scan request: everything a scan needs as plain JSON data — what to scan (a snapshot file, or
 * live credentials by reference, never secrets), which checks and frameworks, the config and the
 * mutelist as content, limits and output settings. The CLI builds one from its flags; an API or a
 * queue worker receives one as JSON. `parseScanRequest` validates it field by field, so a request
 * that passes runs the same in this process, in a worker thread or on another machine.
 *
 * Round trip: `parseScanRequest(JSON.parse(JSON.stringify(request)))` equals `request` for every
 * request `parseScanRequest` returned. Only strings, finite numbers, booleans, arrays and plain
 * objects pass; a Date, a Set, a function or a class instance is rejected with the field's path.
 */
import { FINDING_STATUSES, InputError, didYouMean } from '@palisade/core';
import type { Check, FindingStatus } from '@palisade/core';
import { AZURE_CLOUDS } from '@palisade/core/azure';
import type { AzureCloud } from '@palisade/core/azure';
import { ALL_CHECKS } from '@palisade/checks';
import { FRAMEWORKS } from '@palisade/compliance';
import { validateScanConfig } from './config.ts';
import type { ScanConfig } from './config.ts';
import { mutePatternProblem } from './mutelist.ts';
import { getProvider } from './provider.ts';
import type { ScopeIdFormat } from './provider.ts';
import type { MuteCriteriaSpec, MuteRuleSpec, MutelistSpec } from './mutelist.ts';

export const SCAN_REQUEST_VERSION = 1;

export interface ScanRequest {
  readonly version: typeof SCAN_REQUEST_VERSION;
  /** The provider the request scans (`aws`). */
  readonly provider: string;
  /** Set by the caller when it must know the id before the scan starts (output file names); generated otherwise. */
  readonly scanId?: string;
  /** The tenant a multi-tenant service runs the scan for; copied onto every finding. */
  readonly tenantId?: string;
  readonly source: ScanRequestSource;
  readonly scope: ScanScope;
  /** Already validated; thresholds left out take their defaults. */
  readonly config: ScanConfig;
  readonly mutelist?: MutelistSpec;
  readonly limits: ScanLimits;
  readonly output: ScanOutputSettings;
  /**
   * `workers`: 1 = in this process (what tests use); more = that many worker threads. Default 1.
   * `tasks`: run the scan as collect and evaluate tasks in this process, their parts kept in memory
   * or in a directory (`keep`: left there after the scan, for inspection or another process).
   */
  readonly execution?: { readonly workers?: number; readonly tasks?: TaskExecution };
  /**
   * Test and benchmark hook, never set by the CLI: a module whose named export, called with
   * `options` inside whichever thread collects, returns the SDK transport to use (see
   * `TransportSettings` in run-scan.ts), e.g. the benchmark's simulated AWS.
   */
  readonly transport?: {
    readonly module: string;
    readonly export: string;
    readonly options?: unknown;
    /**
     * A named export of the same module that returns, as plain data, what the transport did in the
     * thread that calls it (the benchmark's request counters); each worker thread sends it back at
     * its end (`onTransportReport` of the worker-thread executor).
     */
    readonly report?: string;
  };
}

/** Where a task-planned scan keeps its parts. */
export type TaskExecution = { readonly store: 'memory' } | { readonly store: 'directory'; readonly path: string; readonly keep?: boolean };

export type ScanRequestSource =
  /** `path` is read by the process that runs the scan, relative to its working directory. */
  | { readonly kind: 'snapshot'; readonly path: string }
  /** Live AWS (provider `aws`). */
  | { readonly kind: 'live'; readonly credentials: AwsCredentialsReference; readonly targets?: ScanTargets }
  /** Live Azure (provider `azure`). */
  | AzureSourceReference;

/**
 * A live Azure source. The process that runs the scan signs in with the standard credential chain
 * of its environment (service principal, workload identity, managed identity, Azure CLI), or as the
 * service principal of a stored secret (`credentials.secretRef`, the platform's sealed provider
 * credentials, in `tenantId`): the request names the cloud, the tenant and the subscriptions, never a secret.
 */
export interface AzureSourceReference {
  readonly kind: 'azure';
  readonly cloud: AzureCloud;
  /** The tenant to sign in to and scan; default: the credentials' own. */
  readonly tenantId?: string;
  /** Only these of the subscriptions the identity sees; default: all of them. */
  readonly subscriptionIds?: readonly string[];
  /** A stored service principal, opened by the process that runs the scan (`RunScanOptions.resolveSecret`); requires `tenantId`. */
  readonly credentials?: { readonly secretRef: string };
}

/** Where credentials come from; the secrets themselves never travel in a request. */
export interface AwsCredentialsReference {
  /** A profile of the shared config files; absent: the standard credential chain. */
  readonly profile?: string;
  /**
   * A stored secret holding access keys (the platform's sealed provider credentials), opened by the
   * process that runs the scan (`RunScanOptions.resolveSecret`); the request carries only its id.
   */
  readonly secretRef?: string;
  readonly endpointUrl?: string;
  readonly assumeRole?: { readonly roleArn: string; readonly externalId?: string; readonly sessionName?: string; readonly durationSeconds?: number };
}

/** Member accounts scanned through a role assumed in each (instead of the credentials' own account). */
export interface ScanTargets {
  /** Discover ACTIVE members through AWS Organizations, optionally narrowed. */
  readonly organization?: { readonly accounts?: readonly string[]; readonly excludedAccounts?: readonly string[]; readonly ous?: readonly string[] };
  /** Or: a file with one role ARN per line, read by the process that runs the scan. */
  readonly accountsFile?: string;
  /** Role assumed in each member account (name, optionally with a path). */
  readonly roleName: string;
  readonly externalId?: string;
  /**
   * The member accounts, already discovered by the thread that split the scan (the worker-thread
   * executor reads the organization once and gives each worker its list): scanned as listed,
   * without calling Organizations or reading the accounts file again.
   */
  readonly resolved?: readonly ResolvedTarget[];
}

/** A discovered member account, as plain data. */
export interface ResolvedTarget {
  readonly accountId: string;
  /** Role assumed in the account; absent for the credentials' own account (an organization's management account). */
  readonly roleArn?: string;
  /** What findings carry about the account's place in the organization. */
  readonly organization?: {
    readonly organizationId: string;
    readonly accountName?: string;
    readonly accountEmail?: string;
    readonly ouPath?: string;
    readonly tags?: Readonly<Record<string, string>>;
  };
}

export interface ScanScope {
  /** Only these regions; absent or empty: every enabled region (live) or every region of the snapshot. */
  readonly regions?: readonly string[];
  /** Check ids, already resolved from whatever the user selected; evaluated in this order. */
  readonly checks: readonly string[];
  /** Framework ids whose compliance reports are produced. */
  readonly frameworks: readonly string[];
  /**
   * In-scope resources: any of these `key=value` tags, or one of these ARNs. `collectOnly`: a
   * targeted re-scan, which also reads only the resources `arns` names where a collector can (S3
   * buckets, EC2 security groups and network ACLs); its checks must be about those resources.
   */
  readonly resources?: { readonly tags?: readonly string[]; readonly arns?: readonly string[]; readonly collectOnly?: boolean };
  /** Only these scopes (account ids) of the source; how executors partition a scan. */
  readonly accounts?: readonly string[];
  /**
   * One share of a snapshot scan split between `count` executors (worker threads): a scope belongs
   * to this run when its position in the snapshot modulo `count` equals `index` (positions from 0,
   * counting only the scopes `accounts` selects). Every share reads the whole file; each evaluates
   * only its own accounts.
   */
  readonly partition?: { readonly index: number; readonly count: number };
}

export interface ScanLimits {
  /** Collection tasks in flight across all accounts (default 64). */
  readonly maxConcurrency?: number;
  /** Accounts collected at the same time (default 16). */
  readonly maxAccountsInFlight?: number;
  /** Stop after this long; the result says `timedOut` and what was not scanned. */
  readonly timeoutSeconds?: number;
  /**
   * How the gateway retries failed calls: `classified` (default) retries throttling and transient
   * failures and gives up at once on permanent ones (access denied, not found); `uniform` retries
   * every failure alike, as the benchmark's baseline.
   */
  readonly retryPolicy?: 'classified' | 'uniform';
}

export interface ScanOutputSettings {
  /** Statuses the sinks receive (sinks that ask for every finding get them all); absent: every status. */
  readonly statuses?: readonly FindingStatus[];
  /** Save the collected inventory to this file (live sources only). */
  readonly snapshotOut?: string;
}

const PROVIDERS = ['aws', 'azure'];
/** The live source kind of each provider (a snapshot source is any provider's). */
const LIVE_SOURCE_KIND: Readonly<Record<string, ScanRequestSource['kind']>> = { aws: 'live', azure: 'azure' };
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CHECKS_BY_ID: ReadonlyMap<string, Check> = new Map(ALL_CHECKS.map((check) => [check.id, check]));
const FRAMEWORK_IDS: ReadonlySet<string> = new Set(FRAMEWORKS.map((framework) => framework.id));
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/** The registry's checks for a request's `scope.checks`, in its order. */
export function checksOfRequest(request: Pick<ScanRequest, 'scope'>): Check[] {
  return request.scope.checks.map((id, index) => {
    const check = CHECKS_BY_ID.get(id);
    if (!check) throw invalid(`scope.checks[${index}]`, `unknown check "${id}"`);
    return check;
  });
}

/**
 * Validates a scan request (a value parsed from JSON, or built in code) and returns a fresh copy
 * holding only the fields a request has. Every problem is a REQUEST_INVALID InputError whose
 * message starts with the field's path: `scope.checks[3]: unknown check "x"`.
 */
export function parseScanRequest(json: unknown): ScanRequest {
  const root = object(json, '', ['version', 'provider', 'scanId', 'tenantId', 'source', 'scope', 'config', 'mutelist', 'limits', 'output', 'execution', 'transport']);
  if (root['version'] !== SCAN_REQUEST_VERSION) throw invalid('version', `must be ${SCAN_REQUEST_VERSION} (got ${describe(root['version'])})`);
  const provider = string(root['provider'], 'provider');
  if (!PROVIDERS.includes(provider)) throw invalid('provider', `unknown provider "${provider}"; known: ${PROVIDERS.join(', ')}`);
  const scanId = optional(root['scanId'], 'scanId', identifier);
  const tenantId = optional(root['tenantId'], 'tenantId', identifier);
  const source = parseSource(root['source'], 'source');
  if (source.kind !== 'snapshot' && source.kind !== LIVE_SOURCE_KIND[provider]) {
    throw invalid('source.kind', `${provider} scans read "snapshot" or "${LIVE_SOURCE_KIND[provider]}" sources (got "${source.kind}")`);
  }
  const scope = parseScope(root['scope'], 'scope', provider);
  const config = parseConfig(root['config'], 'config');
  const mutelist = optional(root['mutelist'], 'mutelist', (value, field) => parseMutelistSpec(value, field, getProvider(provider).scopeIdFormat));
  const limits = parseLimits(root['limits'], 'limits');
  const output = parseOutput(root['output'], 'output');
  if (output.snapshotOut !== undefined && source.kind === 'snapshot') throw invalid('output.snapshotOut', 'a snapshot scan collects nothing to save; remove it or scan a live source');
  if (output.snapshotOut !== undefined && scope.resources?.collectOnly) throw invalid('output.snapshotOut', 'a targeted re-scan reads a few resources, not an inventory to save');
  const execution = optional(root['execution'], 'execution', (value, field) => {
    const body = object(value, field, ['workers', 'tasks']);
    const workers = optional(body['workers'], `${field}.workers`, positiveInteger);
    const tasks = optional(body['tasks'], `${field}.tasks`, parseTaskExecution);
    if (tasks && workers !== undefined && workers > 1) throw invalid(`${field}.tasks`, 'runs the scan in this process: it cannot be combined with workers above 1');
    return { ...(workers === undefined ? {} : { workers }), ...(tasks ? { tasks } : {}) };
  });
  const transport = optional(root['transport'], 'transport', (value, field) => {
    const body = object(value, field, ['module', 'export', 'options', 'report']);
    const options = body['options'];
    if (options !== undefined) jsonValue(options, `${field}.options`);
    const report = optional(body['report'], `${field}.report`, string);
    return {
      module: string(body['module'], `${field}.module`),
      export: string(body['export'], `${field}.export`),
      ...(options === undefined ? {} : { options: JSON.parse(JSON.stringify(options)) as unknown }),
      ...(report === undefined ? {} : { report }),
    };
  });
  return {
    version: SCAN_REQUEST_VERSION,
    provider,
    ...(scanId === undefined ? {} : { scanId }),
    ...(tenantId === undefined ? {} : { tenantId }),
    source,
    scope,
    config,
    ...(mutelist ? { mutelist } : {}),
    limits,
    output,
    ...(execution ? { execution } : {}),
    ...(transport ? { transport } : {}),
  };
}

function parseTaskExecution(value: unknown, field: string): TaskExecution {
  const store = object(value, field, ['store', 'path', 'keep'])['store'];
  if (store === 'memory') {
    object(value, field, ['store']);
    return { store };
  }
  if (store === 'directory') {
    const body = object(value, field, ['store', 'path', 'keep']);
    const keep = body['keep'];
    if (keep !== undefined && typeof keep !== 'boolean') throw invalid(`${field}.keep`, `must be true or false (got ${describe(keep)})`);
    return { store, path: string(body['path'], `${field}.path`), ...(keep === undefined ? {} : { keep }) };
  }
  throw invalid(`${field}.store`, `must be "memory" or "directory" (got ${describe(store)})`);
}

function parseSource(value: unknown, field: string): ScanRequestSource {
  const kind = object(value, field, ['kind', 'path', 'credentials', 'targets', 'cloud', 'tenantId', 'subscriptionIds'])['kind'];
  if (kind === 'azure') {
    const body = object(value, field, ['kind', 'cloud', 'tenantId', 'subscriptionIds', 'credentials']);
    const cloud = body['cloud'];
    if (!(AZURE_CLOUDS as readonly unknown[]).includes(cloud)) throw invalid(`${field}.cloud`, `must be one of ${AZURE_CLOUDS.join(', ')} (got ${describe(cloud)})`);
    const guid = (text: string, at: string, what: string) => {
      if (!GUID.test(text)) throw invalid(at, `"${text}" is not ${what} (a GUID)`);
    };
    const tenantId = optional(body['tenantId'], `${field}.tenantId`, (id, at) => {
      const text = string(id, at);
      guid(text, at, 'a tenant id');
      return text;
    });
    const subscriptionIds = optional(body['subscriptionIds'], `${field}.subscriptionIds`, (list, at) => distinct(list, at, (id, idAt) => guid(id, idAt, 'a subscription id')));
    const credentials = optional(body['credentials'], `${field}.credentials`, (reference, at) => ({ secretRef: identifier(object(reference, at, ['secretRef'])['secretRef'], `${at}.secretRef`) }));
    // A service principal signs in to a named tenant: there is no default directory to fall back to.
    if (credentials && tenantId === undefined) throw invalid(`${field}.tenantId`, 'is required with stored credentials');
    return { kind, cloud: cloud as AzureCloud, ...(tenantId === undefined ? {} : { tenantId }), ...(subscriptionIds ? { subscriptionIds } : {}), ...(credentials ? { credentials } : {}) };
  }
  if (kind === 'snapshot') {
    const body = object(value, field, ['kind', 'path']);
    return { kind, path: string(body['path'], `${field}.path`) };
  }
  if (kind === 'live') {
    const body = object(value, field, ['kind', 'credentials', 'targets']);
    const targets = optional(body['targets'], `${field}.targets`, parseTargets);
    return { kind, credentials: parseCredentials(body['credentials'], `${field}.credentials`), ...(targets ? { targets } : {}) };
  }
  throw invalid(`${field}.kind`, `must be "snapshot", "live" (AWS) or "azure" (got ${describe(kind)})`);
}

function parseCredentials(value: unknown, field: string): AwsCredentialsReference {
  const body = object(value, field, ['profile', 'secretRef', 'endpointUrl', 'assumeRole']);
  const profile = optional(body['profile'], `${field}.profile`, string);
  const secretRef = optional(body['secretRef'], `${field}.secretRef`, identifier);
  if (profile !== undefined && secretRef !== undefined) throw invalid(`${field}.secretRef`, 'cannot be combined with a profile');
  const endpointUrl = optional(body['endpointUrl'], `${field}.endpointUrl`, (url, at) => {
    const text = string(url, at);
    if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) throw invalid(at, `"${text}" is not an http(s) URL`);
    return text;
  });
  const assumeRole = optional(body['assumeRole'], `${field}.assumeRole`, (role, at) => {
    const roleBody = object(role, at, ['roleArn', 'externalId', 'sessionName', 'durationSeconds']);
    const roleArn = arn(roleBody['roleArn'], `${at}.roleArn`);
    const externalId = optional(roleBody['externalId'], `${at}.externalId`, string);
    const sessionName = optional(roleBody['sessionName'], `${at}.sessionName`, string);
    const durationSeconds = optional(roleBody['durationSeconds'], `${at}.durationSeconds`, (seconds, secondsAt) => {
      const parsed = positiveInteger(seconds, secondsAt);
      if (parsed < 900 || parsed > 43_200) throw invalid(secondsAt, `must be between 900 and 43200 (got ${parsed})`);
      return parsed;
    });
    return {
      roleArn,
      ...(externalId === undefined ? {} : { externalId }),
      ...(sessionName === undefined ? {} : { sessionName }),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
    };
  });
  return {
    ...(profile === undefined ? {} : { profile }),
    ...(secretRef === undefined ? {} : { secretRef }),
    ...(endpointUrl === undefined ? {} : { endpointUrl }),
    ...(assumeRole ? { assumeRole } : {}),
  };
}

function parseTargets(value: unknown, field: string): ScanTargets {
  const body = object(value, field, ['organization', 'accountsFile', 'roleName', 'externalId', 'resolved']);
  if (body['organization'] !== undefined && body['accountsFile'] !== undefined) throw invalid(field, 'organization and accountsFile cannot be combined');
  const organization = optional(body['organization'], `${field}.organization`, (org, at) => {
    const orgBody = object(org, at, ['accounts', 'excludedAccounts', 'ous']);
    const accounts = optional(orgBody['accounts'], `${at}.accounts`, accountIds);
    const excludedAccounts = optional(orgBody['excludedAccounts'], `${at}.excludedAccounts`, accountIds);
    const ous = optional(orgBody['ous'], `${at}.ous`, (list, listAt) =>
      strings(list, listAt, (ou, ouAt) => {
        if (!OU_ID.test(ou)) throw invalid(ouAt, `"${ou}" is not an organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)`);
      }),
    );
    return { ...(accounts ? { accounts } : {}), ...(excludedAccounts ? { excludedAccounts } : {}), ...(ous ? { ous } : {}) };
  });
  const accountsFile = optional(body['accountsFile'], `${field}.accountsFile`, string);
  const externalId = optional(body['externalId'], `${field}.externalId`, string);
  const resolved = optional(body['resolved'], `${field}.resolved`, (list, at) => array(list, at).map((target, index) => parseResolvedTarget(target, `${at}[${index}]`)));
  return {
    ...(organization ? { organization } : {}),
    ...(accountsFile === undefined ? {} : { accountsFile }),
    roleName: string(body['roleName'], `${field}.roleName`),
    ...(externalId === undefined ? {} : { externalId }),
    ...(resolved ? { resolved } : {}),
  };
}

function parseResolvedTarget(value: unknown, field: string): ResolvedTarget {
  const body = object(value, field, ['accountId', 'roleArn', 'organization']);
  const roleArn = optional(body['roleArn'], `${field}.roleArn`, arn);
  const organization = optional(body['organization'], `${field}.organization`, (org, at) => {
    const orgBody = object(org, at, ['organizationId', 'accountName', 'accountEmail', 'ouPath', 'tags']);
    // Names and emails are copied from AWS as they are, empty ones included.
    const text = (key: string) => optional(orgBody[key], `${at}.${key}`, (entry, entryAt) => (typeof entry === 'string' ? entry : string(entry, entryAt)));
    const accountName = text('accountName');
    const accountEmail = text('accountEmail');
    const ouPath = text('ouPath');
    const tags = optional(orgBody['tags'], `${at}.tags`, (map, mapAt) => {
      if (typeof map !== 'object' || map === null || Array.isArray(map) || !isPlainObject(map)) throw invalid(mapAt, `must be an object (got ${describe(map)})`);
      const entries = Object.entries(map);
      for (const [key, tag] of entries) if (typeof tag !== 'string') throw invalid(`${mapAt}.${key}`, `must be a string (got ${describe(tag)})`);
      return Object.fromEntries(entries) as Record<string, string>;
    });
    return {
      organizationId: string(orgBody['organizationId'], `${at}.organizationId`),
      ...(accountName === undefined ? {} : { accountName }),
      ...(accountEmail === undefined ? {} : { accountEmail }),
      ...(ouPath === undefined ? {} : { ouPath }),
      ...(tags ? { tags } : {}),
    };
  });
  return { accountId: accountId(body['accountId'], `${field}.accountId`), ...(roleArn ? { roleArn } : {}), ...(organization ? { organization } : {}) };
}

function parseScope(value: unknown, field: string, provider: string): ScanScope {
  const body = object(value, field, ['regions', 'checks', 'frameworks', 'resources', 'accounts', 'partition']);
  const module = getProvider(provider);
  const regions = optional(body['regions'], `${field}.regions`, (list, at) =>
    distinct(list, at, (region, regionAt) => {
      const problem = module.locationProblem?.(region);
      if (problem !== undefined) throw invalid(regionAt, problem);
    }),
  );
  const checks = distinct(body['checks'], `${field}.checks`, (id, at) => {
    const check = CHECKS_BY_ID.get(id);
    if (!check) throw invalid(at, `unknown check "${id}"${didYouMean(id, CHECKS_BY_ID.keys())}`);
    if (check.provider !== provider) throw invalid(at, `check "${id}" is a ${check.provider} check, not ${provider}`);
  });
  if (checks.length === 0) throw invalid(`${field}.checks`, 'must name at least one check');
  const frameworks = distinct(body['frameworks'], `${field}.frameworks`, (id, at) => {
    if (!FRAMEWORK_IDS.has(id)) throw invalid(at, `unknown framework "${id}"${didYouMean(id, FRAMEWORK_IDS)}`);
  });
  const resources = optional(body['resources'], `${field}.resources`, (scope, at) => {
    const scopeBody = object(scope, at, ['tags', 'arns', 'collectOnly']);
    const tags = optional(scopeBody['tags'], `${at}.tags`, (list, listAt) =>
      strings(list, listAt, (pair, pairAt) => {
        if (pair.indexOf('=') <= 0) throw invalid(pairAt, `"${pair}" must be key=value`);
      }),
    );
    // Resource uids: ARNs for AWS, ARM resource ids (`/subscriptions/…`, `/tenants/…`) for Azure.
    const arns = optional(scopeBody['arns'], `${at}.arns`, (list, listAt) =>
      strings(list, listAt, (text, textAt) => {
        if (provider === 'azure') {
          if (!text.startsWith('/')) throw invalid(textAt, `"${text}" is not an Azure resource id (/subscriptions/…)`);
        } else void arn(text, textAt);
      }),
    );
    const collectOnly = optional(scopeBody['collectOnly'], `${at}.collectOnly`, boolean);
    if (collectOnly && (!arns?.length || tags?.length)) throw invalid(`${at}.collectOnly`, 'reads only the resources `arns` names: give arns and no tags');
    return { ...(tags ? { tags } : {}), ...(arns ? { arns } : {}), ...(collectOnly ? { collectOnly } : {}) };
  });
  // Scope ids in the provider's own format (AWS: 12-digit account ids; Azure: GUIDs).
  const format = module.scopeIdFormat;
  const accounts = optional(body['accounts'], `${field}.accounts`, (list, at) =>
    distinct(list, at, (id, idAt) => {
      if (!format.pattern.test(id)) throw invalid(idAt, `"${id}" is not ${format.description}`);
    }),
  );
  const partition = optional(body['partition'], `${field}.partition`, (share, at) => {
    const shareBody = object(share, at, ['index', 'count']);
    const count = positiveInteger(shareBody['count'], `${at}.count`);
    const index = shareBody['index'];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) throw invalid(`${at}.index`, `must be a whole number from 0 to ${count - 1} (got ${describe(index)})`);
    return { index, count };
  });
  return { ...(regions ? { regions } : {}), checks, frameworks, ...(resources ? { resources } : {}), ...(accounts ? { accounts } : {}), ...(partition ? { partition } : {}) };
}

function parseConfig(value: unknown, field: string): ScanConfig {
  object(value, field, ['checks', 'gateway', 'limits']);
  const validated = validateScanConfig(value);
  if ('problem' in validated) throw invalid([field, ...validated.problem.path].join('.'), validated.problem.message);
  return validated.config;
}

function parseMutelistSpec(value: unknown, field: string, scopeIdFormat: ScopeIdFormat): MutelistSpec {
  const body = object(value, field, ['file', 'rules']);
  const rules = array(body['rules'], `${field}.rules`).map((rule, index) => parseMuteRule(rule, `${field}.rules[${index}]`, scopeIdFormat));
  if (typeof body['file'] !== 'string') throw invalid(`${field}.file`, `must be a string (got ${describe(body['file'])})`);
  return { file: body['file'], rules };
}

function parseMuteRule(value: unknown, field: string, scopeIdFormat: ScopeIdFormat): MuteRuleSpec {
  const body = object(value, field, ['account', 'check', 'regions', 'resources', 'tags', 'exceptions', 'reason', 'expires', 'line']);
  const account = string(body['account'], `${field}.account`);
  if (account !== '*' && !scopeIdFormat.pattern.test(account)) throw invalid(`${field}.account`, `"${account}" must be ${scopeIdFormat.description} or "*"`);
  const check = body['check'];
  if (typeof check !== 'string') throw invalid(`${field}.check`, `must be a string (got ${describe(check)})`);
  if (check !== '*') pattern(check, `${field}.check`);
  const exceptions = optional(body['exceptions'], `${field}.exceptions`, (criteria, at): MuteCriteriaSpec => {
    const criteriaBody = object(criteria, at, ['accounts', 'regions', 'resources', 'tags']);
    return {
      accounts: patterns(criteriaBody['accounts'], `${at}.accounts`),
      regions: patterns(criteriaBody['regions'], `${at}.regions`),
      resources: patterns(criteriaBody['resources'], `${at}.resources`),
      tags: patterns(criteriaBody['tags'], `${at}.tags`),
    };
  });
  const reason = string(body['reason'], `${field}.reason`);
  if (!reason.trim()) throw invalid(`${field}.reason`, 'must say why the findings are muted');
  const expires = optional(body['expires'], `${field}.expires`, (time, at) => {
    const text = string(time, at);
    if (Number.isNaN(Date.parse(text))) throw invalid(at, `"${text}" is not an ISO date or time`);
    return text;
  });
  const line = optional(body['line'], `${field}.line`, positiveInteger);
  return {
    account,
    check,
    regions: patterns(body['regions'], `${field}.regions`),
    resources: patterns(body['resources'], `${field}.resources`),
    tags: patterns(body['tags'], `${field}.tags`),
    ...(exceptions ? { exceptions } : {}),
    reason,
    ...(expires === undefined ? {} : { expires }),
    ...(line === undefined ? {} : { line }),
  };
}

function parseLimits(value: unknown, field: string): ScanLimits {
  const body = object(value, field, ['maxConcurrency', 'maxAccountsInFlight', 'timeoutSeconds', 'retryPolicy']);
  const maxConcurrency = optional(body['maxConcurrency'], `${field}.maxConcurrency`, positiveInteger);
  const maxAccountsInFlight = optional(body['maxAccountsInFlight'], `${field}.maxAccountsInFlight`, positiveInteger);
  const timeoutSeconds = optional(body['timeoutSeconds'], `${field}.timeoutSeconds`, positiveInteger);
  const retryPolicy = optional(body['retryPolicy'], `${field}.retryPolicy`, (policy, at) => {
    if (policy !== 'classified' && policy !== 'uniform') throw invalid(at, `must be "classified" or "uniform" (got ${describe(policy)})`);
    return policy;
  });
  return {
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    ...(maxAccountsInFlight === undefined ? {} : { maxAccountsInFlight }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(retryPolicy === undefined ? {} : { retryPolicy }),
  };
}

function parseOutput(value: unknown, field: string): ScanOutputSettings {
  const body = object(value, field, ['statuses', 'snapshotOut']);
  const statuses = optional(body['statuses'], `${field}.statuses`, (list, at) =>
    distinct(list, at, (status, statusAt) => {
      if (!(FINDING_STATUSES as readonly string[]).includes(status)) throw invalid(statusAt, `unknown status "${status}"; valid: ${FINDING_STATUSES.join(', ')}`);
    }) as FindingStatus[],
  );
  const snapshotOut = optional(body['snapshotOut'], `${field}.snapshotOut`, string);
  return { ...(statuses ? { statuses } : {}), ...(snapshotOut === undefined ? {} : { snapshotOut }) };
}

// Field readers: each checks one JSON shape and names the field when it is wrong.

function invalid(field: string, message: string): InputError {
  return new InputError('REQUEST_INVALID', message, field ? { field } : undefined);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a Date';
  if (value instanceof Set || value instanceof Map) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : `a ${value.constructor?.name ?? 'class instance'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `a ${typeof value}`;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A plain object with only `allowed` keys; a key set to undefined counts as absent (JSON drops it). */
function object(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !isPlainObject(value)) {
    throw invalid(field, `${field ? 'must be' : 'a scan request must be'} an object (got ${describe(value)})`);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined && !allowed.includes(key)) throw invalid(field ? `${field}.${key}` : key, `unknown field${didYouMean(key, allowed)}`);
  }
  return value as Record<string, unknown>;
}

function optional<T>(value: unknown, field: string, read: (value: unknown, field: string) => T): T | undefined {
  return value === undefined ? undefined : read(value, field);
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, `must be a string (got ${describe(value)})`);
  if (!value) throw invalid(field, 'must not be empty');
  return value;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(field, `must be true or false (got ${describe(value)})`);
  return value;
}

function identifier(value: unknown, field: string): string {
  const text = string(value, field);
  if (text.length > 256 || [...text].some((character) => character.charCodeAt(0) < 0x20)) throw invalid(field, 'must be at most 256 characters, without control characters');
  return text;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(field, `must be a positive whole number (got ${describe(value)})`);
  return value;
}

function arn(value: unknown, field: string): string {
  const text = string(value, field);
  if (!text.startsWith('arn:')) throw invalid(field, `"${text}" is not an ARN`);
  return text;
}

function accountId(value: unknown, field: string): string {
  const text = string(value, field);
  if (!ACCOUNT_ID.test(text)) throw invalid(field, `"${text}" is not a 12-digit AWS account id`);
  return text;
}

function accountIds(value: unknown, field: string): string[] {
  return strings(value, field, (id, at) => void accountId(id, at));
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, `must be a list (got ${describe(value)})`);
  return value;
}

/** A list of non-empty strings, each checked by `check`. */
function strings(value: unknown, field: string, check: (item: string, field: string) => void = () => {}): string[] {
  return array(value, field).map((item, index) => {
    const text = string(item, `${field}[${index}]`);
    check(text, `${field}[${index}]`);
    return text;
  });
}

/** Like `strings`, and no value twice: a repeated check would be evaluated, and reported, twice. */
function distinct(value: unknown, field: string, check: (item: string, field: string) => void): string[] {
  const seen = new Set<string>();
  return strings(value, field, (item, at) => {
    check(item, at);
    if (seen.has(item)) throw invalid(at, `"${item}" is listed twice`);
    seen.add(item);
  });
}

function pattern(text: string, field: string): void {
  const problem = mutePatternProblem(text);
  if (problem !== undefined) throw invalid(field, `invalid pattern "${text}": ${problem}`);
}

/** Mutelist patterns; an empty one is allowed (it matches an empty value), as in the YAML file. */
function patterns(value: unknown, field: string): string[] {
  return array(value, field).map((item, index) => {
    if (typeof item !== 'string') throw invalid(`${field}[${index}]`, `must be a string (got ${describe(item)})`);
    pattern(item, `${field}[${index}]`);
    return item;
  });
}

/** Free-form JSON (the transport's options): checked so that it survives serialization unchanged. */
function jsonValue(value: unknown, field: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(field, `${value} is not a JSON number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => jsonValue(item, `${field}[${index}]`));
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value)) if (entry !== undefined) jsonValue(entry, `${field}.${key}`);
    return;
  }
  throw invalid(field, `must be JSON data (got ${describe(value)})`);
}
