/**
 * Providers (cloud accounts) and their credentials: AWS access keys, an Azure service principal.
 * Credentials are write-only: sealed with the master key (envelope encryption, bound to the tenant)
 * before they reach the store, never returned, never logged; a provider says only whether it has some.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AZURE_CLOUDS } from '@palisade/core/azure';
import type { Provider, TenantStore } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { IdParams, PageQuery, commonErrors, page } from '../schemas.ts';

/** What sealed provider credentials are bound to (with the tenant id). */
export const CREDENTIALS_PURPOSE = 'provider-credentials';

const AwsConfig = Type.Object(
  {
    roleArn: Type.Optional(Type.String({ pattern: '^arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$' })),
    externalId: Type.Optional(Type.String({ minLength: 2, maxLength: 1224 })),
    regions: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$' }), { maxItems: 40 })),
    organization: Type.Optional(
      Type.Union([
        Type.Boolean(),
        Type.Object(
          {
            roleName: Type.Optional(Type.String({ minLength: 1, maxLength: 576 })),
            accounts: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{12}$' }))),
            excludedAccounts: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{12}$' }))),
            ous: Type.Optional(Type.Array(Type.String({ pattern: '^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$' }))),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
    endpointUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
  },
  { additionalProperties: false },
);
/** `provider`: the cloud whose snapshot the file is (default `aws`); the file's header must say the same. */
const SnapshotConfig = Type.Object(
  { path: Type.String({ minLength: 1, maxLength: 4096 }), provider: Type.Optional(Type.Union([Type.Literal('aws'), Type.Literal('azure')])) },
  { additionalProperties: false },
);
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const AzureConfig = Type.Object(
  {
    tenantId: Type.String({ pattern: GUID, description: 'The Microsoft Entra tenant (directory) id' }),
    subscriptionIds: Type.Optional(Type.Array(Type.String({ pattern: GUID }), { maxItems: 1000, description: 'Only these subscriptions; default: every one the service principal sees' })),
    cloud: Type.Optional(Type.Union(AZURE_CLOUDS.map((cloud) => Type.Literal(cloud)), { description: 'The national cloud; default AzureCloud' })),
  },
  { additionalProperties: false },
);
/** A service principal with a client secret, or with a certificate (PEM: the private key and the certificate). */
const AzureSecretCredentials = Type.Object({ clientId: Type.String({ pattern: GUID }), clientSecret: Type.String({ minLength: 8, maxLength: 1024 }) }, { additionalProperties: false });
const AzureCertificateCredentials = Type.Object(
  {
    clientId: Type.String({ pattern: GUID }),
    certificate: Type.String({ minLength: 64, maxLength: 65_536, pattern: '-----BEGIN [A-Z ]*PRIVATE KEY-----' }),
    certificatePassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);
const AwsCredentials = Type.Object(
  { accessKeyId: Type.String({ pattern: '^[A-Z0-9]{16,128}$' }), secretAccessKey: Type.String({ minLength: 16, maxLength: 256 }), sessionToken: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })) },
  { additionalProperties: false },
);

const ProviderView = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    alias: Type.String(),
    config: Type.Record(Type.String(), Type.Unknown()),
    hasCredentials: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    lastTest: Type.Optional(Type.Object({ at: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })) })),
  },
  { additionalProperties: false },
);

const ConnectionTestResult = Type.Object(
  {
    ok: Type.Boolean(),
    tenantId: Type.Optional(Type.String({ description: 'Azure: the tenant signed in to' })),
    subscriptions: Type.Optional(Type.Integer({ minimum: 0, description: 'Azure: how many subscriptions of the tenant the identity sees (of `config.subscriptionIds` when set)' })),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { additionalProperties: false },
);

const CreateProvider = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 32, description: '`aws`, `azure` or `snapshot`' }),
    alias: Type.String({ minLength: 1, maxLength: 200 }),
    config: Type.Record(Type.String(), Type.Unknown()),
    credentials: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export function providerView(provider: Provider) {
  return {
    id: provider.id,
    type: provider.type,
    alias: provider.alias,
    config: { ...provider.config },
    hasCredentials: provider.secretId !== undefined,
    createdAt: provider.createdAt,
    updatedAt: provider.updatedAt,
    ...(provider.lastTest ? { lastTest: provider.lastTest } : {}),
  };
}

/** Validates a provider's config and credentials for its type; the open union of types lives here. */
function validateProvider(type: string, config: unknown, credentials: unknown): void {
  const check = (schema: TSchema, value: unknown, field: string) => {
    const problem = firstProblem(schema, value, field);
    if (problem) throw new ApiError(400, 'VALIDATION_FAILED', problem.message, problem.field);
  };
  if (type === 'snapshot') {
    check(SnapshotConfig, config, 'body.config');
    if (credentials !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', 'body.credentials: a snapshot provider has no credentials', 'body.credentials');
    return;
  }
  if (type === 'aws') {
    check(AwsConfig, config, 'body.config');
    if (credentials !== undefined) check(AwsCredentials, credentials, 'body.credentials');
    return;
  }
  if (type === 'azure') {
    check(AzureConfig, config, 'body.config');
    // Which kind of service principal is judged by its fields, so a problem names the right one.
    const certificate = typeof credentials === 'object' && credentials !== null && 'certificate' in credentials;
    if (credentials !== undefined) check(certificate ? AzureCertificateCredentials : AzureSecretCredentials, credentials, 'body.credentials');
    return;
  }
  throw new ApiError(400, 'VALIDATION_FAILED', `body.type: unsupported provider type "${type}" (supported: aws, azure, snapshot)`, 'body.type');
}

const compiled = new Map<unknown, ReturnType<typeof Compile>>();
function firstProblem(schema: TSchema, value: unknown, field: string): { field: string; message: string } | undefined {
  let validator = compiled.get(schema);
  if (!validator) {
    validator = Compile(schema);
    compiled.set(schema, validator);
  }
  if (validator.Check(value)) return undefined;
  const [error] = [...validator.Errors(value)] as { keyword?: string; schemaPath?: string; instancePath?: string; params?: Record<string, unknown>; message?: string }[];
  if (error?.keyword === 'boolean' && error.schemaPath?.endsWith('additionalProperties')) {
    const path = `${field}${(error.instancePath ?? '').replaceAll('/', '.')}`;
    return { field: path, message: `${path}: unknown field` };
  }
  const params = (error as { params?: Record<string, unknown> } | undefined)?.params ?? {};
  const extra = params['additionalProperties'] ?? params['additionalProperty'];
  const missing = params['requiredProperties'] ?? params['missingProperty'];
  const path = `${field}${((error as { instancePath?: string } | undefined)?.instancePath ?? '').replaceAll('/', '.')}`;
  if (extra) return { field: `${path}.${Array.isArray(extra) ? extra[0] : extra}`, message: `${path}.${Array.isArray(extra) ? extra[0] : extra}: unknown field` };
  if (missing) return { field: `${path}.${Array.isArray(missing) ? missing[0] : missing}`, message: `${path}.${Array.isArray(missing) ? missing[0] : missing}: required` };
  return { field: path, message: `${path}: ${(error as { message?: string } | undefined)?.message ?? 'invalid'}` };
}

export async function providerRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const now = deps.now ?? (() => new Date());
  const tags = ['providers'];
  const tenantOf = (request: Parameters<typeof principalOf>[0]) => deps.store.forTenant(principalOf(request).tenantId);

  const seal = async (tenant: TenantStore, credentials: Record<string, unknown>) =>
    (await tenant.putSecret(deps.sealer.seal(credentials, { tenantId: tenant.tenantId, purpose: CREDENTIALS_PURPOSE }))).id;

  app.post(
    '/providers',
    { config: { permission: 'manage_providers' }, schema: { tags, summary: 'Connect a cloud account (or a snapshot file)', body: CreateProvider, response: { 201: ProviderView, ...commonErrors } } },
    async (request, reply) => {
      const { type, alias, config, credentials } = request.body;
      validateProvider(type, config, credentials);
      const tenant = tenantOf(request);
      const secretId = credentials ? await seal(tenant, credentials) : undefined;
      const provider = await tenant.createProvider({ type, alias, config, ...(secretId ? { secretId } : {}) });
      await tenant.audit({ actor: principalOf(request).actor, action: 'provider.create', target: `provider:${provider.id}`, details: { type, alias, hasCredentials: Boolean(secretId) }, ip: request.ip });
      return reply.status(201).send(providerView(provider));
    },
  );

  app.get(
    '/providers',
    { config: { permission: 'read' }, schema: { tags, summary: 'List providers', querystring: Type.Object({ ...PageQuery, type: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false }), response: { 200: page(ProviderView), ...commonErrors } } },
    async (request) => {
      const listed = await tenantOf(request).listProviders(request.query);
      return { items: listed.items.map(providerView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get('/providers/:id', { config: { permission: 'read' }, schema: { tags, summary: 'One provider', params: IdParams, response: { 200: ProviderView, ...commonErrors } } }, async (request) => {
    const provider = await tenantOf(request).getProvider(request.params.id);
    if (!provider) throw notFound('provider');
    return providerView(provider);
  });

  app.patch(
    '/providers/:id',
    {
      config: { permission: 'manage_providers' },
      schema: {
        tags,
        summary: 'Change a provider\'s alias, config or credentials',
        params: IdParams,
        body: Type.Object({ alias: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), config: Type.Optional(Type.Record(Type.String(), Type.Unknown())), credentials: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }),
        response: { 200: ProviderView, ...commonErrors },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      const provider = await tenant.getProvider(request.params.id);
      if (!provider) throw notFound('provider');
      const { alias, config, credentials } = request.body;
      validateProvider(provider.type, config ?? provider.config, credentials);
      const secretId = credentials ? await seal(tenant, credentials) : undefined;
      const updated = await tenant.updateProvider(provider.id, { ...(alias ? { alias } : {}), ...(config ? { config } : {}), ...(secretId ? { secretId } : {}) });
      if (!updated) throw notFound('provider');
      if (secretId && provider.secretId) await tenant.deleteSecret(provider.secretId);
      await tenant.audit({ actor: principalOf(request).actor, action: 'provider.update', target: `provider:${provider.id}`, details: { alias: Boolean(alias), config: Boolean(config), credentials: Boolean(credentials) }, ip: request.ip });
      return providerView(updated);
    },
  );

  app.delete('/providers/:id', { config: { permission: 'manage_providers' }, schema: { tags, summary: 'Remove a provider and its credentials', params: IdParams, response: { 204: Type.Null(), ...commonErrors } } }, async (request, reply) => {
    const tenant = tenantOf(request);
    const provider = await tenant.getProvider(request.params.id);
    if (!provider || !(await tenant.deleteProvider(provider.id))) throw notFound('provider');
    if (provider.secretId) await tenant.deleteSecret(provider.secretId);
    await tenant.audit({ actor: principalOf(request).actor, action: 'provider.delete', target: `provider:${provider.id}`, ip: request.ip });
    return reply.status(204).send(null);
  });

  app.post(
    '/providers/:id/test',
    { config: { permission: 'manage_providers' }, schema: { tags, summary: 'Check that the provider connects', params: IdParams, response: { 200: ConnectionTestResult, ...commonErrors } } },
    async (request) => {
      const tenant = tenantOf(request);
      const provider = await tenant.getProvider(request.params.id);
      if (!provider) throw notFound('provider');
      let credentials: Record<string, unknown> | undefined;
      if (provider.secretId) {
        const secret = await tenant.getSecret(provider.secretId);
        if (!secret) throw new ApiError(409, 'CREDENTIALS_MISSING', 'the provider\'s stored credentials are gone; set them again');
        credentials = deps.sealer.open(secret, { tenantId: tenant.tenantId, purpose: CREDENTIALS_PURPOSE }) as Record<string, unknown>;
      }
      const result = await deps.testConnection(provider, credentials);
      await tenant.updateProvider(provider.id, { lastTest: { at: now().toISOString(), ok: result.ok, ...(result.error ? { error: result.error } : {}) } });
      return result;
    },
  );
}

export type CreateProviderBody = Static<typeof CreateProvider>;
