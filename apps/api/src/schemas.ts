/** Schemas shared by the routes: they validate requests and document the API (OpenAPI 3.1). */
import { Type } from 'typebox';
import type { TSchema } from 'typebox';

export const ErrorSchema = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }, { additionalProperties: false }) },
  { $id: 'Error', additionalProperties: false },
);

export const errorRef = Type.Ref('Error');

/** The error answers every authenticated route may give. */
export const commonErrors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 429: errorRef };

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
};

export function page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });
}

/** Comma-separated values of a query parameter (`status=FAIL,ERROR`). */
export function listParam(values: readonly string[]) {
  return Type.Optional(Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')}))*$`, description: `comma-separated: ${values.join(', ')}` }));
}

export const Timestamp = Type.String({ format: 'date-time' });
