/**
 * The scan configuration file (`--config palisade.yaml`): check thresholds and gateway settings.
 * Every field is optional; defaults are documented in docs/configuration.md.
 */
import { DEFAULT_CHECK_CONFIG } from '@palisade/core';
import type { CheckConfig } from '@palisade/core';
import type { CollectorLimits } from '@palisade/providers';
import { z } from 'zod';
import { loadYamlFile } from './yaml-input.ts';

const days = z.number().int().min(1).max(3650);
const port = z.number().int().min(0).max(65535);

const checksSchema = z
  .object({
    maxAccessKeyAgeDays: days,
    maxUnusedCredentialDays: days,
    minPasswordLength: z.number().int().min(6).max(128),
    minPasswordReusePrevention: z.number().int().min(1).max(24),
    maxPasswordAgeDays: days,
    rootUsageLookbackDays: days,
    certificateExpiryWarningDays: days,
    minLogRetentionDays: days,
    minBackupRetentionDays: z.number().int().min(1).max(35),
    adminPorts: z.array(port).min(1),
    databasePorts: z.array(port),
    minPublicIngressPrefixLength: z.number().int().min(0).max(32),
    minPublicIngressPrefixLengthIpv6: z.number().int().min(0).max(128),
    trustedAccountIds: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')),
  })
  .partial()
  .strict();

const rateLimitSchema = z
  .object({
    pattern: z.string().regex(/^(\*|[a-z0-9-]+:(\*|[A-Za-z0-9]+\*?))$/, 'must look like "ec2:Describe*", "iam:*" or "*"'),
    capacity: z.number().min(1),
    refillPerSecond: z.number().positive(),
  })
  .strict();

const gatewaySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20),
    attemptTimeoutMs: z.number().int().min(1000).max(600_000),
    rateLimits: z.array(rateLimitSchema),
  })
  .partial()
  .strict();

const cap = z.number().int().min(0);
/** Caps on per-resource detail calls; resources past a cap are reported as ERROR (DetailCapReached). */
const limitsSchema = z
  .object({ s3Buckets: cap, iamUsers: cap, kmsKeys: cap, snsTopics: cap, rdsSnapshots: cap, efsFileSystems: cap, cloudTrailTrails: cap })
  .partial()
  .strict();

const fileSchema = z
  .object({
    checks: checksSchema.optional(),
    gateway: gatewaySchema.optional(),
    limits: limitsSchema.optional(),
  })
  .strict();

export interface ScanConfig {
  readonly checks: CheckConfig;
  readonly gateway: z.infer<typeof gatewaySchema>;
  /** Per-resource detail call caps per account and region (`limits.s3Buckets`, ...); unset means no cap. */
  readonly limits?: CollectorLimits;
}

export const DEFAULT_SCAN_CONFIG: ScanConfig = { checks: DEFAULT_CHECK_CONFIG, gateway: {} };

export async function loadScanConfig(file: string | undefined): Promise<ScanConfig> {
  if (!file) return DEFAULT_SCAN_CONFIG;
  const loaded = await loadYamlFile(file, 'CONFIG_INVALID');
  const validated = validateScanConfig(loaded.value ?? {});
  if ('problem' in validated) throw loaded.error(validated.problem.path, validated.problem.message);
  return validated.config;
}

/**
 * A configuration as read (a file's content, a scan request's `config`): the config with defaults
 * for what it leaves out, or its first problem with the path of the field.
 */
export function validateScanConfig(value: unknown): { readonly config: ScanConfig } | { readonly problem: { readonly path: (string | number)[]; readonly message: string } } {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const message = issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys[0]}"` : issue.message;
    return { problem: { path: path as (string | number)[], message } };
  }
  return {
    config: {
      checks: { ...DEFAULT_CHECK_CONFIG, ...parsed.data.checks },
      gateway: parsed.data.gateway ?? {},
      ...(parsed.data.limits ? { limits: parsed.data.limits } : {}),
    },
  };
}
