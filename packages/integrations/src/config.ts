/**
 * Integration settings as the API receives them: per type, a `config` part (not secret; the API
 * shows it) and a `secret` part (encrypted at rest by the platform, write-only). Parsing fills
 * defaults and reports every problem with the field it is about (`config.url`, `secret.webhookUrl`).
 */
import { z } from 'zod';
import { INTEGRATION_TYPES } from './types.ts';
import type { IntegrationType } from './types.ts';

/** One invalid field: `field` is the dotted path from the settings' root, e.g. `config.to[1]`. */
export interface ValidationProblem {
  readonly field: string;
  readonly message: string;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as "eu-west-1"');
/** `alerts@example.com` or `Palisade <alerts@example.com>`. */
const mailbox = z.string().regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, 'must be an e-mail address');

/** Headers the webhook sets itself; a configured header may not replace them. */
const RESERVED_HEADER = /^(x-palisade-.*|content-type|content-length|host|transfer-encoding|connection)$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const slackConfig = z.strictObject({ channelLabel: z.string().trim().min(1).max(80).optional() });
const slackSecret = z.strictObject({ webhookUrl: httpUrl });

const webhookConfig = z.strictObject({ url: httpUrl });
/** Extra headers are kept with the secret: they often carry a receiver's token. */
const webhookSecret = z.strictObject({
  signingSecret: z.string().min(16, 'must have at least 16 characters'),
  headers: z
    .record(
      z.string().regex(HEADER_NAME, 'must be an HTTP header name').refine((name) => !RESERVED_HEADER.test(name), 'is set by Palisade and cannot be configured'),
      z.string().max(1024).regex(/^[^\r\n]*$/, 'must be one line'),
    )
    .optional(),
});

const jiraConfig = z.strictObject({
  baseUrl: httpUrl,
  email: z.email({ error: 'must be an e-mail address' }),
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'must be a Jira project key such as "SEC"'),
  issueType: z.string().trim().min(1).default('Bug'),
  mode: z.enum(['finding', 'check']).default('finding'),
  labels: z.array(z.string().regex(/^\S{1,255}$/, 'must be one word (Jira labels have no spaces)')).default([]),
  resolveTransition: z.string().trim().min(1).default('Done'),
});
const jiraSecret = z.strictObject({ apiToken: z.string().min(1) });

const emailConfig = z.strictObject({
  host: z.string().trim().min(1),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  from: mailbox,
  to: z.array(mailbox).min(1, 'must list at least one address'),
  username: z.string().min(1).optional(),
});
const emailSecret = z.strictObject({ password: z.string().min(1).optional() });

const awsSecret = z.strictObject({ accessKeyId: z.string().min(16), secretAccessKey: z.string().min(1), sessionToken: z.string().min(1).optional() });
/** Absent (or empty) AWS keys mean the server's own credential chain. */
const optionalAwsSecret = z.preprocess((value) => (value === null || (isPlainObject(value) && Object.keys(value).length === 0) ? undefined : value), awsSecret.optional());

const securityHubConfig = z.strictObject({ region: awsRegion, endpointUrl: httpUrl.optional() });

const s3Config = z.strictObject({
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  prefix: z
    .string()
    .max(512)
    .refine((prefix) => !prefix.startsWith('/') && !prefix.split('/').includes('..'), 'must not start with "/" or contain ".."')
    .optional(),
  region: awsRegion,
  endpointUrl: httpUrl.optional(),
  forcePathStyle: z.boolean().optional(),
});

const SCHEMAS = {
  slack: { config: slackConfig, secret: slackSecret },
  webhook: { config: webhookConfig, secret: webhookSecret },
  jira: { config: jiraConfig, secret: jiraSecret },
  email: { config: emailConfig, secret: emailSecret },
  securityhub: { config: securityHubConfig, secret: optionalAwsSecret },
  s3: { config: s3Config, secret: optionalAwsSecret },
} as const satisfies Record<IntegrationType, { config: z.ZodType; secret: z.ZodType }>;

export type SlackConfig = z.output<typeof slackConfig>;
export type SlackSecret = z.output<typeof slackSecret>;
export type WebhookConfig = z.output<typeof webhookConfig>;
export type WebhookSecret = z.output<typeof webhookSecret>;
export type JiraConfig = z.output<typeof jiraConfig>;
export type JiraSecret = z.output<typeof jiraSecret>;
export type EmailConfig = z.output<typeof emailConfig>;
export type EmailSecret = z.output<typeof emailSecret>;
export type AwsSecret = z.output<typeof awsSecret>;
export type SecurityHubConfig = z.output<typeof securityHubConfig>;
export type S3Config = z.output<typeof s3Config>;

export type IntegrationConfigs = { readonly [T in IntegrationType]: z.output<(typeof SCHEMAS)[T]['config']> };
export type IntegrationSecrets = { readonly [T in IntegrationType]: z.output<(typeof SCHEMAS)[T]['secret']> };

/** One integration's parsed settings, discriminated by `type`. */
export type IntegrationSettings = {
  readonly [T in IntegrationType]: { readonly type: T; readonly config: IntegrationConfigs[T]; readonly secret: IntegrationSecrets[T] };
}[IntegrationType];

export function isIntegrationType(value: unknown): value is IntegrationType {
  return typeof value === 'string' && (INTEGRATION_TYPES as readonly string[]).includes(value);
}

/** Parses an integration's `config` and `secret` for its type; every problem names its field. */
export function parseIntegrationSettings(type: unknown, config: unknown, secret: unknown): ParseResult<IntegrationSettings> {
  if (!isIntegrationType(type)) return { ok: false, problems: [{ field: 'type', message: `must be one of ${INTEGRATION_TYPES.join(', ')}` }] };
  const schemas = SCHEMAS[type];
  const parsedConfig = schemas.config.safeParse(config ?? {});
  const parsedSecret = schemas.secret.safeParse(secret ?? (type === 'securityhub' || type === 's3' ? undefined : {}));
  const problems = [...(parsedConfig.success ? [] : toProblems('config', parsedConfig.error)), ...(parsedSecret.success ? [] : toProblems('secret', parsedSecret.error))];
  if (problems.length > 0 || !parsedConfig.success || !parsedSecret.success) return { ok: false, problems };
  return { ok: true, value: { type, config: parsedConfig.data, secret: parsedSecret.data } as IntegrationSettings };
}

/** Parses the shown part alone, e.g. to check stored settings before showing them. */
export function parseIntegrationConfig<T extends IntegrationType>(type: T, config: unknown): ParseResult<IntegrationConfigs[T]> {
  const parsed = SCHEMAS[type].config.safeParse(config ?? {});
  return parsed.success ? { ok: true, value: parsed.data as IntegrationConfigs[T] } : { ok: false, problems: toProblems('config', parsed.error) };
}

/** Zod issues as field-named problems; an unknown key is named itself. */
export function toProblems(root: string, error: z.ZodError): ValidationProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { field: fieldPath(root, [...issue.path, issue.keys[0] ?? '']), message: 'is not a known field' };
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return { field: fieldPath(root, issue.path), message: missing ? 'is required' : issue.message };
  });
}

export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let field = root;
  for (const key of path) field += typeof key === 'number' ? `[${key}]` : field === '' ? String(key) : `.${String(key)}`;
  return field;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
