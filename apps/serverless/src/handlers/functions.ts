/**
 * The deployment's functions as plain async functions of their event, built from a context: the
 * HTTP API (the platform's Fastify app behind API Gateway), the orchestrator (claims queued scans
 * and starts their executions; runs due schedules; turns CloudTrail change events into targeted
 * scans) and the steps of the scan state machine (plan, collect, evaluate, finalize, record a
 * failure). The handler modules beside this one bind them to the environment; the local end-to-end
 * test binds them to dynalite and a directory and runs the synthesized state machine with them.
 */
import type { FastifyInstance } from 'fastify';
import { openPlatform, platformServer, providerCredentialsOpener } from '@palisade/api';
import type { Platform } from '@palisade/api';
import { DistributedScans } from '@palisade/platform';
import type { CollectRef, EvaluateRef, FailureRef, PlannedScan, ScanRef, StepResult } from '@palisade/platform';
import type { ServerlessContext } from './context.ts';

/** API Gateway HTTP API event, payload format 2.0 (the fields the adapter reads). */
export interface HttpApiEvent {
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly cookies?: readonly string[];
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly http: { readonly method: string; readonly sourceIp?: string } };
}

export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
  readonly cookies?: readonly string[];
}

/** What invokes the orchestrator: the API after a request that may have queued scans, the scheduler, EventBridge. */
export type OrchestratorEvent =
  | { readonly kind: 'dispatch' }
  | { readonly kind: 'schedules' }
  | { readonly 'detail-type': string; readonly source?: string; readonly account?: string; readonly detail?: unknown; readonly id?: string };

export interface OrchestratorResult {
  readonly schedulesQueued?: number;
  readonly events?: { readonly accepted: number; readonly scans: number };
}

export interface ServerlessFunctions {
  api(event: HttpApiEvent): Promise<HttpApiResult>;
  orchestrator(event: OrchestratorEvent): Promise<OrchestratorResult>;
  plan(event: ScanRef): Promise<PlannedScan>;
  collect(event: CollectRef): Promise<StepResult>;
  evaluate(event: EvaluateRef): Promise<StepResult>;
  finalize(event: ScanRef): Promise<StepResult>;
  recordFailure(event: FailureRef): Promise<StepResult>;
  /** The platform these functions share (administration: the first tenant, key rotation). */
  platform(): Promise<Platform>;
  close(): Promise<void>;
}

/** Text types are returned as text; anything else (none today) as base64. */
const TEXT = /^(application\/(json|problem\+json|javascript|xml)|text\/)/;

export function createFunctions(context: ServerlessContext): ServerlessFunctions {
  let platform: Promise<Platform> | undefined;
  let server: Promise<FastifyInstance> | undefined;
  let scans: Promise<DistributedScans> | undefined;

  const platformOf = () =>
    (platform ??= openPlatform({
      store: context.store,
      dataDir: context.workDir,
      productVersion: context.productVersion,
      env: { PALISADE_MASTER_KEY: context.masterKey },
      // S3 integrations export the report files from the bucket finalize wrote them to.
      ...(context.reports ? { alerts: { reportFiles: context.reports.files.bind(context.reports) } } : {}),
      // Claimed scans become state machine executions; nothing runs a scan inside these functions.
      dispatch: (scan) => context.startExecution({ tenantId: scan.tenantId, scanId: scan.id }),
      ...(context.transport ? { transport: context.transport } : {}),
    }));
  const scansOf = () =>
    (scans ??= platformOf().then(
      (opened) =>
        new DistributedScans({
          store: opened.store,
          parts: context.parts,
          productVersion: context.productVersion,
          reportsDir: `${context.workDir}/reports`,
          openSecret: providerCredentialsOpener(opened.store, opened.sealer),
          ...(context.reports ? { reportDestination: context.reports.destination.bind(context.reports) } : {}),
          ...(context.transport ? { transport: context.transport } : {}),
          onCompleted: (tenantId, scanId) => opened.alerts.onScanCompleted(tenantId, scanId),
        }),
    ));

  const dispatch = async () => (await platformOf()).runner.claimOnce();

  return {
    async api(event) {
      const opened = await platformOf();
      const app = await (server ??= platformServer(opened, { ...(context.reports ? { reportLink: context.reports.link.bind(context.reports) } : {}), ...(context.httpLog === false ? { logger: false } : {}) }));
      const method = event.requestContext.http.method.toUpperCase();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
      if (event.cookies?.length) headers['cookie'] = event.cookies.join('; ');
      if (event.requestContext.http.sourceIp) headers['x-forwarded-for'] ??= event.requestContext.http.sourceIp;
      const response = await app.inject({
        method: method as 'GET',
        url: event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath,
        headers,
        ...(event.body !== undefined ? { payload: event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body } : {}),
      });
      // A request that may have queued scans (a scan, change events) wakes the orchestrator, which starts them.
      if (method === 'POST' && response.statusCode < 300 && /\/api\/v1\/(scans|events)(\/|$)/.test(event.rawPath)) await context.invokeOrchestrator?.({ kind: 'dispatch' });
      const responseHeaders: Record<string, string> = {};
      const cookies: string[] = [];
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined) continue;
        if (name === 'set-cookie') cookies.push(...(Array.isArray(value) ? value.map(String) : [String(value)]));
        else responseHeaders[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      const text = TEXT.test(responseHeaders['content-type'] ?? 'text/plain');
      return {
        statusCode: response.statusCode,
        headers: responseHeaders,
        body: text ? response.body : response.rawPayload.toString('base64'),
        isBase64Encoded: !text,
        ...(cookies.length ? { cookies } : {}),
      };
    },

    async orchestrator(event) {
      const opened = await platformOf();
      if ('kind' in event && event.kind === 'schedules') {
        const schedulesQueued = await opened.schedules.tick();
        await dispatch();
        return { schedulesQueued };
      }
      if ('detail-type' in event) {
        // An EventBridge CloudTrail event: every tenant with a provider covering its account queues a targeted scan.
        let accepted = 0;
        let scanCount = 0;
        let cursor: string | undefined;
        do {
          const page = await opened.store.system.listTenants({ limit: 500, ...(cursor ? { cursor } : {}) });
          for (const tenant of page.items) {
            const intake = await opened.events.receive(opened.store.forTenant(tenant.id), [event]);
            accepted += intake.accepted;
            scanCount += intake.scans.length;
          }
          cursor = page.nextCursor;
        } while (cursor);
        await dispatch();
        return { events: { accepted, scans: scanCount } };
      }
      await dispatch();
      return {};
    },

    plan: async (event) => (await scansOf()).plan(event),
    collect: async (event) => (await scansOf()).collect(event),
    evaluate: async (event) => (await scansOf()).evaluate(event),
    async finalize(event) {
      const result = await (await scansOf()).finalize(event);
      // The alerts of the completed scan are sent before the function returns (it may be frozen after).
      await (await platformOf()).alerts.idle();
      return result;
    },
    recordFailure: async (event) => (await scansOf()).recordFailure(event),
    platform: platformOf,

    async close() {
      (await scans)?.close();
      await (await server)?.close();
      await (await platform)?.close();
    },
  };
}
