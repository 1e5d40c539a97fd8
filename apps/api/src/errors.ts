/**
 * Every error the API answers has one shape: `{ "error": { "code", "message", "field"? } }`, with a
 * stable code and the right status. Validation problems name the field (`body.alias`,
 * `query.limit`); a resource of another tenant answers exactly like a missing one (404); an
 * unexpected failure answers 500 `INTERNAL` without its details, which go to the (redacted) log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, PalisadeError } from '@palisade/core';
import { StoreError } from '@palisade/store';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'NOT_FOUND', `${what} not found`);

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

/** Turns whatever a handler threw into the API's answer. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) return reply.status(error.status).send(errorBody(error.code, error.message, error.field));
  if (error instanceof StoreError) {
    const status = error.code === 'NotFound' ? 404 : error.code === 'Conflict' ? 409 : 400;
    const code = { NotFound: 'NOT_FOUND', Conflict: 'CONFLICT', InvalidCursor: 'INVALID_CURSOR', InvalidInput: 'VALIDATION_FAILED' }[error.code];
    return reply.status(status).send(errorBody(code, error.message, error.field));
  }
  if (error instanceof InputError) return reply.status(400).send(errorBody('VALIDATION_FAILED', error.message, error.location?.field));
  const fastifyError = error as FastifyError & { validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[]; validationContext?: string };
  if (fastifyError.validation) {
    const first = fastifyError.validation[0];
    const missing = first?.params?.['missingProperty'];
    const extra = first?.params?.['additionalProperty'];
    const path = `${fastifyError.validationContext ?? 'body'}${(first?.instancePath ?? '').replaceAll('/', '.')}${missing ? `.${String(missing)}` : extra ? `.${String(extra)}` : ''}`;
    const message = extra ? 'unknown field' : (first?.message ?? 'invalid');
    return reply.status(400).send(errorBody('VALIDATION_FAILED', `${path}: ${message}`, path));
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 429) return reply.status(429).send(errorBody('RATE_LIMITED', 'too many requests; try again later'));
  if (status === 413) return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', 'request body too large'));
  if (status === 415) return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'send JSON (Content-Type: application/json)'));
  if (status >= 400 && status < 500) return reply.status(status).send(errorBody('BAD_REQUEST', fastifyError.message));
  request.log.error({ err: error instanceof PalisadeError ? { code: error.code, message: error.message } : error }, 'request failed');
  return reply.status(500).send(errorBody('INTERNAL', 'internal error'));
}
