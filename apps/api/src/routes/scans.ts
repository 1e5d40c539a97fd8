/** Scans as jobs: queued here, run by the platform's job runner, followed through their state. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SCAN_STATES } from '@palisade/store';
import type { Scan } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { IdParams, PageQuery, commonErrors, errorRef, page } from '../schemas.ts';

export const ScanScope = Type.Object(
  {
    regions: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$' }), { maxItems: 40 })),
    services: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]{2,40}$' }), { maxItems: 100 })),
    checks: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 2000 })),
    compliance: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    accounts: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{12}$' }), { maxItems: 1000, description: 'only these accounts of the provider' })),
    resources: Type.Optional(Type.Array(Type.String({ pattern: '^arn:', maxLength: 2048 }), { maxItems: 1000, description: 'only these resources (ARNs); other findings keep their status' })),
  },
  { additionalProperties: false },
);

const ScanEventView = Type.Object(
  { id: Type.String(), source: Type.String(), name: Type.String(), time: Type.String(), resources: Type.Optional(Type.Array(Type.String())) },
  { additionalProperties: false },
);

const ScanView = Type.Object(
  {
    id: Type.String(),
    providerId: Type.String(),
    state: Type.Union(SCAN_STATES.map((state) => Type.Literal(state))),
    trigger: Type.String(),
    scheduleId: Type.Optional(Type.String()),
    scope: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    event: Type.Optional(ScanEventView),
    progress: Type.Object({ percent: Type.Number(), resources: Type.Number(), findings: Type.Number(), accountsDone: Type.Optional(Type.Number()), accountsTotal: Type.Optional(Type.Number()) }),
    summary: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    createdAt: Type.String(),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export function scanView(scan: Scan) {
  return {
    id: scan.id,
    providerId: scan.providerId,
    state: scan.state,
    trigger: scan.trigger,
    ...(scan.scheduleId ? { scheduleId: scan.scheduleId } : {}),
    ...(scan.scope ? { scope: { ...scan.scope } } : {}),
    ...(scan.event ? { event: { ...scan.event, ...(scan.event.resources ? { resources: [...scan.event.resources] } : {}) } } : {}),
    progress: scan.progress,
    ...(scan.summary ? { summary: { ...scan.summary } } : {}),
    ...(scan.error ? { error: scan.error } : {}),
    createdAt: scan.createdAt,
    ...(scan.startedAt ? { startedAt: scan.startedAt } : {}),
    ...(scan.finishedAt ? { finishedAt: scan.finishedAt } : {}),
  };
}

/** Report kinds and the files behind them (see the job runner's file sinks). */
const REPORTS = {
  ocsf: { suffix: '.ocsf.json', type: 'application/json' },
  csv: { suffix: '.csv', type: 'text/csv; charset=utf-8' },
  html: { suffix: '.html', type: 'text/html; charset=utf-8' },
} as const;

export async function scanRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['scans'];
  const tenantOf = (request: Parameters<typeof principalOf>[0]) => deps.store.forTenant(principalOf(request).tenantId);

  app.post(
    '/scans',
    {
      config: { permission: 'manage_scans' },
      schema: {
        tags,
        summary: 'Start a scan (queued; two scans of one provider never run at once)',
        body: Type.Object({ providerId: Type.String({ minLength: 1, maxLength: 128 }), scope: Type.Optional(ScanScope) }, { additionalProperties: false }),
        response: { 202: Type.Object({ id: Type.String(), state: Type.String() }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { providerId, scope } = request.body;
      if (!(await tenant.getProvider(providerId))) throw new ApiError(404, 'NOT_FOUND', 'provider not found', 'body.providerId');
      const actor = principalOf(request).actor;
      const scan = await tenant.createScan({ providerId, trigger: 'manual', ...(scope ? { scope } : {}), createdBy: actor });
      await tenant.audit({ actor, action: 'scan.start', target: `scan:${scan.id}`, details: { providerId }, ip: request.ip });
      deps.runner.wake();
      return reply.status(202).send({ id: scan.id, state: scan.state });
    },
  );

  app.get(
    '/scans',
    {
      config: { permission: 'read' },
      schema: {
        tags,
        summary: 'List scans, newest first',
        querystring: Type.Object({ ...PageQuery, providerId: Type.Optional(Type.String()), state: Type.Optional(Type.Union(SCAN_STATES.map((state) => Type.Literal(state)))) }, { additionalProperties: false }),
        response: { 200: page(ScanView), ...commonErrors },
      },
    },
    async (request) => {
      const listed = await tenantOf(request).listScans(request.query);
      return { items: listed.items.map(scanView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get('/scans/:id', { config: { permission: 'read' }, schema: { tags, summary: 'A scan: state, progress, summary', params: IdParams, response: { 200: ScanView, ...commonErrors } } }, async (request) => {
    const scan = await tenantOf(request).getScan(request.params.id);
    if (!scan) throw notFound('scan');
    return scanView(scan);
  });

  app.post(
    '/scans/:id/cancel',
    { config: { permission: 'manage_scans' }, schema: { tags, summary: 'Cancel a queued or running scan', params: IdParams, response: { 202: Type.Object({ id: Type.String(), state: Type.String() }), 409: errorRef, ...commonErrors } } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const scan = await tenant.getScan(request.params.id);
      if (!scan) throw notFound('scan');
      if (!(await deps.runner.cancel(tenant.tenantId, scan.id))) throw new ApiError(409, 'SCAN_FINISHED', `the scan is already ${scan.state}`);
      await tenant.audit({ actor: principalOf(request).actor, action: 'scan.cancel', target: `scan:${scan.id}`, ip: request.ip });
      const after = await tenant.getScan(scan.id);
      return reply.status(202).send({ id: scan.id, state: after?.state ?? scan.state });
    },
  );

  app.get(
    '/scans/:id/reports/:kind',
    {
      config: { permission: 'read' },
      schema: {
        tags,
        summary: 'Download a report of a completed scan: OCSF JSON, CSV, HTML, or compliance status (JSON)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }), kind: Type.Union([Type.Literal('ocsf'), Type.Literal('csv'), Type.Literal('html'), Type.Literal('compliance')]) }, { additionalProperties: false }),
        querystring: Type.Object({ framework: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 409: errorRef, ...commonErrors },
      },
    },
    async (request, reply) => {
      const scan = await tenantOf(request).getScan(request.params.id);
      if (!scan) throw notFound('scan');
      if (scan.state !== 'completed') throw new ApiError(409, 'SCAN_NOT_COMPLETED', `reports exist once the scan has completed (it is ${scan.state})`);
      const dir = join(deps.reportsDir, scan.id);
      const { kind } = request.params;
      if (kind === 'compliance') {
        const compliance = (scan.summary?.['compliance'] ?? {}) as Record<string, unknown>;
        const framework = request.query.framework;
        if (framework === undefined) return compliance;
        if (!(framework in compliance)) throw new ApiError(404, 'NOT_FOUND', `no ${framework} report for this scan`, 'query.framework');
        return compliance[framework];
      }
      const report = REPORTS[kind];
      if (deps.reportLink) return reply.redirect(await deps.reportLink(scan.tenantId, scan.id, `palisade${report.suffix}`), 302);
      const file = (await readdir(dir).catch(() => [] as string[])).find((name) => name.endsWith(report.suffix));
      if (!file) throw new ApiError(404, 'NOT_FOUND', `the ${kind} report of this scan is no longer available`);
      const path = join(dir, file);
      const size = (await stat(path)).size;
      return reply
        .header('content-type', report.type)
        .header('content-length', size)
        .header('content-disposition', `attachment; filename="palisade-${scan.id}${report.suffix}"`)
        .send(createReadStream(path));
    },
  );
}
