/** The tenant's own settings: API keys, schedules and the audit log. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InputError } from '@palisade/core';
import { nextRun as nextScheduledRun } from '@palisade/platform';
import { createApiKey, permissionsOf } from '@palisade/auth';
import type { ApiKey, Schedule } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { IdParams, PageQuery, commonErrors, page } from '../schemas.ts';
import { ScanScope } from './scans.ts';

const ApiKeyView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    role: Type.String(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    expiresAt: Type.Optional(Type.String()),
    lastUsedAt: Type.Optional(Type.String()),
    revokedAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ScheduleView = Type.Object(
  {
    id: Type.String(),
    providerId: Type.String(),
    cron: Type.String(),
    timezone: Type.String(),
    scope: Type.Optional(ScanScope),
    enabled: Type.Boolean(),
    nextRunAt: Type.String(),
    lastRunAt: Type.Optional(Type.String()),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

export const apiKeyView = (key: ApiKey) => {
  const { hash: _hash, tenantId: _tenant, ...view } = key;
  return view;
};
const scheduleView = (schedule: Schedule) => {
  const { tenantId: _tenant, leaseOwner: _owner, leaseUntil: _until, createdBy: _by, ...view } = schedule;
  return view as typeof view & { scope?: Record<string, unknown> };
};

/** The next run of a schedule, or a 400 naming the field. */
function nextRun(cron: string, timezone: string, after: Date): string {
  try {
    return nextScheduledRun(cron, timezone, after);
  } catch (error) {
    const field = `body.${(error as InputError).location?.field ?? 'cron'}`;
    throw new ApiError(400, 'VALIDATION_FAILED', `${field}: ${(error as Error).message.replace(/^[a-z]+: /, '')}`, field);
  }
}

export async function tenantRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const now = deps.now ?? (() => new Date());
  const tenantOf = (request: Parameters<typeof principalOf>[0]) => deps.store.forTenant(principalOf(request).tenantId);

  app.post(
    '/api-keys',
    {
      config: { permission: 'manage_users' },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key (the key is shown once)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), role: Type.String({ minLength: 1, maxLength: 64 }), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), key: Type.String(), prefix: Type.String(), name: Type.String(), role: Type.String(), expiresAt: Type.Optional(Type.String()) }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenant = tenantOf(request);
      const { name, role, expiresAt } = request.body;
      const custom = await tenant.listRoles();
      const granted = permissionsOf(role, custom);
      if (!granted.length) throw new ApiError(400, 'VALIDATION_FAILED', `body.role: unknown role "${role}"`, 'body.role');
      // A key never holds more than its creator.
      const beyond = granted.filter((permission) => !principal.permissions.includes(permission));
      if (beyond.length) throw new ApiError(403, 'FORBIDDEN', `the ${role} role has permissions the caller lacks: ${beyond.join(', ')}`);
      if (expiresAt && Date.parse(expiresAt) <= now().getTime()) throw new ApiError(400, 'VALIDATION_FAILED', 'body.expiresAt: must be in the future', 'body.expiresAt');
      const created = createApiKey();
      const stored = await tenant.createApiKey({ name, role, prefix: created.prefix, hash: created.hash, createdBy: principal.actor, ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}) });
      await tenant.audit({ actor: principal.actor, action: 'api-key.create', target: `api-key:${stored.id}`, details: { name, role }, ip: request.ip });
      return reply.status(201).send({ id: stored.id, key: created.key, prefix: stored.prefix, name: stored.name, role: stored.role, ...(stored.expiresAt ? { expiresAt: stored.expiresAt } : {}) });
    },
  );

  app.get(
    '/api-keys',
    { config: { permission: 'manage_users' }, schema: { tags: ['api-keys'], summary: 'List API keys (never the keys themselves)', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: page(ApiKeyView), ...commonErrors } } },
    async (request) => {
      const listed = await tenantOf(request).listApiKeys(request.query);
      return { items: listed.items.map(apiKeyView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.delete(
    '/api-keys/:id',
    { config: { permission: 'manage_users' }, schema: { tags: ['api-keys'], summary: 'Revoke an API key', params: IdParams, response: { 204: Type.Null(), ...commonErrors } } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      if (!(await tenant.revokeApiKey(request.params.id, now().toISOString()))) throw notFound('API key');
      await tenant.audit({ actor: principalOf(request).actor, action: 'api-key.revoke', target: `api-key:${request.params.id}`, ip: request.ip });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/schedules',
    {
      config: { permission: 'manage_scans' },
      schema: {
        tags: ['schedules'],
        summary: 'Scan a provider on a schedule',
        body: Type.Object(
          { providerId: Type.String({ minLength: 1, maxLength: 128 }), cron: Type.String({ minLength: 9, maxLength: 120 }), timezone: Type.String({ minLength: 1, maxLength: 64, default: 'UTC' }), scope: Type.Optional(ScanScope), enabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 201: ScheduleView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { providerId, cron, timezone, scope, enabled } = request.body;
      if (!(await tenant.getProvider(providerId))) throw new ApiError(404, 'NOT_FOUND', 'provider not found', 'body.providerId');
      const schedule = await tenant.createSchedule({ providerId, cron, timezone, ...(scope ? { scope } : {}), enabled: enabled ?? true, nextRunAt: nextRun(cron, timezone, now()), createdBy: principalOf(request).actor });
      await tenant.audit({ actor: principalOf(request).actor, action: 'schedule.create', target: `schedule:${schedule.id}`, details: { providerId, cron, timezone }, ip: request.ip });
      return reply.status(201).send(scheduleView(schedule));
    },
  );

  app.get(
    '/schedules',
    { config: { permission: 'read' }, schema: { tags: ['schedules'], summary: 'List schedules', querystring: Type.Object({ ...PageQuery, providerId: Type.Optional(Type.String()) }, { additionalProperties: false }), response: { 200: page(ScheduleView), ...commonErrors } } },
    async (request) => {
      const listed = await tenantOf(request).listSchedules(request.query);
      return { items: listed.items.map(scheduleView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.delete(
    '/schedules/:id',
    { config: { permission: 'manage_scans' }, schema: { tags: ['schedules'], summary: 'Delete a schedule', params: IdParams, response: { 204: Type.Null(), ...commonErrors } } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      if (!(await tenant.deleteSchedule(request.params.id))) throw notFound('schedule');
      await tenant.audit({ actor: principalOf(request).actor, action: 'schedule.delete', target: `schedule:${request.params.id}`, ip: request.ip });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/audit-log',
    {
      config: { permission: 'manage_users' },
      schema: {
        tags: ['audit'],
        summary: 'Who did what',
        querystring: Type.Object({ ...PageQuery, action: Type.Optional(Type.String()), actor: Type.Optional(Type.String()) }, { additionalProperties: false }),
        response: { 200: page(Type.Object({ id: Type.String(), actor: Type.String(), action: Type.String(), target: Type.Optional(Type.String()), details: Type.Optional(Type.Record(Type.String(), Type.Unknown())), ip: Type.Optional(Type.String()), at: Type.String() }, { additionalProperties: false })), ...commonErrors },
      },
    },
    async (request) => {
      const listed = await tenantOf(request).listAudit(request.query);
      return { items: listed.items.map(({ tenantId: _tenant, ...entry }) => entry), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );
}
