/**
 * IAM policy documents in one normalized shape. AWS accepts a string or an array for Action,
 * Resource, principals and condition values; collectors normalize every document (IAM, S3, KMS,
 * EFS, SNS) so checks handle only arrays.
 */

export type PolicyPrincipal = '*' | Readonly<Record<string, readonly string[]>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Principal?: PolicyPrincipal;
  readonly NotPrincipal?: PolicyPrincipal;
  /** operator → condition key → values. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
}

const toStringArray = (value: unknown, field: string): string[] | undefined => {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new PolicyDocumentError(`policy field ${field} holds a ${typeof item}, expected strings`);
  });
};

const toPrincipal = (value: unknown, field: string): PolicyPrincipal | undefined => {
  if (value === undefined || value === null) return undefined;
  if (value === '*') return '*';
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyDocumentError(`policy field ${field} must be "*" or an object`);
  }
  const out: Record<string, readonly string[]> = {};
  for (const [kind, ids] of Object.entries(value as Record<string, unknown>)) {
    out[kind] = toStringArray(ids, `${field}.${kind}`) ?? [];
  }
  return out;
};

const toCondition = (value: unknown): PolicyStatement['Condition'] => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new PolicyDocumentError('policy field Condition must be an object');
  const out: Record<string, Record<string, readonly string[]>> = {};
  for (const [operator, keys] of Object.entries(value as Record<string, unknown>)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      throw new PolicyDocumentError(`policy field Condition.${operator} must be an object`);
    }
    const byKey: Record<string, readonly string[]> = {};
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
      byKey[key] = toStringArray(values, `Condition.${operator}.${key}`) ?? [];
    }
    out[operator] = byKey;
  }
  return out;
};

/**
 * Normalizes a policy document given as parsed JSON, a JSON string, or the URL-encoded JSON
 * string that IAM returns.
 */
export function normalizePolicyDocument(input: unknown): PolicyDocument {
  let raw = input;
  if (typeof raw === 'string') {
    const text = raw.trimStart().startsWith('%7B') || raw.trimStart().startsWith('%7b') ? decodeURIComponent(raw) : raw;
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw new PolicyDocumentError(`policy document is not valid JSON: ${(cause as Error).message}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PolicyDocumentError('policy document must be a JSON object');
  }
  const doc = raw as Record<string, unknown>;
  const statements = doc['Statement'] === undefined ? [] : Array.isArray(doc['Statement']) ? doc['Statement'] : [doc['Statement']];
  return {
    ...(typeof doc['Version'] === 'string' ? { Version: doc['Version'] } : {}),
    ...(typeof doc['Id'] === 'string' ? { Id: doc['Id'] } : {}),
    Statement: statements.map((entry, index) => {
      if (typeof entry !== 'object' || entry === null) throw new PolicyDocumentError(`Statement[${index}] must be an object`);
      const s = entry as Record<string, unknown>;
      const effect = s['Effect'];
      if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyDocumentError(`Statement[${index}].Effect must be Allow or Deny`);
      const statement: PolicyStatement = {
        ...(typeof s['Sid'] === 'string' ? { Sid: s['Sid'] } : {}),
        Effect: effect,
        ...optional('Action', toStringArray(s['Action'], 'Action')),
        ...optional('NotAction', toStringArray(s['NotAction'], 'NotAction')),
        ...optional('Resource', toStringArray(s['Resource'], 'Resource')),
        ...optional('NotResource', toStringArray(s['NotResource'], 'NotResource')),
        ...optional('Principal', toPrincipal(s['Principal'], 'Principal')),
        ...optional('NotPrincipal', toPrincipal(s['NotPrincipal'], 'NotPrincipal')),
        ...optional('Condition', toCondition(s['Condition'])),
      };
      return statement;
    }),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
