/**
 * The AWS JSON 1.1 protocol (KMS, Organizations, CloudTrail, CloudWatch Logs): POST `/`, the
 * operation in `X-Amz-Target: Prefix.Operation`, JSON in and out, errors as
 * `{"__type": code, "message": ...}` with the code repeated in `X-Amzn-ErrorType`.
 */
import type { ServiceSimulator, SimContext, SimRequest, SimResponse } from '../types.ts';
import { failure } from './estate-answer.ts';
import type { Answer, Failure } from './estate-answer.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** A request member that does not fit the operation's input shape; answered as the service's validation error. */
class InvalidInput extends Error {}

/** Typed reads of a JSON request body; a member of the wrong type is the caller's error, as AWS treats it. */
export class JsonInput {
  constructor(
    private readonly body: Readonly<Record<string, unknown>>,
    private readonly validationCode: string,
  ) {}

  string(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new InvalidInput(`${name} must be a string`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw new InvalidInput(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new InvalidInput(`${name} must be a boolean`);
    return value;
  }

  stringList(name: string): string[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new InvalidInput(`${name} must be a list of strings`);
    return value as string[];
  }

  /** A page size: `fallback` when absent, the service's validation error outside 1..max. */
  pageSize(name: string, max: number, fallback: number): number {
    const value = this.body[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidInput(`1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must have value between 1 and ${max}`);
    }
    return value;
  }

  /** The validation error as an answer, for handlers that check members themselves. */
  invalid(message: string): { failure: Failure } {
    return failure(this.validationCode, message, 400);
  }
}

export type JsonHandler = (input: JsonInput, context: SimContext, request: SimRequest) => Answer<object>;

export interface JsonRpcDefinition {
  readonly signingName: string;
  /** IAM action prefix of the operation names, e.g. `kms` in `kms:ListKeys`. */
  readonly actionPrefix: string;
  /** X-Amz-Target prefixes accepted: the one the installed SDK sends and any the service also answers. */
  readonly targetPrefixes: readonly string[];
  /** Error code for a request member of the wrong type or out of range. */
  readonly validationCode: string;
  /** Member name of the error text: most services say `message`, a few `Message`. */
  readonly messageMember?: 'message' | 'Message';
  readonly throttle: { readonly code: string; readonly status: number };
  readonly denied: { readonly code: string; readonly status: number };
  readonly operations: Readonly<Record<string, JsonHandler>>;
}

export function jsonRpcSimulator(definition: JsonRpcDefinition): ServiceSimulator {
  const messageMember = definition.messageMember ?? 'message';
  const error = (_request: SimRequest, code: string, message: string, status: number): SimResponse => ({
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, [messageMember]: message }),
  });
  return {
    signingNames: [definition.signingName],
    throttle: definition.throttle,
    denied: definition.denied,
    error,
    operation(request) {
      if (request.method !== 'POST') return undefined;
      const target = request.headers['x-amz-target'] ?? '';
      const dot = target.lastIndexOf('.');
      if (dot < 0 || !definition.targetPrefixes.includes(target.slice(0, dot))) return undefined;
      const action = target.slice(dot + 1);
      return Object.hasOwn(definition.operations, action) ? `${definition.actionPrefix}:${action}` : undefined;
    },
    respond(operation, request, context) {
      const handler = definition.operations[operation.slice(operation.indexOf(':') + 1)];
      if (!handler) return error(request, 'UnknownOperationException', `${operation} is not served`, 400);
      let body: unknown;
      try {
        body = request.body.trim() === '' ? {} : JSON.parse(request.body);
      } catch {
        return error(request, 'SerializationException', 'the request body is not valid JSON', 400);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(request, 'SerializationException', 'the request body must be a JSON object', 400);
      let answer: Answer<object>;
      try {
        answer = handler(new JsonInput(body as Record<string, unknown>, definition.validationCode), context, request);
      } catch (thrown) {
        if (!(thrown instanceof InvalidInput)) throw thrown;
        return error(request, definition.validationCode, thrown.message, 400);
      }
      if (answer.failure) return error(request, answer.failure.code, answer.failure.message, answer.failure.status);
      return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: JSON.stringify(answer.value) };
    },
  };
}
