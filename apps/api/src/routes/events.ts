/**
 * Change events in: CloudTrail records (or EventBridge envelopes of them) posted by a forwarder —
 * an EventBridge rule's target, a log pipeline — lead to targeted re-scans of the resources they
 * changed (the platform's EventScans). Posting needs no user: each request is signed with the
 * tenant's events secret, HMAC-SHA256 over `<timestamp>.<body>`, and refused when the timestamp is
 * more than five minutes away; an event id seen in the last ten minutes is not acted on twice.
 *
 *   X-Palisade-Tenant: <tenant id>
 *   X-Palisade-Timestamp: <unix seconds>
 *   X-Palisade-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret>
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../errors.ts';
import type { ApiDeps } from '../server.ts';
import { principalOf } from '../server.ts';
import { commonErrors, errorRef } from '../schemas.ts';

export const EVENTS_SECRET_PURPOSE = 'events-secret';
/** How far a request's timestamp may be from the server's clock. */
const TOLERANCE_SECONDS = 300;
/** How long an event id is remembered, so that a replay within the tolerance is not acted on. */
const REMEMBER_MS = 10 * 60 * 1000;
const MAX_EVENTS = 1000;

const Intake = Type.Object(
  {
    received: Type.Integer(),
    accepted: Type.Integer(),
    duplicates: Type.Integer(),
    ignored: Type.Record(Type.String(), Type.Integer()),
    scans: Type.Array(Type.Object({ id: Type.String(), providerId: Type.String(), coalesced: Type.Boolean() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

/** Event ids seen per tenant, forgotten after REMEMBER_MS. */
class SeenEvents {
  private readonly seen = new Map<string, number>();

  /** True the first time a (tenant, event id) is offered within the window. */
  firstTime(tenantId: string, eventId: string, now: number): boolean {
    if (this.seen.size > 100_000) for (const [key, at] of this.seen) if (now - at > REMEMBER_MS) this.seen.delete(key);
    const key = `${tenantId}|${eventId}`;
    const at = this.seen.get(key);
    if (at !== undefined && now - at <= REMEMBER_MS) return false;
    this.seen.set(key, now);
    return true;
  }
}

export async function eventRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const now = () => (deps.now ? deps.now() : new Date());
  const seen = new SeenEvents();

  api.post(
    '/events/secret',
    {
      config: { permission: 'manage_integrations' },
      schema: {
        tags: ['events'],
        summary: 'Create or replace the secret change events are signed with; shown once',
        response: { 201: Type.Object({ secret: Type.String(), createdAt: Type.String() }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenant = deps.store.forTenant(principal.tenantId);
      const secret = randomBytes(32).toString('base64url');
      const stored = await tenant.putSecret(deps.sealer.seal({ secret }, { tenantId: tenant.tenantId, purpose: EVENTS_SECRET_PURPOSE }));
      const before = (await tenant.getTenant()).eventsSecretId;
      await tenant.updateTenant({ eventsSecretId: stored.id });
      if (before) await tenant.deleteSecret(before);
      await tenant.audit({ actor: principal.actor, action: 'events.secret.rotate', target: `tenant:${tenant.tenantId}`, ip: request.ip });
      return reply.status(201).send({ secret, createdAt: now().toISOString() });
    },
  );

  // The signature covers the body as sent: this scope keeps the raw text beside the parsed JSON.
  await app.register(async (signed) => {
    signed.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      (request as FastifyRequest).rawBody = text;
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(new ApiError(400, 'INVALID_JSON', `the body is not JSON: ${(error as Error).message}`, 'body'), undefined);
      }
    });

    signed.withTypeProvider<TypeBoxTypeProvider>().post(
      '/events',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['events'],
          summary: 'Change events (CloudTrail records or EventBridge envelopes of them) → targeted re-scans; signed with the tenant\'s events secret',
          security: [],
          // Optional in the schema: a request without them is unauthenticated (401), not malformed.
          headers: Type.Object({
            'x-palisade-tenant': Type.Optional(Type.String({ description: 'the tenant id' })),
            'x-palisade-timestamp': Type.Optional(Type.String({ description: 'unix seconds' })),
            'x-palisade-signature': Type.Optional(Type.String({ description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' })),
          }),
          body: Type.Unknown({ description: 'one event, an array of events, or {"Records": [...]} as CloudTrail writes its log files' }),
          response: { 202: Intake, 400: errorRef, 401: errorRef, 413: errorRef, 429: errorRef },
        },
      },
      async (request, reply) => {
        const tenantId = request.headers['x-palisade-tenant'];
        const unauthenticated = (message: string) => new ApiError(401, 'UNAUTHENTICATED', message);
        // An unknown tenant and a wrong signature answer alike: nothing tells which tenants exist.
        if (!isUuid(tenantId)) throw unauthenticated('bad signature');
        const tenant = deps.store.forTenant(tenantId);
        const row = await tenant.getTenant().catch(() => undefined);
        const sealed = row?.eventsSecretId ? await tenant.getSecret(row.eventsSecretId) : undefined;
        if (!sealed) throw unauthenticated('bad signature');
        const timestamp = Number(request.headers['x-palisade-timestamp']);
        if (!Number.isInteger(timestamp) || Math.abs(now().getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) {
          throw unauthenticated(`the timestamp is missing or more than ${TOLERANCE_SECONDS} s from the server's clock`);
        }
        const { secret } = deps.sealer.open(sealed, { tenantId, purpose: EVENTS_SECRET_PURPOSE }) as { secret: string };
        const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.rawBody ?? ''}`).digest('hex')}`);
        const given = Buffer.from(String(request.headers['x-palisade-signature']));
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated('bad signature');

        const events = eventsOf(request.body);
        let duplicates = 0;
        const fresh = events.filter((event) => {
          const id = eventId(event);
          if (id === undefined || seen.firstTime(tenantId, id, now().getTime())) return true;
          duplicates += 1;
          return false;
        });
        const intake = await deps.events.receive(tenant, fresh);
        return reply.status(202).send({ received: events.length, accepted: intake.accepted, duplicates, ignored: { ...intake.ignored }, scans: [...intake.scans] });
      },
    );
  });
}

/** The events of a body, each checked to be an object with the fields the mapping reads; errors name the field. */
function eventsOf(body: unknown): Record<string, unknown>[] {
  const records = Array.isArray(body) ? body : isObject(body) && Array.isArray(body['Records']) ? (body['Records'] as unknown[]) : [body];
  const prefix = Array.isArray(body) ? '' : isObject(body) && Array.isArray(body['Records']) ? 'Records' : undefined;
  if (records.length > MAX_EVENTS) throw new ApiError(400, 'VALIDATION_FAILED', `at most ${MAX_EVENTS} events per request (got ${records.length})`, 'body');
  return records.map((record, index) => {
    const at = prefix === undefined ? 'body' : `body${prefix ? `.${prefix}` : ''}[${index}]`;
    if (!isObject(record)) throw new ApiError(400, 'VALIDATION_FAILED', `${at}: must be an object`, at);
    const detail = record['detail'];
    const inner = detail === undefined ? record : detail;
    const innerAt = detail === undefined ? at : `${at}.detail`;
    if (!isObject(inner)) throw new ApiError(400, 'VALIDATION_FAILED', `${innerAt}: must be an object`, innerAt);
    for (const field of ['eventSource', 'eventName']) {
      if (typeof inner[field] !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', `${innerAt}.${field}: must be a string`, `${innerAt}.${field}`);
    }
    return record;
  });
}

function eventId(event: Record<string, unknown>): string | undefined {
  const detail = event['detail'];
  const id = isObject(detail) ? detail['eventID'] : event['eventID'];
  return typeof id === 'string' ? id : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
