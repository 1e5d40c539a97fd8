/** The tenant's people and roles: members, invitations (accepted without signing in), custom roles, the tenant's settings. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkPasswordPolicy, hashToken, hashesEqual, isBuiltInRole, permissionsOf, randomToken } from '@palisade/auth';
import { PERMISSIONS } from '@palisade/store';
import type { Permission } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { PageQuery, commonErrors, errorRef, page } from '../schemas.ts';

const INVITATION_DAYS = 7;
const UserParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
const MemberView = Type.Object({ userId: Type.String(), email: Type.String(), role: Type.String(), createdAt: Type.String() }, { additionalProperties: false });
const RoleView = Type.Object({ name: Type.String(), permissions: Type.Array(Type.String()), builtIn: Type.Boolean() }, { additionalProperties: false });
const TenantView = Type.Object({ id: Type.String(), name: Type.String(), externalId: Type.String(), retentionDays: Type.Optional(Type.Integer()), createdAt: Type.String() }, { additionalProperties: false });

export async function memberRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const now = deps.now ?? (() => new Date());
  const tenantOf = (request: Parameters<typeof principalOf>[0]) => deps.store.forTenant(principalOf(request).tenantId);

  /** A role the caller may hand out: known in the tenant, and no permission the caller lacks. */
  const grantable = async (request: Parameters<typeof principalOf>[0], role: string, field: string) => {
    const permissions = permissionsOf(role, await tenantOf(request).listRoles());
    if (!permissions.length) throw new ApiError(400, 'VALIDATION_FAILED', `${field}: unknown role "${role}"`, field);
    const beyond = permissions.filter((permission) => !principalOf(request).permissions.includes(permission));
    if (beyond.length) throw new ApiError(403, 'FORBIDDEN', `the ${role} role has permissions the caller lacks: ${beyond.join(', ')}`);
  };

  app.get('/tenant', { config: { permission: 'read' }, schema: { tags: ['tenant'], summary: 'The caller\'s tenant (its external id goes into AWS role trust policies)', response: { 200: TenantView, ...commonErrors } } }, async (request) => {
    const tenant = await tenantOf(request).getTenant();
    return { id: tenant.id, name: tenant.name, externalId: tenant.externalId, ...(tenant.retentionDays !== undefined && tenant.retentionDays !== null ? { retentionDays: tenant.retentionDays } : {}), createdAt: tenant.createdAt };
  });

  app.patch(
    '/tenant',
    {
      config: { permission: 'manage_users' },
      schema: {
        tags: ['tenant'],
        summary: 'Rename the tenant or set how long scans and findings are kept (null: forever)',
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), retentionDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()])) }, { additionalProperties: false }),
        response: { 200: TenantView, ...commonErrors },
      },
    },
    async (request) => {
      const tenant = await tenantOf(request).updateTenant(request.body);
      await tenantOf(request).audit({ actor: principalOf(request).actor, action: 'tenant.update', target: `tenant:${tenant.id}`, details: { ...request.body }, ip: request.ip });
      return { id: tenant.id, name: tenant.name, externalId: tenant.externalId, ...(tenant.retentionDays !== undefined && tenant.retentionDays !== null ? { retentionDays: tenant.retentionDays } : {}), createdAt: tenant.createdAt };
    },
  );

  app.get('/members', { config: { permission: 'read' }, schema: { tags: ['members'], summary: 'The tenant\'s members', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: page(MemberView), ...commonErrors } } }, async (request) => {
    const listed = await tenantOf(request).listMembers(request.query);
    return { items: listed.items.map(({ userId, email, role, createdAt }) => ({ userId, email, role, createdAt })), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
  });

  app.patch(
    '/members/:userId',
    { config: { permission: 'manage_users' }, schema: { tags: ['members'], summary: 'Change a member\'s role', params: UserParams, body: Type.Object({ role: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), response: { 200: Type.Object({ userId: Type.String(), role: Type.String() }), ...commonErrors } } },
    async (request) => {
      const tenant = tenantOf(request);
      if (!(await tenant.getMember(request.params.userId))) throw notFound('member');
      await grantable(request, request.body.role, 'body.role');
      const member = await tenant.setMemberRole(request.params.userId, request.body.role);
      await tenant.audit({ actor: principalOf(request).actor, action: 'member.role', target: `user:${member.userId}`, details: { role: member.role }, ip: request.ip });
      return { userId: member.userId, role: member.role };
    },
  );

  app.delete('/members/:userId', { config: { permission: 'manage_users' }, schema: { tags: ['members'], summary: 'Remove a member from the tenant', params: UserParams, response: { 204: Type.Null(), 409: errorRef, ...commonErrors } } }, async (request, reply) => {
    const tenant = tenantOf(request);
    const member = await tenant.getMember(request.params.userId);
    if (!member) throw notFound('member');
    if (member.role === 'owner') {
      const owners = (await tenant.listMembers({ limit: 1000 })).items.filter((entry) => entry.role === 'owner');
      if (owners.length <= 1) throw new ApiError(409, 'LAST_OWNER', 'the tenant\'s last owner cannot be removed');
    }
    await tenant.removeMember(member.userId);
    await tenant.audit({ actor: principalOf(request).actor, action: 'member.remove', target: `user:${member.userId}`, ip: request.ip });
    return reply.status(204).send(null);
  });

  app.post(
    '/invitations',
    {
      config: { permission: 'manage_users' },
      schema: {
        tags: ['members'],
        summary: 'Invite someone by email (the token is shown once; it is accepted at /invitations/accept)',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' }), role: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String(), email: Type.String(), role: Type.String(), expiresAt: Type.String() }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request, reply) => {
      await grantable(request, request.body.role, 'body.role');
      const tenant = tenantOf(request);
      const secret = randomToken();
      const expiresAt = new Date(now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
      const invitation = await tenant.createInvitation({ email: request.body.email.toLowerCase(), role: request.body.role, tokenHash: hashToken(secret), invitedBy: principalOf(request).actor, expiresAt });
      await tenant.audit({ actor: principalOf(request).actor, action: 'member.invite', target: `invitation:${invitation.id}`, details: { email: invitation.email, role: invitation.role }, ip: request.ip });
      return reply.status(201).send({ id: invitation.id, token: `${invitation.id}.${secret}`, email: invitation.email, role: invitation.role, expiresAt });
    },
  );

  app.post(
    '/invitations/accept',
    {
      config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['members'],
        security: [],
        summary: 'Accept an invitation: joins the tenant (a new account takes the password given; an existing one must give its own)',
        body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 512 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ tenantId: Type.String(), role: Type.String() }, { additionalProperties: false }), 400: errorRef, 401: errorRef, 429: errorRef },
      },
    },
    async (request) => {
      const invalid = new ApiError(401, 'INVALID_INVITATION', 'the invitation is unknown, used or expired');
      const [id, secret] = request.body.token.split('.');
      if (!id || !secret) throw invalid;
      const invitation = await deps.store.system.findInvitation(id).catch(() => undefined);
      if (!invitation || invitation.acceptedAt || Date.parse(invitation.expiresAt) <= now().getTime() || !hashesEqual(invitation.tokenHash, hashToken(secret))) throw invalid;
      const { system } = deps.store;
      let user = await system.findUserByEmail(invitation.email);
      if (user) {
        if (!(await deps.passwords.verify(user.passwordHash, request.body.password))) throw new ApiError(401, 'INVALID_CREDENTIALS', 'an account with this email exists: give its password to accept');
      } else {
        checkPasswordPolicy(request.body.password, 'body.password');
        user = await system.createUser({ email: invitation.email, passwordHash: await deps.passwords.hash(request.body.password) });
      }
      const tenant = deps.store.forTenant(invitation.tenantId);
      if (!(await tenant.acceptInvitation(invitation.id, now().toISOString()))) throw invalid;
      if (!(await tenant.getMember(user.id))) await tenant.addMember(user.id, invitation.role);
      await tenant.audit({ actor: `user:${user.id}`, action: 'member.join', target: `invitation:${invitation.id}`, ip: request.ip });
      return { tenantId: invitation.tenantId, role: invitation.role };
    },
  );

  app.get('/roles', { config: { permission: 'read' }, schema: { tags: ['members'], summary: 'Built-in and custom roles with their permissions', response: { 200: Type.Object({ items: Type.Array(RoleView) }), ...commonErrors } } }, async (request) => {
    const custom = await tenantOf(request).listRoles();
    const builtIn = (['owner', 'admin', 'analyst', 'auditor'] as const).map((name) => ({ name, permissions: [...permissionsOf(name)], builtIn: true }));
    return { items: [...builtIn, ...custom.map((role) => ({ name: role.name, permissions: [...role.permissions], builtIn: false }))] };
  });

  app.post(
    '/roles',
    {
      config: { permission: 'manage_users' },
      schema: {
        tags: ['members'],
        summary: 'A custom role from the fixed permission set',
        body: Type.Object({ name: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' }), permissions: Type.Array(Type.Union(PERMISSIONS.map((permission) => Type.Literal(permission))), { minItems: 1, uniqueItems: true }) }, { additionalProperties: false }),
        response: { 201: RoleView, ...commonErrors },
      },
    },
    async (request, reply) => {
      if (isBuiltInRole(request.body.name)) throw new ApiError(400, 'VALIDATION_FAILED', `body.name: "${request.body.name}" is a built-in role`, 'body.name');
      const beyond = request.body.permissions.filter((permission) => !principalOf(request).permissions.includes(permission as Permission));
      if (beyond.length) throw new ApiError(403, 'FORBIDDEN', `the caller lacks: ${beyond.join(', ')}`);
      const role = await tenantOf(request).createRole({ name: request.body.name, permissions: request.body.permissions as Permission[] });
      await tenantOf(request).audit({ actor: principalOf(request).actor, action: 'role.create', target: `role:${role.name}`, details: { permissions: [...role.permissions] }, ip: request.ip });
      return reply.status(201).send({ name: role.name, permissions: [...role.permissions], builtIn: false });
    },
  );
}
