/**
 * Alerts: integrations (where notifications go), alert rules (which findings make them) and the
 * deliveries that record what was sent. An integration's `secret` (a signing secret, a token, a
 * webhook URL that is itself a credential, AWS keys) is write-only: sealed with the master key
 * (bound to the tenant) before it reaches the store, never returned, never logged; an integration
 * says only whether it has one. Settings and rules are checked by @palisade/integrations, whose
 * problems name the field (`body.config.url`, `body.destinations[0]`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TOptional } from 'typebox';
import { SEVERITIES } from '@palisade/core';
import { ALERT_RULE_KINDS, INTEGRATION_TYPES, parseAlertRule, parseIntegrationConfig, parseIntegrationSettings } from '@palisade/integrations';
import type { AlertRuleBody, IntegrationType, ValidationProblem } from '@palisade/integrations';
import { INTEGRATION_SECRET_PURPOSE } from '@palisade/platform';
import { DELIVERY_STATUSES } from '@palisade/store';
import type { Delivery, Integration, StoredAlertRule, TenantStore } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { IdParams, PageQuery, commonErrors, errorRef, page } from '../schemas.ts';

const IntegrationView = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    name: Type.String(),
    config: Type.Record(Type.String(), Type.Unknown()),
    hasSecret: Type.Boolean(),
    enabled: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

const Settings = {
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'The settings that are not secret; per type: see the integrations documentation' }),
  secret: Type.Record(Type.String(), Type.Unknown(), { description: 'Write-only: sealed at rest, never returned (e.g. `signingSecret`, `webhookUrl`, `apiToken`, AWS keys)' }),
};

const CreateIntegration = Type.Object(
  {
    type: Type.Union(INTEGRATION_TYPES.map((type) => Type.Literal(type))),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    config: Type.Optional(Settings.config),
    secret: Type.Optional(Settings.secret),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

const UpdateIntegration = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    config: Type.Optional(Settings.config),
    secret: Type.Optional(Settings.secret),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const TestResult = Type.Object(
  { ok: Type.Boolean(), status: Type.Optional(Type.Integer()), code: Type.Optional(Type.String()), message: Type.Optional(Type.String()), deliveryId: Type.String() },
  { additionalProperties: false },
);

const Ids = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 });

/** Every field a rule of any kind may have; which apply, and which are required, depends on `kind`. */
const ruleFields = {
  kind: Type.Union(ALERT_RULE_KINDS.map((kind) => Type.Literal(kind)), { description: '`finding`: findings at or above a severity; `provider-change`: any new, changed or resolved finding of providers; `compliance`: a requirement that turned FAIL' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Boolean({ description: 'default true' }),
  mode: Type.Union([Type.Literal('each'), Type.Literal('digest')], { description: 'one notification per match, or one per scan (default each)' }),
  dedupeWindowMinutes: Type.Integer({ minimum: 0, maximum: 43_200, description: 'the same match is not notified again within it (default 60; 0: off)' }),
  destinations: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 20, description: 'integration ids' }),
  minSeverity: Type.Union(SEVERITIES.map((severity) => Type.Literal(severity)), { description: '`finding` rules' }),
  statuses: Type.Array(Type.String(), { minItems: 1, maxItems: 4, description: '`finding` rules; default FAIL' }),
  deltas: Type.Array(Type.String(), { minItems: 1, maxItems: 4, description: '`finding` rules; default new, changed' }),
  providerIds: Ids,
  checkIds: Ids,
  services: Ids,
  includeMuted: Type.Boolean(),
  frameworkId: Type.String({ minLength: 1, maxLength: 200, description: '`compliance` rules' }),
  requirementIds: Ids,
};
type RuleField = keyof typeof ruleFields;
// No defaults here: a PATCH must not fill in fields it did not name (parseAlertRule fills them on create).
const optionalRuleFields = Object.fromEntries(Object.entries(ruleFields).map(([name, schema]) => [name, Type.Optional(schema)])) as unknown as { [K in RuleField]: TOptional<(typeof ruleFields)[K]> };

const RuleBody = Type.Object(optionalRuleFields, { additionalProperties: false, description: 'An alert rule; `kind`, `name` and `destinations` are required, and `minSeverity` for a finding rule' });

const AlertRuleView = Type.Object(
  { id: Type.String(), ...optionalRuleFields, name: ruleFields.name, enabled: ruleFields.enabled, createdAt: Type.String(), updatedAt: Type.String() },
  { additionalProperties: false },
);

const AttemptView = Type.Object(
  {
    at: Type.String(),
    ok: Type.Boolean(),
    status: Type.Optional(Type.Integer()),
    code: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    durationMs: Type.Number(),
    retryable: Type.Optional(Type.Boolean()),
    retryAfterMs: Type.Optional(Type.Number()),
    externalIds: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

const DeliveryView = Type.Object(
  {
    id: Type.String(),
    integrationId: Type.String(),
    ruleId: Type.Optional(Type.String()),
    notificationId: Type.String(),
    scanId: Type.Optional(Type.String()),
    kind: Type.String(),
    status: Type.Union(DELIVERY_STATUSES.map((status) => Type.Literal(status))),
    attempts: Type.Array(AttemptView),
    lastError: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), status: Type.Optional(Type.Integer()) }, { additionalProperties: false })),
    createdAt: Type.String(),
    finishedAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const DeliveryQuery = Type.Object(
  {
    ...PageQuery,
    integrationId: Type.Optional(Type.String({ maxLength: 128 })),
    ruleId: Type.Optional(Type.String({ maxLength: 128 })),
    scanId: Type.Optional(Type.String({ maxLength: 128 })),
    status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((status) => Type.Literal(status)))),
  },
  { additionalProperties: false },
);

export function integrationView(integration: Integration) {
  return {
    id: integration.id,
    type: integration.type,
    name: integration.name,
    config: { ...integration.config },
    hasSecret: integration.secretId !== undefined,
    enabled: integration.enabled,
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}

function alertRuleView(rule: StoredAlertRule) {
  return { ...rule.body, id: rule.id, name: rule.name, enabled: rule.enabled, createdAt: rule.createdAt, updatedAt: rule.updatedAt };
}

function deliveryView(delivery: Delivery) {
  const { tenantId: _tenant, ...view } = delivery;
  return view;
}

/** The first problem as a 400 naming its field under `body` (`body.config.url`, `body.destinations[0]`). */
function invalid(problems: readonly ValidationProblem[]): ApiError {
  const first = problems[0] ?? { field: '', message: 'is not valid' };
  const field = first.field ? `body.${first.field}` : 'body';
  return new ApiError(400, 'VALIDATION_FAILED', `${field}: ${first.message}`, field);
}

/** Rule destinations must be this tenant's integrations that take notifications. */
async function checkDestinations(tenant: TenantStore, destinations: readonly string[]): Promise<void> {
  for (const [index, id] of destinations.entries()) {
    const integration = await tenant.getIntegration(id);
    const field = `body.destinations[${index}]`;
    if (!integration) throw new ApiError(400, 'VALIDATION_FAILED', `${field}: no integration ${id}`, field);
    if (integration.type === 's3') throw new ApiError(400, 'VALIDATION_FAILED', `${field}: an s3 integration exports reports and takes no notifications`, field);
  }
}

/** Every rule naming the integration, by name. */
async function rulesNaming(tenant: TenantStore, integrationId: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const listed = await tenant.listAlertRules({ limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const rule of listed.items) if (Array.isArray(rule.body['destinations']) && rule.body['destinations'].includes(integrationId)) names.push(rule.name);
    cursor = listed.nextCursor;
  } while (cursor);
  return names;
}

export async function integrationRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tenantOf = (request: FastifyRequest) => deps.store.forTenant(principalOf(request).tenantId);
  const audit = (request: FastifyRequest, tenant: TenantStore, action: string, target: string, details?: Record<string, unknown>) =>
    tenant.audit({ actor: principalOf(request).actor, action, target, ...(details ? { details } : {}), ip: request.ip });
  const seal = async (tenant: TenantStore, secret: Readonly<Record<string, unknown>>) => (await tenant.putSecret(deps.sealer.seal(secret, { tenantId: tenant.tenantId, purpose: INTEGRATION_SECRET_PURPOSE }))).id;
  const integrationTags = ['integrations'];

  app.post(
    '/integrations',
    { config: { permission: 'manage_integrations' }, schema: { tags: integrationTags, summary: 'Add an integration (Slack, webhook, Jira, e-mail, Security Hub, S3)', body: CreateIntegration, response: { 201: IntegrationView, ...commonErrors } } },
    async (request, reply) => {
      const { type, name, config, secret, enabled } = request.body;
      const parsed = parseIntegrationSettings(type, config, secret);
      if (!parsed.ok) throw invalid(parsed.problems);
      const tenant = tenantOf(request);
      const secretId = parsed.value.secret === undefined ? undefined : await seal(tenant, parsed.value.secret);
      const integration = await tenant.createIntegration({ type, name, config: parsed.value.config, enabled: enabled ?? true, ...(secretId ? { secretId } : {}) });
      await audit(request, tenant, 'integration.create', `integration:${integration.id}`, { type, name, hasSecret: Boolean(secretId), enabled: integration.enabled });
      return reply.status(201).send(integrationView(integration));
    },
  );

  app.get(
    '/integrations',
    {
      config: { permission: 'read' },
      schema: { tags: integrationTags, summary: 'List integrations', querystring: Type.Object({ ...PageQuery, type: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false }), response: { 200: page(IntegrationView), ...commonErrors } },
    },
    async (request) => {
      const listed = await tenantOf(request).listIntegrations(request.query);
      return { items: listed.items.map(integrationView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get('/integrations/:id', { config: { permission: 'read' }, schema: { tags: integrationTags, summary: 'One integration', params: IdParams, response: { 200: IntegrationView, ...commonErrors } } }, async (request) => {
    const integration = await tenantOf(request).getIntegration(request.params.id);
    if (!integration) throw notFound('integration');
    return integrationView(integration);
  });

  app.patch(
    '/integrations/:id',
    {
      config: { permission: 'manage_integrations' },
      schema: { tags: integrationTags, summary: "Change an integration's name, settings, secret or switch", params: IdParams, body: UpdateIntegration, response: { 200: IntegrationView, ...commonErrors } },
    },
    async (request) => {
      const tenant = tenantOf(request);
      const integration = await tenant.getIntegration(request.params.id);
      if (!integration) throw notFound('integration');
      const { name, config, secret, enabled } = request.body;
      const type = integration.type as IntegrationType;
      let parsedConfig: Readonly<Record<string, unknown>> | undefined;
      let secretId: string | undefined;
      if (secret !== undefined) {
        const parsed = parseIntegrationSettings(type, config ?? integration.config, secret);
        if (!parsed.ok) throw invalid(parsed.problems);
        parsedConfig = config === undefined ? undefined : parsed.value.config;
        if (parsed.value.secret !== undefined) secretId = await seal(tenant, parsed.value.secret);
      } else if (config !== undefined) {
        const parsed = parseIntegrationConfig(type, config);
        if (!parsed.ok) throw invalid(parsed.problems);
        parsedConfig = parsed.value as Readonly<Record<string, unknown>>;
      }
      const updated = await tenant.updateIntegration(integration.id, {
        ...(name === undefined ? {} : { name }),
        ...(parsedConfig === undefined ? {} : { config: parsedConfig }),
        ...(enabled === undefined ? {} : { enabled }),
        ...(secretId ? { secretId } : {}),
      });
      if (!updated) throw notFound('integration');
      // A new secret replaces the old one; an empty one (Security Hub, S3: the server's own credentials) removes it.
      if (secret !== undefined && integration.secretId) await tenant.deleteSecret(integration.secretId);
      await audit(request, tenant, 'integration.update', `integration:${integration.id}`, { name: name !== undefined, config: config !== undefined, secret: secret !== undefined, ...(enabled === undefined ? {} : { enabled }) });
      return integrationView((await tenant.getIntegration(integration.id)) ?? updated);
    },
  );

  app.delete(
    '/integrations/:id',
    { config: { permission: 'manage_integrations' }, schema: { tags: integrationTags, summary: 'Remove an integration and its secret (its deliveries stay)', params: IdParams, response: { 204: Type.Null(), 409: errorRef, ...commonErrors } } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const integration = await tenant.getIntegration(request.params.id);
      if (!integration) throw notFound('integration');
      const rules = await rulesNaming(tenant, integration.id);
      if (rules.length > 0) throw new ApiError(409, 'CONFLICT', `alert rules still send to this integration: ${rules.join(', ')}; change or delete them first`);
      if (!(await tenant.deleteIntegration(integration.id))) throw notFound('integration');
      if (integration.secretId) await tenant.deleteSecret(integration.secretId);
      await audit(request, tenant, 'integration.delete', `integration:${integration.id}`, { type: integration.type, name: integration.name });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/integrations/:id/test',
    {
      config: { permission: 'manage_integrations' },
      schema: { tags: integrationTags, summary: 'Send a test message now (recorded as a `test` delivery)', params: IdParams, response: { 200: TestResult, ...commonErrors } },
    },
    async (request) => {
      const tenant = tenantOf(request);
      const integration = await tenant.getIntegration(request.params.id);
      if (!integration) throw notFound('integration');
      return deps.alerts.testIntegration(tenant, integration);
    },
  );

  const ruleTags = ['alerts'];

  app.post(
    '/alert-rules',
    { config: { permission: 'manage_integrations' }, schema: { tags: ruleTags, summary: 'Add an alert rule', body: RuleBody, response: { 201: AlertRuleView, ...commonErrors } } },
    async (request, reply) => {
      const parsed = parseAlertRule(request.body);
      if (!parsed.ok) throw invalid(parsed.problems);
      const tenant = tenantOf(request);
      await checkDestinations(tenant, parsed.value.destinations);
      const rule = await tenant.createAlertRule(storedRule(parsed.value));
      await audit(request, tenant, 'alert-rule.create', `alert-rule:${rule.id}`, { name: rule.name, kind: parsed.value.kind, destinations: parsed.value.destinations });
      return reply.status(201).send(alertRuleView(rule));
    },
  );

  app.get(
    '/alert-rules',
    {
      config: { permission: 'read' },
      schema: { tags: ruleTags, summary: 'List alert rules', querystring: Type.Object({ ...PageQuery, enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: page(AlertRuleView), ...commonErrors } },
    },
    async (request) => {
      const listed = await tenantOf(request).listAlertRules(request.query);
      return { items: listed.items.map(alertRuleView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get('/alert-rules/:id', { config: { permission: 'read' }, schema: { tags: ruleTags, summary: 'One alert rule', params: IdParams, response: { 200: AlertRuleView, ...commonErrors } } }, async (request) => {
    const rule = await tenantOf(request).getAlertRule(request.params.id);
    if (!rule) throw notFound('alert rule');
    return alertRuleView(rule);
  });

  app.patch(
    '/alert-rules/:id',
    {
      config: { permission: 'manage_integrations' },
      schema: { tags: ruleTags, summary: 'Change an alert rule (the fields given; a new `kind` replaces the whole rule)', params: IdParams, body: RuleBody, response: { 200: AlertRuleView, ...commonErrors } },
    },
    async (request) => {
      const tenant = tenantOf(request);
      const rule = await tenant.getAlertRule(request.params.id);
      if (!rule) throw notFound('alert rule');
      const patch = request.body as Record<string, unknown>;
      const merged = patch['kind'] !== undefined && patch['kind'] !== rule.body['kind'] ? patch : { ...rule.body, ...patch };
      const parsed = parseAlertRule(merged);
      if (!parsed.ok) throw invalid(parsed.problems);
      if (patch['destinations'] !== undefined) await checkDestinations(tenant, parsed.value.destinations);
      const updated = await tenant.updateAlertRule(rule.id, storedRule(parsed.value));
      if (!updated) throw notFound('alert rule');
      await audit(request, tenant, 'alert-rule.update', `alert-rule:${rule.id}`, { fields: Object.keys(patch).sort() });
      return alertRuleView(updated);
    },
  );

  app.delete('/alert-rules/:id', { config: { permission: 'manage_integrations' }, schema: { tags: ruleTags, summary: 'Remove an alert rule (its deliveries stay)', params: IdParams, response: { 204: Type.Null(), ...commonErrors } } }, async (request, reply) => {
    const tenant = tenantOf(request);
    const rule = await tenant.getAlertRule(request.params.id);
    if (!rule || !(await tenant.deleteAlertRule(rule.id))) throw notFound('alert rule');
    await audit(request, tenant, 'alert-rule.delete', `alert-rule:${rule.id}`, { name: rule.name });
    return reply.status(204).send(null);
  });

  app.get(
    '/deliveries',
    { config: { permission: 'read' }, schema: { tags: ruleTags, summary: 'What was sent to integrations and how it went, newest first', querystring: DeliveryQuery, response: { 200: page(DeliveryView), ...commonErrors } } },
    async (request) => {
      const listed = await tenantOf(request).listDeliveries(request.query);
      return { items: listed.items.map(deliveryView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );
}

/** A parsed rule as the store keeps it: name and switch as columns, the whole body as JSON. */
function storedRule(body: AlertRuleBody): Pick<StoredAlertRule, 'name' | 'enabled' | 'body'> {
  return { name: body.name, enabled: body.enabled, body: body as unknown as Record<string, unknown> };
}
