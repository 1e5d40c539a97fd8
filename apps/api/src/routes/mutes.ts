/**
 * Mute rules: list and delete them, and move them in and out as a mutelist file — the YAML
 * `palisade scan aws --mutelist` reads (`GET /mutes/export`, `POST /mutes/import`). Muting one
 * finding is `POST /findings/{uid}/mute`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { InputError } from '@palisade/core';
import { allMuteRules, importMuteRules, muteRulesFromMutelist, mutelistYaml } from '@palisade/platform';
import type { MuteRule } from '@palisade/store';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { IdParams, PageQuery, commonErrors, page } from '../schemas.ts';

const MuteView = Type.Object(
  {
    id: Type.String(),
    findingUid: Type.Optional(Type.String()),
    providerId: Type.Optional(Type.String()),
    account: Type.Optional(Type.String()),
    checkId: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
    resource: Type.Optional(Type.String()),
    reason: Type.String(),
    expiresAt: Type.Optional(Type.String()),
    createdBy: Type.String(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);

export const muteView = (rule: MuteRule) => {
  const { tenantId: _tenant, ...view } = rule;
  return view;
};

const YAML_TYPE = 'text/yaml';

export async function muteRoutes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  // In a scope of their own: only the import route reads YAML bodies.
  await server.register(async (scope) => {
    scope.addContentTypeParser(YAML_TYPE, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    await routes(scope, deps);
  });
}

async function routes(server: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['findings'];
  const now = deps.now ?? (() => new Date());
  const tenantOf = (request: FastifyRequest) => deps.store.forTenant(principalOf(request).tenantId);

  app.get(
    '/mutes',
    { config: { permission: 'read' }, schema: { tags, summary: 'List mute rules', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: page(MuteView), ...commonErrors } } },
    async (request) => {
      const listed = await tenantOf(request).listMutes(request.query);
      return { items: listed.items.map(muteView), ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
    },
  );

  app.get(
    '/mutes/export',
    {
      config: { permission: 'triage_findings' },
      schema: {
        tags,
        summary: 'The mute rules as a mutelist file (the YAML `palisade scan aws --mutelist` reads)',
        response: { 200: { description: 'mutelist YAML', content: { [YAML_TYPE]: { schema: Type.String() } } }, ...commonErrors },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const rules = await allMuteRules(tenant);
      const text = mutelistYaml(rules, { tenant: (await tenant.getTenant()).name, exportedAt: now().toISOString() });
      await tenant.audit({ actor: principalOf(request).actor, action: 'mute.export', details: { rules: rules.length }, ip: request.ip });
      return reply.header('content-type', `${YAML_TYPE}; charset=utf-8`).header('content-disposition', 'attachment; filename="palisade-mutelist.yaml"').send(text);
    },
  );

  app.post(
    '/mutes/import',
    {
      config: { permission: 'triage_findings' },
      schema: {
        tags,
        summary: 'Import mute rules from a mutelist file: merged with the stored rules, or replacing them',
        description:
          'The body is the YAML (`Content-Type: text/yaml`) or `{"yaml": "…"}`. A file rule with the account, check, region and resource of a stored rule is that rule: skipped when its reason and expiry agree, else replaced. `mode=replace` also deletes the stored rules the file lacks. Values must be exact or `*` (no patterns, tags or exceptions); a file that breaks this, or the format, answers 400 naming the line and field, and nothing is imported.',
        querystring: Type.Object({ mode: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('replace')], { default: 'merge' })) }, { additionalProperties: false }),
        body: {
          content: {
            [YAML_TYPE]: { schema: Type.String({ minLength: 1 }) },
            'application/json': { schema: Type.Object({ yaml: Type.String({ minLength: 1 }) }, { additionalProperties: false }) },
          },
        },
        response: { 200: Type.Object({ created: Type.Integer(), replaced: Type.Integer(), skipped: Type.Integer(), removed: Type.Integer() }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request) => {
      const body = request.body as string | { yaml: string };
      const [text, field] = typeof body === 'string' ? [body, 'body'] : [body.yaml, 'body.yaml'];
      let rules;
      try {
        rules = muteRulesFromMutelist(text, field);
      } catch (error) {
        if (error instanceof InputError) throw new ApiError(400, 'VALIDATION_FAILED', error.message, field);
        throw error;
      }
      const tenant = tenantOf(request);
      const actor = principalOf(request).actor;
      const mode = request.query.mode ?? 'merge';
      const result = await importMuteRules(tenant, rules, { mode, createdBy: actor });
      await tenant.audit({ actor, action: 'mute.import', details: { mode, rules: rules.length, ...result }, ip: request.ip });
      return result;
    },
  );

  app.delete(
    '/mutes/:id',
    { config: { permission: 'triage_findings' }, schema: { tags, summary: 'Delete a mute rule (its findings are unmuted)', params: IdParams, response: { 204: Type.Null(), ...commonErrors } } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const rule = await tenant.getMute(request.params.id);
      if (!rule || !(await tenant.deleteMute(rule.id))) throw notFound('mute rule');
      await tenant.setFindingsMuted({ ...(rule.findingUid ? { findingUid: rule.findingUid } : {}), ...(rule.providerId ? { providerId: rule.providerId } : {}), ...(rule.account ? { account: rule.account } : {}), ...(rule.checkId ? { checkId: rule.checkId } : {}), ...(rule.region ? { region: rule.region } : {}), ...(rule.resource ? { resource: rule.resource } : {}) }, undefined);
      await tenant.audit({ actor: principalOf(request).actor, action: 'finding.unmute', target: `mute:${rule.id}`, ip: request.ip });
      return reply.status(204).send(null);
    },
  );
}
