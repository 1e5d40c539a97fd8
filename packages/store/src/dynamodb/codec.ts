/**
 * Values in and out of DynamoDB's attribute values, and the expressions that name them. Items are
 * plain records of strings, integers, booleans and nested maps; JSON documents are stored as strings
 * (parsed where read) and times as normalized ISO strings, whose text order is time order. Numbers
 * are integers only (severity ranks, counters, days), so no float ever round-trips through text.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Value = string | number | boolean | null | readonly Value[] | { readonly [name: string]: Value | undefined };
export type Item = Record<string, Value | undefined>;
export type StoredItem = Record<string, AttributeValue>;

export function marshal(value: Value): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`only integers are stored as numbers, not ${value}`);
    return { N: String(value) };
  }
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: (value as readonly Value[]).map(marshal) };
  return { M: marshalItem(value as Item) };
}

/** An item's attributes; `undefined` ones are left out. */
export function marshalItem(item: Item): StoredItem {
  const result: StoredItem = {};
  for (const [name, value] of Object.entries(item)) if (value !== undefined) result[name] = marshal(value);
  return result;
}

export function unmarshal(value: AttributeValue): Value {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(unmarshal);
  if (value.M !== undefined) return unmarshalItem(value.M);
  throw new Error(`unsupported attribute value ${Object.keys(value).join(', ')}`);
}

export function unmarshalItem(item: Record<string, AttributeValue>): Item {
  const result: Item = {};
  for (const [name, value] of Object.entries(item)) result[name] = unmarshal(value);
  return result;
}

/**
 * Placeholders for one request's expressions: every attribute name goes through `name` (many
 * attribute names are reserved words) and every value through `value`.
 */
export class Expression {
  private readonly names = new Map<string, string>();
  private readonly values: StoredItem = {};
  private valueCount = 0;

  /** `#n0`, or `#n0.#n1` for a nested path given as `a.b`. */
  name(path: string): string {
    return path
      .split('.')
      .map((part) => {
        let placeholder = this.names.get(part);
        if (!placeholder) {
          placeholder = `#n${this.names.size}`;
          this.names.set(part, placeholder);
        }
        return placeholder;
      })
      .join('.');
  }

  value(value: Value): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = marshal(value);
    return placeholder;
  }

  /** The request's `ExpressionAttributeNames` and `ExpressionAttributeValues`, when it has any. */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: StoredItem } {
    return {
      ...(this.names.size === 0 ? {} : { ExpressionAttributeNames: Object.fromEntries([...this.names].map(([name, placeholder]) => [placeholder, name])) }),
      ...(this.valueCount === 0 ? {} : { ExpressionAttributeValues: this.values }),
    };
  }
}

/** A condition written with an `Expression`'s placeholders. */
export type Condition = (expression: Expression) => string;

export const exists: Condition = (e) => `attribute_exists(${e.name('pk')})`;
export const missing: Condition = (e) => `attribute_not_exists(${e.name('pk')})`;

/** Every condition (each is parenthesized here: give them without outer parentheses, which DynamoDB refuses doubled). */
export function allOf(...conditions: readonly Condition[]): Condition {
  return (e) => conditions.map((condition) => `(${condition(e)})`).join(' AND ');
}

/**
 * Changes to an item: a value sets the attribute, `null` removes it, `undefined` leaves it. Names
 * may be nested paths (`L.mu`).
 */
export type Changes = Record<string, Value | undefined>;

export function updateExpression(changes: Changes, e: Expression): string | undefined {
  const set: string[] = [];
  const remove: string[] = [];
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) remove.push(e.name(name));
    else set.push(`${e.name(name)} = ${e.value(value)}`);
  }
  const parts = [...(set.length > 0 ? [`SET ${set.join(', ')}`] : []), ...(remove.length > 0 ? [`REMOVE ${remove.join(', ')}`] : [])];
  return parts.length === 0 ? undefined : parts.join(' ');
}

// ---- Reading items ----

export function text(item: Item, name: string): string {
  const value = item[name];
  if (typeof value !== 'string') throw new Error(`stored item lacks text attribute ${name}`);
  return value;
}

export function optionalText(item: Item, name: string): string | undefined {
  const value = item[name];
  return typeof value === 'string' ? value : undefined;
}

export function integer(item: Item, name: string): number {
  const value = item[name];
  if (typeof value !== 'number') throw new Error(`stored item lacks number attribute ${name}`);
  return value;
}

export function optionalInteger(item: Item, name: string): number | undefined {
  const value = item[name];
  return typeof value === 'number' ? value : undefined;
}

export function flag(item: Item, name: string): boolean {
  return item[name] === true;
}

export function json<T>(item: Item, name: string): T {
  return JSON.parse(text(item, name)) as T;
}

export function optionalJson<T>(item: Item, name: string): T | undefined {
  const value = optionalText(item, name);
  return value === undefined ? undefined : (JSON.parse(value) as T);
}

/** A JSON document as stored (a string), or null to remove it, or undefined to leave it. */
export function jsonText(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
