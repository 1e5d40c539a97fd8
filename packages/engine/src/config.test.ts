import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_CONFIG } from '@palisade/core';
import { loadScanConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'palisade-config-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('scan config', () => {
  it('uses documented defaults without a file', async () => {
    expect((await loadScanConfig(undefined)).checks).toEqual(DEFAULT_CHECK_CONFIG);
  });

  it('overrides thresholds and keeps the other defaults', async () => {
    const config = await loadScanConfig(write('ok.yaml', 'checks:\n  maxAccessKeyAgeDays: 30\n  adminPorts: [22, 3389, 5985]\n'));
    expect(config.checks.maxAccessKeyAgeDays).toBe(30);
    expect(config.checks.adminPorts).toEqual([22, 3389, 5985]);
    expect(config.checks.minPasswordLength).toBe(14);
  });

  it('reads the wide public CIDR limits and keeps ports as plain numbers', async () => {
    expect(DEFAULT_CHECK_CONFIG.minPublicIngressPrefixLength).toBe(16);
    expect(DEFAULT_CHECK_CONFIG.minPublicIngressPrefixLengthIpv6).toBe(32);
    const config = await loadScanConfig(write('wide.yaml', 'checks:\n  minPublicIngressPrefixLength: 20\n  adminPorts: [22, 3389]\n'));
    expect(config.checks.minPublicIngressPrefixLength).toBe(20);
    expect(config.checks.minPublicIngressPrefixLengthIpv6).toBe(32);
    expect(config.checks.adminPorts).toEqual([22, 3389]);
  });

  it('reads per-resource detail caps', async () => {
    const config = await loadScanConfig(write('limits.yaml', 'limits:\n  s3Buckets: 500\n  kmsKeys: 0\n'));
    expect(config.limits).toEqual({ s3Buckets: 500, kmsKeys: 0 });
  });

  it.each([
    ['unknown cap', 'limits:\n  lambdaFunctions: 5\n', /bad\.yaml:2 \(limits\.lambdaFunctions\): unknown field "lambdaFunctions"/],
    ['wrong type', 'checks:\n  maxAccessKeyAgeDays: ninety\n', /bad\.yaml:2 \(checks\.maxAccessKeyAgeDays\): /],
    ['unknown field', 'checks:\n  maxKeyAge: 3\n', /bad\.yaml:2 \(checks\.maxKeyAge\): unknown field "maxKeyAge"/],
    ['out of range', 'gateway:\n  maxAttempts: 0\n', /bad\.yaml:2 \(gateway\.maxAttempts\)/],
    ['a prefix length past /32', 'checks:\n  minPublicIngressPrefixLength: 33\n', /bad\.yaml:2 \(checks\.minPublicIngressPrefixLength\): /],
    ['a fractional IPv6 prefix length', 'checks:\n  minPublicIngressPrefixLengthIpv6: 31.5\n', /bad\.yaml:2 \(checks\.minPublicIngressPrefixLengthIpv6\): /],
    ['bad account id', 'checks:\n  trustedAccountIds: ["abc"]\n', /bad\.yaml:2 \(checks\.trustedAccountIds\.0\): must be a 12-digit AWS account id/],
    ['invalid YAML', 'checks: [\n', /bad\.yaml:\d+: invalid YAML/],
  ])('rejects %s naming file, line and field', async (_name, text, message) => {
    await expect(loadScanConfig(write('bad.yaml', text))).rejects.toThrow(message);
  });

  it('reports a missing file', async () => {
    await expect(loadScanConfig(join(dir, 'absent.yaml'))).rejects.toThrow(/absent\.yaml: file not found/);
  });
});
