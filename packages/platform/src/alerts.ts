/**
 * Alerts after a scan. When a scan completes, the dispatcher reads the tenant's enabled alert
 * rules, the scan's findings that can match them (each finding rule's own criteria become the store
 * query, so a large first scan is not read whole) and, for compliance rules, each requirement's
 * status in this scan against the provider's previous completed scan. `notificationsFor` (from
 * @palisade/integrations) decides the notifications, with the dedupe window kept in the store, and
 * each notification goes to each of its rule's integrations through `deliverWithRetries`, every
 * attempt written to the delivery's row.
 *
 * It works in the background: the scan is completed before the dispatcher starts and nothing it
 * does can fail or delay the scan. Every notification it decides to send ends as a delivery,
 * `delivered` or `failed` with the reason — also when the integration is gone, disabled, invalid or
 * its secret cannot be opened, and when the server stops mid-delivery — never dropped silently.
 * A notification is delivered to an integration at most once (the store refuses a second delivery
 * row), so evaluating a scan again sends nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getCheck } from '@palisade/checks';
import { SEVERITIES, SEVERITY_RANK, toFindingCheck } from '@palisade/core';
import type { Finding, FindingCheck, FindingStatus } from '@palisade/core';
import { createDestination, createS3Exporter, deliverWithRetries, deliveryAttemptOf, isIntegrationType, notificationsFor, parseAlertRule, parseIntegrationSettings } from '@palisade/integrations';
import type {
  AlertFinding,
  AlertRule,
  AlertScan,
  AlertScanResult,
  DedupeStore,
  DeliverOptions,
  DeliveryAttempt,
  DeliveryKey,
  DeliveryLog,
  DeliveryRecord,
  DeliveryResult,
  Destination,
  DestinationDeps,
  Notification,
  ReportFile,
  RequirementChange,
} from '@palisade/integrations';
import { toAsffFinding } from '@palisade/outputs';
import { StoreError } from '@palisade/store';
import type { Delivery, FindingQuery, Integration, Scan, Store, StoredFinding, TenantStore } from '@palisade/store';

/** What an integration's sealed secret is bound to (with the tenant id). */
export const INTEGRATION_SECRET_PURPOSE = 'integration-secret';

/** Findings one rule notifies about per scan, at most: a first scan of a large estate can match many. */
export const MAX_MATCHES_PER_RULE = 5000;

/** Failing findings listed with a requirement that turned FAIL. */
const FINDINGS_PER_REQUIREMENT = 100;

const PAGE = 1000;

export interface AlertDispatcherOptions {
  readonly store: Store;
  /** Opens an integration's sealed secret; absent: integrations with a secret fail to deliver. */
  readonly openSecret?: (tenantId: string, secretId: string) => Promise<unknown>;
  /** Written into Security Hub findings (`ProductFields.ProviderVersion`). */
  readonly productVersion: string;
  /** Retry settings for rule notifications (tests pass a backoff without waits). */
  readonly delivery?: Pick<DeliverOptions, 'attempts' | 'backoff' | 'sleep' | 'maxRetryAfterMs'>;
  /** What every destination gets besides its settings: fetch, clock, per-attempt timeout. */
  readonly destinationDeps?: DestinationDeps;
  /** Where the job runner writes each scan's reports (`<reportsDir>/<scanId>/`): S3 integrations export them. */
  readonly reportsDir?: string;
  /**
   * Reads a completed scan's report files for the S3 integrations, where they are not under
   * `reportsDir` (the serverless deployment writes them to its reports bucket).
   */
  readonly reportFiles?: (tenantId: string, scanId: string) => Promise<readonly ReportFile[]>;
  /** Deliveries under way at once (default 4). */
  readonly concurrency?: number;
  readonly now?: () => Date;
  /** Operational events (never secrets). */
  readonly log?: (event: { readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly tenantId?: string; readonly scanId?: string }) => void;
}

/** The answer of a test message: the receiver's, and the delivery that records it. */
export interface IntegrationTestResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  readonly deliveryId: string;
}

type Failure = { readonly code: string; readonly message: string };
type DestinationOutcome = { readonly destination: Destination } | { readonly failure: Failure };

export class AlertDispatcher {
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly options: AlertDispatcherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Evaluates the tenant's rules against a completed scan and delivers, in the background. */
  onScanCompleted(tenantId: string, scanId: string): void {
    if (this.stopped) return;
    const work: Promise<void> = this.dispatch(tenantId, scanId)
      .catch((error: unknown) => this.log('error', `alerts for the scan failed: ${messageOf(error)}`, tenantId, scanId))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves once every scan handed over so far has been evaluated and its deliveries have ended. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Takes no more scans; deliveries under way stop and are recorded `failed` (`ABORTED`). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.idle();
  }

  /**
   * Sends a test message to an integration now (one attempt, no retries) and records it as a
   * `test` delivery. S3 integrations write a small test object instead.
   */
  async testIntegration(tenant: TenantStore, integration: Integration): Promise<IntegrationTestResult> {
    const notification: Notification = { id: randomUUID(), tenantId: tenant.tenantId, kind: 'finding', findings: [], createdAt: this.now().toISOString(), test: true };
    const delivery = await tenant.appendDelivery({ integrationId: integration.id, notificationId: notification.id, kind: 'test' });
    const key: DeliveryKey = { tenantId: tenant.tenantId, notificationId: notification.id, destinationId: integration.id };
    const log = new StoreDeliveryLog(tenant, key, delivery.id, this.now);
    if (integration.type === 's3') {
      const exported = await this.testExport(tenant, integration, notification);
      const attempt = deliveryAttemptOf(exported.result, exported.at, exported.durationMs);
      await log.appendAttempt(key, attempt);
      await log.finish(key, { status: attempt.ok ? 'delivered' : 'failed', attempts: [attempt] });
      return { ...resultView(exported.result), deliveryId: delivery.id };
    }
    const outcome = await this.destinationFor(tenant.tenantId, { ...integration, enabled: true }, undefined);
    if ('failure' in outcome) {
      await failDelivery(tenant, delivery.id, outcome.failure, this.now());
      return { ok: false, code: outcome.failure.code, message: outcome.failure.message, deliveryId: delivery.id };
    }
    const record = await deliverWithRetries(outcome.destination, notification, { attempts: 1, now: this.now, signal: this.abort.signal, log: { store: log, destinationId: integration.id } });
    const last = record.attempts[record.attempts.length - 1];
    return { ...(last ? resultView(last) : { code: 'ABORTED', message: 'the server is stopping' }), ok: record.status === 'delivered', deliveryId: delivery.id };
  }

  private async dispatch(tenantId: string, scanId: string): Promise<void> {
    const tenant = this.options.store.forTenant(tenantId);
    await this.exportReports(tenant, scanId);
    const rules = await this.enabledRules(tenant, scanId);
    if (rules.length === 0) return;
    const scan = await tenant.getScan(scanId);
    if (!scan || scan.state !== 'completed') return;
    const provider = await tenant.getProvider(scan.providerId);
    const alertScan = alertScanOf(scan, provider?.alias ?? scan.providerId);
    const now = this.now();
    const dedupe: DedupeStore = { get: (key) => tenant.getAlertDedupe(key), put: (key, sentAt, expiresAt) => tenant.putAlertDedupe(key, sentAt, expiresAt) };
    const findings = new FindingReader(tenant, scan.id, (message) => this.log('warn', message, tenantId, scanId));
    const requirements = rules.some((rule) => rule.kind === 'compliance') ? await requirementChanges(tenant, scan) : [];

    const notified: { readonly rule: AlertRule; readonly notification: Notification }[] = [];
    for (const rule of rules) {
      const result: AlertScanResult = { tenantId, scan: alertScan, findings: await findings.forRule(rule, requirements), ...(rule.kind === 'compliance' ? { requirements } : {}) };
      for (const notification of await notificationsFor(rule, result, dedupe, now)) notified.push({ rule, notification });
    }
    await tenant.purgeAlertDedupe(now.toISOString());
    if (notified.length === 0) return;
    this.log('info', `${notified.length} notification(s) to deliver`, tenantId, scanId);

    // One destination per integration for this scan, built on first use.
    const destinations = new Map<string, Promise<DestinationOutcome>>();
    const destinationOf = (integrationId: string): Promise<DestinationOutcome> => {
      let outcome = destinations.get(integrationId);
      if (!outcome) {
        outcome = tenant.getIntegration(integrationId).then((integration) =>
          integration ? this.destinationFor(tenantId, integration, scan.id) : { failure: { code: 'IntegrationNotFound', message: `integration ${integrationId} no longer exists` } },
        );
        destinations.set(integrationId, outcome);
      }
      return outcome;
    };
    const jobs = notified.flatMap(({ rule, notification }) =>
      [...new Set(rule.destinations)].map((integrationId) => () => this.deliver(tenant, { integrationId, ruleId: rule.id, scanId: scan.id, notification }, destinationOf)),
    );
    await inParallel(jobs, this.options.concurrency ?? 4);
  }

  /** One notification to one integration, from its delivery row to its outcome. */
  private async deliver(
    tenant: TenantStore,
    job: { readonly integrationId: string; readonly ruleId: string; readonly scanId: string; readonly notification: Notification },
    destinationOf: (integrationId: string) => Promise<DestinationOutcome>,
  ): Promise<void> {
    const { integrationId, notification } = job;
    let delivery: Delivery;
    try {
      delivery = await tenant.appendDelivery({ integrationId, ruleId: job.ruleId, notificationId: notification.id, scanId: job.scanId, kind: notification.kind });
    } catch (error) {
      // Delivered (or under way) already: this scan was evaluated before.
      if (error instanceof StoreError && error.code === 'Conflict') return;
      this.log('error', `notification ${notification.id} to integration ${integrationId} could not be recorded: ${messageOf(error)}`, tenant.tenantId, job.scanId);
      return;
    }
    try {
      const outcome = await destinationOf(integrationId);
      if ('failure' in outcome) {
        await failDelivery(tenant, delivery.id, outcome.failure, this.now());
        this.log('warn', `delivery ${delivery.id} failed: ${outcome.failure.code}`, tenant.tenantId, job.scanId);
        return;
      }
      const log = new StoreDeliveryLog(tenant, { tenantId: tenant.tenantId, notificationId: notification.id, destinationId: integrationId }, delivery.id, this.now);
      const record = await deliverWithRetries(outcome.destination, notification, { ...this.options.delivery, now: this.now, signal: this.abort.signal, log: { store: log, destinationId: integrationId } });
      if (record.status === 'failed') this.log('warn', `delivery ${delivery.id} failed after ${record.attempts.length} attempt(s)`, tenant.tenantId, job.scanId);
    } catch (error) {
      await failDelivery(tenant, delivery.id, { code: 'INTERNAL', message: messageOf(error) }, this.now()).catch(() => undefined);
      this.log('error', `delivery ${delivery.id} failed: ${messageOf(error)}`, tenant.tenantId, job.scanId);
    }
  }

  /** The tenant's enabled rules, parsed; a stored body that no longer parses is skipped with a log line. */
  private async enabledRules(tenant: TenantStore, scanId: string): Promise<AlertRule[]> {
    const rules: AlertRule[] = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.listAlertRules({ enabled: true, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const stored of page.items) {
        const parsed = parseAlertRule(stored.body);
        if (parsed.ok) rules.push({ ...parsed.value, id: stored.id, name: stored.name, enabled: stored.enabled });
        else this.log('error', `alert rule ${stored.id} is not valid and was skipped: ${parsed.problems.map((problem) => problem.field).join(', ')}`, tenant.tenantId, scanId);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return rules;
  }

  /** The destination an integration's stored settings make, or why there is none. */
  private async destinationFor(tenantId: string, integration: Integration, scanId: string | undefined): Promise<DestinationOutcome> {
    if (!integration.enabled) return { failure: { code: 'IntegrationDisabled', message: `integration ${integration.id} is disabled` } };
    if (!isIntegrationType(integration.type) || integration.type === 's3') {
      return { failure: { code: 'NotADestination', message: `a ${integration.type} integration takes no notifications` } };
    }
    const secret = await this.secretOf(tenantId, integration);
    if ('failure' in secret) return secret;
    const parsed = parseIntegrationSettings(integration.type, integration.config, secret.value);
    if (!parsed.ok) {
      return { failure: { code: 'IntegrationInvalid', message: `the integration's settings are not valid: ${parsed.problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}` } };
    }
    const settings = parsed.value;
    const deps = this.options.destinationDeps ?? {};
    switch (settings.type) {
      case 'securityhub': {
        const { fetch: _fetch, ...sdkDeps } = deps;
        return { destination: createDestination('securityhub', settings.config, settings.secret, { ...sdkDeps, toAsff: asffMapper(scanId ?? 'test', this.options.productVersion) }) };
      }
      case 'slack':
        return { destination: createDestination('slack', settings.config, settings.secret, deps) };
      case 'webhook':
        return { destination: createDestination('webhook', settings.config, settings.secret, deps) };
      case 'jira':
        return { destination: createDestination('jira', settings.config, settings.secret, deps) };
      case 'email':
        return { destination: createDestination('email', settings.config, settings.secret, deps) };
      case 's3':
        return { failure: { code: 'NotADestination', message: 'an s3 integration takes no notifications' } };
    }
  }

  private async secretOf(tenantId: string, integration: Integration): Promise<{ readonly value: unknown } | { readonly failure: Failure }> {
    if (!integration.secretId) return { value: undefined };
    if (!this.options.openSecret) return { failure: { code: 'SecretUnavailable', message: 'this server cannot open stored secrets' } };
    try {
      return { value: await this.options.openSecret(tenantId, integration.secretId) };
    } catch {
      // The error may describe the secret; only that it failed is recorded.
      return { failure: { code: 'SecretUnavailable', message: "the integration's stored secret could not be opened; set it again" } };
    }
  }

  /**
   * Every enabled S3 integration receives the scan's report files (OCSF, CSV, HTML, compliance), one
   * `export` delivery each, with retries like notifications.
   */
  private async exportReports(tenant: TenantStore, scanId: string): Promise<void> {
    const reportsDir = this.options.reportsDir;
    const reportFiles = this.options.reportFiles ?? (reportsDir === undefined ? undefined : (_tenantId: string, id: string) => localReportFiles(join(reportsDir, id)));
    if (!reportFiles) return;
    const integrations: Integration[] = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.listIntegrations({ type: 's3', limit: 1000, ...(cursor ? { cursor } : {}) });
      integrations.push(...page.items.filter((integration) => integration.enabled));
      cursor = page.nextCursor;
    } while (cursor);
    if (integrations.length === 0) return;
    const scan = await tenant.getScan(scanId);
    if (!scan || scan.state !== 'completed') return;
    const provider = await tenant.getProvider(scan.providerId);
    const alertScan = alertScanOf(scan, provider?.alias ?? scan.providerId);
    const files = await reportFiles(tenant.tenantId, scanId);
    for (const integration of integrations) {
      const notificationId = randomUUID();
      let delivery: Delivery;
      try {
        delivery = await tenant.appendDelivery({ integrationId: integration.id, notificationId, scanId, kind: 'export' });
      } catch (error) {
        this.log('error', `the export to integration ${integration.id} could not be recorded: ${messageOf(error)}`, tenant.tenantId, scanId);
        continue;
      }
      const secret = await this.secretOf(tenant.tenantId, integration);
      const parsed = 'failure' in secret ? undefined : parseIntegrationSettings('s3', integration.config, secret.value);
      if ('failure' in secret || !parsed?.ok || parsed.value.type !== 's3') {
        const failure = 'failure' in secret ? secret.failure : { code: 'IntegrationInvalid', message: "the integration's settings are not valid" };
        await failDelivery(tenant, delivery.id, failure, this.now());
        continue;
      }
      const { fetch: _fetch, ...sdkDeps } = this.options.destinationDeps ?? {};
      const exporter = createS3Exporter(parsed.value.config, parsed.value.secret, sdkDeps);
      // The exporter as a destination, so that exports are retried and logged as deliveries are.
      const destination: Destination = { type: 'webhook', send: (_notification, signal) => exporter.exportReports(alertScan, files, signal) };
      const notification: Notification = { id: notificationId, tenantId: tenant.tenantId, kind: 'digest', scan: alertScan, findings: [], createdAt: this.now().toISOString() };
      const log = new StoreDeliveryLog(tenant, { tenantId: tenant.tenantId, notificationId, destinationId: integration.id }, delivery.id, this.now);
      const record = await deliverWithRetries(destination, notification, { ...this.options.delivery, now: this.now, signal: this.abort.signal, log: { store: log, destinationId: integration.id } });
      if (record.status === 'failed') this.log('warn', `export ${delivery.id} failed after ${record.attempts.length} attempt(s)`, tenant.tenantId, scanId);
    }
  }

  /** An S3 integration's test: one small object under `<prefix>test/<notification id>/`. */
  private async testExport(tenant: TenantStore, integration: Integration, notification: Notification): Promise<{ result: DeliveryResult; at: Date; durationMs: number }> {
    const at = this.now();
    const started = performance.now();
    const finish = (result: DeliveryResult) => ({ result, at, durationMs: Math.max(0, Math.round(performance.now() - started)) });
    const secret = await this.secretOf(tenant.tenantId, integration);
    if ('failure' in secret) return finish({ ok: false, retryable: false, ...secret.failure });
    const parsed = parseIntegrationSettings('s3', integration.config, secret.value);
    if (!parsed.ok || parsed.value.type !== 's3') {
      const problems = parsed.ok ? [] : parsed.problems.map((problem) => `${problem.field} ${problem.message}`);
      return finish({ ok: false, retryable: false, code: 'IntegrationInvalid', message: `the integration's settings are not valid: ${problems.join('; ')}` });
    }
    const { fetch: _fetch, ...sdkDeps } = this.options.destinationDeps ?? {};
    const exporter = createS3Exporter(parsed.value.config, parsed.value.secret, sdkDeps);
    const body = JSON.stringify({ test: true, id: notification.id, createdAt: notification.createdAt });
    const scan = { id: notification.id, providerId: 'test', providerAlias: 'test', trigger: 'manual' as const };
    return finish(await exporter.exportReports(scan, [{ keySuffix: 'palisade-test.json', contentType: 'application/json', body }], this.abort.signal));
  }

  private log(level: 'info' | 'warn' | 'error', message: string, tenantId: string, scanId: string): void {
    this.options.log?.({ level, message, tenantId, scanId });
  }
}

/**
 * The findings rules are evaluated against, read per rule with the rule's own criteria as the
 * query (identical queries are read once), so only findings that can match are held in memory.
 */
class FindingReader {
  private readonly cache = new Map<string, Promise<AlertFinding[]>>();

  constructor(
    private readonly tenant: TenantStore,
    private readonly scanId: string,
    private readonly warn: (message: string) => void,
  ) {}

  async forRule(rule: AlertRule, requirements: readonly RequirementChange[]): Promise<AlertFinding[]> {
    switch (rule.kind) {
      case 'finding': {
        const minimum = SEVERITY_RANK[rule.minSeverity];
        const query: FindingQuery = {
          scanId: this.scanId,
          severity: SEVERITIES.filter((severity) => SEVERITY_RANK[severity] >= minimum),
          status: rule.statuses ?? ['FAIL'],
          delta: rule.deltas ?? ['new', 'changed'],
          ...(rule.includeMuted ? {} : { muted: false }),
          ...(rule.checkIds?.length === 1 ? { checkId: rule.checkIds[0] } : {}),
          ...(rule.services?.length === 1 ? { service: rule.services[0] } : {}),
        };
        return this.read(query, MAX_MATCHES_PER_RULE, rule);
      }
      case 'provider-change':
        return this.read({ scanId: this.scanId, delta: ['new', 'changed', 'resolved'], muted: false }, MAX_MATCHES_PER_RULE, rule);
      case 'compliance': {
        const turned = requirements.filter(
          (change) => change.frameworkId === rule.frameworkId && change.status === 'FAIL' && change.previousStatus !== 'FAIL' && (!rule.requirementIds || rule.requirementIds.includes(change.requirementId)),
        );
        const lists = await Promise.all(
          turned.map((change) => this.read({ scanId: this.scanId, compliance: `${change.frameworkId}:${change.requirementId}`, status: ['FAIL'], muted: false }, FINDINGS_PER_REQUIREMENT)),
        );
        return lists.flat();
      }
    }
  }

  private read(query: FindingQuery, limit: number, rule?: AlertRule): Promise<AlertFinding[]> {
    const key = JSON.stringify([query, limit]);
    let findings = this.cache.get(key);
    if (!findings) {
      findings = this.readPages(query, limit, rule);
      this.cache.set(key, findings);
    }
    return findings;
  }

  private async readPages(query: FindingQuery, limit: number, rule: AlertRule | undefined): Promise<AlertFinding[]> {
    const findings: AlertFinding[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.tenant.listFindings({ ...query, limit: Math.min(PAGE, limit - findings.length + 1), ...(cursor ? { cursor } : {}) });
      for (const finding of page.items) findings.push(alertFindingOf(finding));
      cursor = page.nextCursor;
    } while (cursor && findings.length <= limit);
    if (findings.length > limit) {
      if (rule) this.warn(`alert rule ${rule.id} matched more than ${limit} findings; only the first ${limit} are notified`);
      findings.length = limit;
    }
    return findings;
  }
}

/** A DeliveryLog over the store for one delivery: each attempt and the outcome go to its row as they happen. */
class StoreDeliveryLog implements DeliveryLog {
  private attempts: DeliveryAttempt[] = [];

  constructor(
    private readonly tenant: TenantStore,
    private readonly key: DeliveryKey,
    private readonly deliveryId: string,
    private readonly now: () => Date,
  ) {}

  async appendAttempt(key: DeliveryKey, attempt: DeliveryAttempt): Promise<void> {
    this.check(key);
    this.attempts = [...this.attempts, attempt];
    await this.tenant.updateDelivery(this.deliveryId, { attempts: this.attempts });
  }

  async finish(key: DeliveryKey, record: DeliveryRecord): Promise<void> {
    this.check(key);
    const last = record.attempts[record.attempts.length - 1];
    const lastError =
      record.status === 'delivered'
        ? null
        : last
          ? { code: last.code ?? 'FAILED', message: last.message ?? 'the delivery failed', ...(last.status === undefined ? {} : { status: last.status }) }
          : { code: 'ABORTED', message: 'the server stopped before the delivery was sent' };
    await this.tenant.updateDelivery(this.deliveryId, { status: record.status, attempts: record.attempts, lastError, finishedAt: this.now().toISOString() });
  }

  private check(key: DeliveryKey): void {
    if (key.notificationId !== this.key.notificationId || key.destinationId !== this.key.destinationId || key.tenantId !== this.key.tenantId) {
      throw new Error(`this log records notification ${this.key.notificationId} only`);
    }
  }
}

async function failDelivery(tenant: TenantStore, id: string, failure: Failure, at: Date): Promise<void> {
  await tenant.updateDelivery(id, { status: 'failed', lastError: failure, finishedAt: at.toISOString() });
}

/** A finding as notifications show it, with its check's risk and remediation. */
export function alertFindingOf(finding: StoredFinding): AlertFinding {
  const check = getCheck(finding.checkId);
  const url = check?.references.find((reference) => URL.canParse(reference));
  return {
    uid: finding.uid,
    checkId: finding.checkId,
    title: finding.title,
    service: finding.service,
    severity: finding.severity,
    status: finding.status,
    // A resolved finding was failing before (that is what makes it resolved).
    ...(finding.delta === 'resolved' ? { previousStatus: 'FAIL' as FindingStatus } : {}),
    delta: finding.delta,
    message: finding.message,
    provider: finding.provider,
    accountUid: finding.accountUid,
    region: finding.region,
    resource: { uid: finding.resource.uid, name: finding.resource.name, type: finding.resource.type },
    ...(check ? { risk: check.risk, remediation: { text: check.remediation.summary, ...(url ? { url } : {}) } } : {}),
    compliance: [...finding.compliance],
    muted: finding.muted !== undefined,
    time: finding.time,
  };
}

function alertScanOf(scan: Scan, providerAlias: string): AlertScan {
  const total = scan.summary?.['total'] as Partial<Record<FindingStatus, number>> | undefined;
  return {
    id: scan.id,
    providerId: scan.providerId,
    providerAlias,
    trigger: scan.trigger,
    ...(scan.finishedAt ? { finishedAt: scan.finishedAt } : {}),
    ...(total ? { totals: { PASS: total.PASS ?? 0, FAIL: total.FAIL ?? 0, MANUAL: total.MANUAL ?? 0, ERROR: total.ERROR ?? 0 } } : {}),
    ...(scan.event ? { event: `${scan.event.source}:${scan.event.name}` } : {}),
  };
}

type RequirementStatus = RequirementChange['status'];
interface StoredCompliance {
  readonly [framework: string]: { readonly requirements?: readonly { readonly id: string; readonly title?: string; readonly status: RequirementStatus }[] } | undefined;
}

/** Each requirement's status in this scan, with its status in the provider's previous completed scan (when there is one). */
async function requirementChanges(tenant: TenantStore, scan: Scan): Promise<RequirementChange[]> {
  const current = scan.summary?.['compliance'] as StoredCompliance | undefined;
  if (!current || !scan.finishedAt) return [];
  const finishedAt = scan.finishedAt;
  const recent = await tenant.completedScanSummaries({ providerId: scan.providerId, limit: 50, fields: ['compliance'] });
  // Oldest first: the last one finished before this scan.
  const previous = recent.filter((entry) => entry.scanId !== scan.id && entry.finishedAt <= finishedAt).pop()?.summary['compliance'] as StoredCompliance | undefined;
  const changes: RequirementChange[] = [];
  for (const [frameworkId, framework] of Object.entries(current)) {
    const before = new Map((previous?.[frameworkId]?.requirements ?? []).map((requirement) => [requirement.id, requirement.status]));
    for (const requirement of framework?.requirements ?? []) {
      const previousStatus = before.get(requirement.id);
      changes.push({ frameworkId, requirementId: requirement.id, status: requirement.status, ...(requirement.title ? { title: requirement.title } : {}), ...(previousStatus ? { previousStatus } : {}) });
    }
  }
  return changes;
}

/** The core finding the ASFF mapping takes, rebuilt from a notification's finding and its check. */
function asffMapper(scanId: string, productVersion: string): (finding: AlertFinding) => ReturnType<typeof toAsffFinding> {
  return (finding) => toAsffFinding(coreFindingOf(finding, scanId), { productVersion });
}

function coreFindingOf(finding: AlertFinding, scanId: string): Finding {
  const check = getCheck(finding.checkId);
  const meta: FindingCheck = check
    ? toFindingCheck(check)
    : {
        id: finding.checkId,
        provider: finding.provider,
        service: finding.service,
        resourceType: finding.resource.type,
        severity: finding.severity,
        title: finding.title,
        description: finding.title,
        risk: finding.risk ?? '',
        remediation: { summary: finding.remediation?.text ?? '' },
        references: finding.remediation?.url ? [finding.remediation.url] : [],
        categories: [],
      };
  return {
    uid: finding.uid,
    scanId,
    check: meta,
    status: finding.status,
    message: finding.message,
    severity: finding.severity,
    provider: finding.provider,
    accountId: finding.accountUid,
    region: finding.region,
    resource: { uid: finding.resource.uid, type: finding.resource.type, name: finding.resource.name, region: finding.region },
    time: finding.time,
    compliance: finding.compliance,
    ...(finding.muted ? { muted: { reason: 'muted in Palisade', rule: 'platform' } } : {}),
  };
}


function resultView(result: Pick<DeliveryResult, 'ok' | 'status' | 'code' | 'message'>): Omit<IntegrationTestResult, 'deliveryId'> {
  return { ok: result.ok, ...(result.status === undefined ? {} : { status: result.status }), ...(result.code === undefined ? {} : { code: result.code }), ...(result.message === undefined ? {} : { message: result.message }) };
}

/** Runs the jobs, at most `limit` at a time; a job's failure is its own (jobs catch their errors). */
async function inParallel(jobs: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      await job();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The report files of a scan in its directory, those in sub-directories (`compliance/…`) included, named by their relative path. */
async function localReportFiles(directory: string, prefix = ''): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) files.push(...(await localReportFiles(join(directory, entry.name), `${name}/`)));
    else if (entry.isFile()) files.push({ keySuffix: name, contentType: contentTypeOf(name), body: await readFile(join(directory, entry.name)) });
  }
  return files;
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.html')) return 'text/html; charset=utf-8';
  return 'application/octet-stream';
}
