/** Findings: query with filters and deltas, latest status, history, triage (mute, notes), compliance and posture overviews. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FINDING_STATUSES, SEVERITIES } from '@palisade/core';
import type { FindingStatus, Severity } from '@palisade/core';
import { getFramework } from '@palisade/compliance';
import type { FindingDelta, FindingQuery, StoredFinding, TenantStore } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { PageQuery, commonErrors, listParam, page } from '../schemas.ts';
import { muteView } from './mutes.ts';

const DELTAS = ['new', 'changed', 'unchanged', 'resolved'] as const;
const SORTS = ['severity', '-severity', 'time', '-time', 'checkId', '-checkId', 'status', '-status'] as const;

const FindingView = Type.Object(
  {
    uid: Type.String(),
    scanId: Type.String(),
    providerId: Type.String(),
    status: Type.String(),
    severity: Type.String(),
    checkId: Type.String(),
    title: Type.String(),
    service: Type.String(),
    message: Type.String(),
    provider: Type.String(),
    accountUid: Type.String(),
    accountName: Type.Optional(Type.String()),
    region: Type.String(),
    resource: Type.Object({ uid: Type.String(), name: Type.String(), type: Type.String() }),
    compliance: Type.Array(Type.String()),
    muted: Type.Boolean(),
    muteReason: Type.Optional(Type.String()),
    error: Type.Optional(Type.Object({ api: Type.String(), code: Type.String(), message: Type.String() })),
    firstSeen: Type.String(),
    lastSeen: Type.String(),
    delta: Type.String(),
    time: Type.String(),
  },
  { additionalProperties: false },
);

/** One completed scan of a trend: counts by status (muted findings apart), and unmuted failures by severity. */
const TrendPoint = Type.Object(
  {
    scanId: Type.String(),
    providerId: Type.String(),
    finishedAt: Type.String(),
    pass: Type.Integer(),
    fail: Type.Integer(),
    manual: Type.Integer(),
    error: Type.Integer(),
    muted: Type.Integer(),
    bySeverity: Type.Object(Object.fromEntries(SEVERITIES.map((severity) => [severity, Type.Integer()])), { additionalProperties: false }),
  },
  { additionalProperties: false },
);

const FindingFilters = Type.Object(
  {
    ...PageQuery,
    scanId: Type.Optional(Type.String({ maxLength: 128 })),
    providerId: Type.Optional(Type.String({ maxLength: 128 })),
    status: listParam(FINDING_STATUSES),
    severity: listParam(SEVERITIES),
    accountUid: Type.Optional(Type.String({ maxLength: 128 })),
    region: Type.Optional(Type.String({ maxLength: 64 })),
    service: Type.Optional(Type.String({ maxLength: 64 })),
    checkId: Type.Optional(Type.String({ maxLength: 200 })),
    resourceUid: Type.Optional(Type.String({ maxLength: 2048 })),
    compliance: Type.Optional(Type.String({ maxLength: 200, description: 'a requirement (`cis-aws-3.0:1.10`) or a framework (`cis-aws-3.0`)' })),
    muted: Type.Optional(Type.Boolean()),
    delta: listParam(DELTAS),
    sort: Type.Optional(Type.Union(SORTS.map((sort) => Type.Literal(sort)))),
  },
  { additionalProperties: false },
);

export function findingView(finding: StoredFinding) {
  return {
    uid: finding.uid,
    scanId: finding.scanId,
    providerId: finding.providerId,
    status: finding.status,
    severity: finding.severity,
    checkId: finding.checkId,
    title: finding.title,
    service: finding.service,
    message: finding.message,
    provider: finding.provider,
    accountUid: finding.accountUid,
    ...(finding.accountName ? { accountName: finding.accountName } : {}),
    region: finding.region,
    resource: { uid: finding.resource.uid, name: finding.resource.name, type: finding.resource.type },
    compliance: [...finding.compliance],
    muted: finding.muted !== undefined,
    ...(finding.muted ? { muteReason: finding.muted.reason } : {}),
    ...(finding.error ? { error: finding.error } : {}),
    firstSeen: finding.firstSeen,
    lastSeen: finding.lastSeen,
    delta: finding.delta,
    time: finding.time,
  };
}

type Filters = { [key: string]: unknown } & Partial<Record<'status' | 'severity' | 'delta', string>>;

function findingQuery(query: Filters): FindingQuery {
  const { status, severity, delta, ...rest } = query;
  const compliance = (query as { compliance?: string }).compliance;
  const complianceChecks = compliance === undefined ? undefined : checksOfCompliance(compliance);
  return {
    ...(rest as Omit<FindingQuery, 'status' | 'severity' | 'delta'>),
    ...(complianceChecks ? { complianceChecks } : {}),
    ...(status ? { status: status.split(',') as FindingStatus[] } : {}),
    ...(severity ? { severity: severity.split(',') as Severity[] } : {}),
    ...(delta ? { delta: delta.split(',') as FindingDelta[] } : {}),
  };
}

/**
 * The checks of a known framework (`cis-aws-3.0`) or requirement (`cis-aws-3.0:1.10`): the store reads
 * only their findings. Undefined for an id no framework has, which the store then tests as text.
 */
function checksOfCompliance(compliance: string): string[] | undefined {
  const separator = compliance.indexOf(':');
  const framework = getFramework(separator < 0 ? compliance : compliance.slice(0, separator));
  if (!framework) return undefined;
  const requirements = separator < 0 ? framework.requirements : framework.requirements.filter((requirement) => requirement.id === compliance.slice(separator + 1));
  if (requirements.length === 0) return undefined;
  return [...new Set(requirements.flatMap((requirement) => requirement.checks))];
}

/** The latest completed scan of each provider (or of one). */
async function latestCompletedScans(tenant: TenantStore, providerId: string | undefined) {
  const scans = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const listed = await tenant.listScans({ state: 'completed', limit: 500, ...(providerId ? { providerId } : {}), ...(cursor ? { cursor } : {}) });
    for (const scan of listed.items) {
      if (seen.has(scan.providerId)) continue;
      seen.add(scan.providerId);
      scans.push(scan);
    }
    cursor = providerId && scans.length ? undefined : listed.nextCursor;
  } while (cursor);
  return scans;
}

export async function findingRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['findings'];
  const tenantOf = (request: Parameters<typeof principalOf>[0]) => deps.store.forTenant(principalOf(request).tenantId);

  app.get(
    '/findings',
    { config: { permission: 'read' }, schema: { tags, summary: 'Findings of a scan (scanId), or the latest of each resource × check', querystring: FindingFilters, response: { 200: page(FindingView), ...commonErrors } } },
    async (request) => {
      // Without a scan id the store answers the latest view.
      const listed = await tenantOf(request).listFindings(findingQuery(request.query as Filters));
      return { items: listed.items.map(findingView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get(
    '/findings/latest',
    { config: { permission: 'read' }, schema: { tags, summary: 'The latest status of each resource × check', querystring: FindingFilters, response: { 200: page(FindingView), ...commonErrors } } },
    async (request) => {
      const listed = await tenantOf(request).latestFindings(findingQuery(request.query as Filters));
      return { items: listed.items.map(findingView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  const UidParams = Type.Object({ uid: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });

  app.get(
    '/findings/:uid/history',
    {
      config: { permission: 'read' },
      schema: {
        tags,
        summary: 'A finding across scans',
        params: UidParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: {
          200: page(
            Type.Object(
              {
                scanId: Type.String(),
                status: Type.String(),
                muted: Type.Boolean(),
                time: Type.String(),
                trigger: Type.Optional(Type.String()),
                event: Type.Optional(
                  Type.Object(
                    { id: Type.String(), source: Type.String(), name: Type.String(), time: Type.String(), resources: Type.Optional(Type.Array(Type.String())) },
                    { additionalProperties: false, description: 'the change event that triggered the scan' },
                  ),
                ),
              },
              { additionalProperties: false },
            ),
          ),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      if (!(await tenant.getFinding(request.params.uid))) throw notFound('finding');
      return tenant.findingHistory(request.params.uid, request.query);
    },
  );

  app.post(
    '/findings/:uid/mute',
    {
      config: { permission: 'triage_findings' },
      schema: {
        tags,
        summary: 'Mute a finding now and in later scans',
        params: UidParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ mute: Type.Record(Type.String(), Type.Unknown()), mutedFindings: Type.Integer() }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const finding = await tenant.getFinding(request.params.uid);
      if (!finding) throw notFound('finding');
      const actor = principalOf(request).actor;
      const { reason, expiresAt } = request.body;
      const criteria = { findingUid: finding.uid, providerId: finding.providerId, account: finding.accountUid, checkId: finding.checkId, region: finding.region, resource: finding.resource.uid };
      const rule = await tenant.createMute({ ...criteria, reason, ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}), createdBy: actor });
      const mutedFindings = await tenant.setFindingsMuted(criteria, { reason, rule: `${finding.accountUid}/${finding.checkId}` });
      await tenant.audit({ actor, action: 'finding.mute', target: `finding:${finding.uid}`, details: { reason, muteId: rule.id }, ip: request.ip });
      return reply.status(201).send({ mute: muteView(rule), mutedFindings });
    },
  );

  app.post(
    '/findings/:uid/notes',
    {
      config: { permission: 'triage_findings' },
      schema: { tags, summary: 'Add a note to a finding', params: UidParams, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.String(), text: Type.String(), author: Type.String(), createdAt: Type.String() }), ...commonErrors } },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      if (!(await tenant.getFinding(request.params.uid))) throw notFound('finding');
      const note = await tenant.addNote({ findingUid: request.params.uid, text: request.body.text, author: principalOf(request).actor });
      return reply.status(201).send({ id: note.id, text: note.text, author: note.author, createdAt: note.createdAt });
    },
  );

  app.get(
    '/findings/:uid/notes',
    { config: { permission: 'read' }, schema: { tags, summary: 'Notes on a finding', params: UidParams, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: page(Type.Object({ id: Type.String(), text: Type.String(), author: Type.String(), createdAt: Type.String() })), ...commonErrors } } },
    async (request) => {
      const tenant = tenantOf(request);
      if (!(await tenant.getFinding(request.params.uid))) throw notFound('finding');
      const listed = await tenant.listNotes(request.params.uid, request.query);
      return { items: listed.items.map(({ id, text, author, createdAt }) => ({ id, text, author, createdAt })), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get(
    '/compliance/:frameworkId',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['compliance'],
        summary: 'Requirement status from the latest completed scan of each provider (or of one)',
        params: Type.Object({ frameworkId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        querystring: Type.Object({ providerId: Type.Optional(Type.String({ maxLength: 128 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              framework: Type.String(),
              name: Type.String(),
              version: Type.String(),
              scans: Type.Array(Type.Object({ providerId: Type.String(), scanId: Type.String(), finishedAt: Type.Optional(Type.String()) })),
              requirements: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), section: Type.String(), status: Type.String(), pass: Type.Integer(), fail: Type.Integer(), error: Type.Integer(), muted: Type.Integer(), checks: Type.Array(Type.String()) }, { additionalProperties: false })),
            },
            { additionalProperties: false },
          ),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const framework = getFramework(request.params.frameworkId);
      if (!framework) throw new ApiError(404, 'NOT_FOUND', `unknown framework "${request.params.frameworkId}"`, 'params.frameworkId');
      const tenant = tenantOf(request);
      const { providerId } = request.query;
      if (providerId && !(await tenant.getProvider(providerId))) throw new ApiError(404, 'NOT_FOUND', 'provider not found', 'query.providerId');
      const scans = await latestCompletedScans(tenant, providerId);
      type Row = { id: string; title: string; section: string; status: string; pass: number; fail: number; error: number; muted: number; checks: string[] };
      const rows = new Map<string, Row>(
        framework.requirements.map((requirement) => [requirement.id, { id: requirement.id, title: requirement.title, section: requirement.section, status: requirement.assessment === 'manual' ? 'MANUAL' : 'PASS', pass: 0, fail: 0, error: 0, muted: 0, checks: [...requirement.checks] }]),
      );
      const evaluated = new Set<string>();
      for (const scan of scans) {
        const report = ((scan.summary?.['compliance'] ?? {}) as Record<string, { requirements?: { id: string; status: string; pass: number; fail: number; error: number; muted: number }[] }>)[framework.id];
        for (const requirement of report?.requirements ?? []) {
          const row = rows.get(requirement.id);
          if (!row) continue;
          evaluated.add(requirement.id);
          row.pass += requirement.pass;
          row.fail += requirement.fail;
          row.error += requirement.error;
          row.muted += requirement.muted;
          // FAIL anywhere fails the requirement; MANUAL stays MANUAL.
          if (requirement.status === 'FAIL') row.status = 'FAIL';
          else if (requirement.status === 'MANUAL' && row.status !== 'FAIL') row.status = 'MANUAL';
        }
      }
      // A requirement no scan evaluated is not a PASS.
      for (const row of rows.values()) if (!evaluated.has(row.id) && row.status === 'PASS') row.status = 'MANUAL';
      return {
        framework: framework.id,
        name: framework.name,
        version: framework.version,
        scans: scans.map((scan) => ({ providerId: scan.providerId, scanId: scan.id, ...(scan.finishedAt ? { finishedAt: scan.finishedAt } : {}) })),
        requirements: [...rows.values()],
      };
    },
  );

  app.get(
    '/overview',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['overview'],
        summary: 'Finding counts by status and a grouping (severity, service, account, provider, check, region) for a scan or the latest findings',
        querystring: Type.Object(
          {
            groupBy: Type.Union([Type.Literal('severity'), Type.Literal('service'), Type.Literal('accountUid'), Type.Literal('providerId'), Type.Literal('checkId'), Type.Literal('region')], { default: 'severity' }),
            scanId: Type.Optional(Type.String({ maxLength: 128 })),
            providerId: Type.Optional(Type.String({ maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ groupBy: Type.String(), groups: Type.Array(Type.Object({ group: Type.String(), status: Type.String(), muted: Type.Boolean(), count: Type.Integer() })) }), ...commonErrors },
      },
    },
    async (request) => {
      const { groupBy, scanId, providerId } = request.query;
      const groups = await tenantOf(request).countFindings({ groupBy, ...(scanId ? { scanId } : {}), ...(providerId ? { providerId } : {}) });
      return { groupBy, groups: [...groups] };
    },
  );

  app.get(
    '/overview/trend',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['overview'],
        summary: 'Finding counts of the last completed scans, oldest first: by status (muted findings apart) and unmuted failures by severity',
        querystring: Type.Object({ providerId: Type.Optional(Type.String({ maxLength: 128 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 30 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(TrendPoint) }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      const { providerId, limit = 30 } = request.query;
      if (providerId && !(await tenant.getProvider(providerId))) throw new ApiError(404, 'NOT_FOUND', 'provider not found', 'query.providerId');
      // Each scan's own summary: counted once when it completed, so a trend of many scans reads no findings.
      const scans = await tenant.completedScanSummaries({ ...(providerId ? { providerId } : {}), limit, fields: ['total', 'bySeverity'] });
      type Counts = Partial<Record<'PASS' | 'FAIL' | 'MANUAL' | 'ERROR' | 'muted', number>>;
      return {
        items: scans.map((scan) => {
          const total = (scan.summary['total'] ?? {}) as Counts;
          const bySeverity = (scan.summary['bySeverity'] ?? {}) as Partial<Record<Severity, Counts>>;
          return {
            scanId: scan.scanId,
            providerId: scan.providerId,
            finishedAt: scan.finishedAt,
            pass: total.PASS ?? 0,
            fail: total.FAIL ?? 0,
            manual: total.MANUAL ?? 0,
            error: total.ERROR ?? 0,
            muted: total.muted ?? 0,
            bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, bySeverity[severity]?.FAIL ?? 0])) as Record<Severity, number>,
          };
        }),
      };
    },
  );
}

