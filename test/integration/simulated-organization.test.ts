/**
 * A live organization scan against the simulated AWS (real SDK clients, real collectors): the
 * engine evaluates each service's checks as soon as it is collected and frees the data after.
 * Evaluating and freeing while other services are still completing must not change any result.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { DEFAULT_SCAN_CONFIG, executeScan } from '@palisade/engine';
import { generateEstate } from '../../bench/sim/estate.ts';
import { SimulatedAws, accessKeyFor } from '../../bench/sim/handler.ts';
import { SERVICE_SIMULATORS, SIMULATED_SERVICES } from '../../bench/sim/build.ts';

const checks = ALL_CHECKS.filter((check) => check.requires.every((service) => SIMULATED_SERVICES.has(service)));

function organization(unassumable: number[] = []) {
  const generated = generateEstate({
    seed: 3,
    accounts: 3,
    regions: ['us-east-1', 'eu-west-1'],
    perRegion: { instances: 6, securityGroups: 4, volumes: 4, snapshots: 2, vpcs: 2, kmsKeys: 3, logGroups: 2 },
    perAccount: { iamUsers: 3, iamRoles: 2, buckets: 3 },
    misconfiguredShare: 0.3,
    unassumableAccounts: unassumable,
  });
  // As in most organizations, the member role does not exist in the management account.
  const estate = { ...generated, accounts: generated.accounts.map((account, index) => (index === 0 ? { ...account, roleAssumable: false } : account)) };
  const sim = new SimulatedAws({
    estate,
    services: SERVICE_SIMULATORS,
    seed: 3,
    latency: { medianMs: 2, p99Ms: 20 },
  });
  return { estate, sim };
}

async function scan(options: { snapshotOut?: string; unassumable?: number[] } = {}) {
  const { estate, sim } = organization(options.unassumable);
  const findings: Finding[] = [];
  const result = await executeScan({
    source: {
      kind: 'aws',
      connect: { credentials: { accessKeyId: accessKeyFor(estate.managementAccountId), secretAccessKey: 'test' }, region: 'us-east-1', transport: { handler: sim } },
      targets: { organization: {}, roleName: estate.memberRoleName },
    },
    checks,
    config: DEFAULT_SCAN_CONFIG,
    // A slow sink keeps evaluations in flight while other services complete.
    sinks: [{ write: async (batch) => void findings.push(...(await new Promise<readonly Finding[]>((resolve) => setTimeout(() => resolve(batch), 3)))) }],
    batchSize: 7,
    productVersion: 'test',
    ...(options.snapshotOut ? { snapshotOut: options.snapshotOut } : {}),
  });
  return { result, findings, estate };
}

const key = (finding: Finding) => `${finding.uid} ${finding.status}`;

describe('live organization scan (simulated AWS)', () => {
  it('gives the same findings whether service data is freed early or kept for a snapshot', async () => {
    const freed = await scan();
    const kept = await scan({ snapshotOut: join(mkdtempSync(join(tmpdir(), 'palisade-org-')), 'org.json.gz') });
    expect(freed.result.errors).toEqual([]);
    expect(freed.findings.filter((finding) => finding.error?.code === 'NotCollected')).toEqual([]);
    expect(freed.result.accountsScanned).toHaveLength(4);
    expect(freed.result.accountsScanned).toContain(freed.estate.managementAccountId);
    expect(freed.findings.length).toBeGreaterThan(200);
    expect(freed.findings.map(key).sort()).toEqual(kept.findings.map(key).sort());
  });

  it('attaches the organization metadata to every finding', async () => {
    const { findings, estate } = await scan();
    const member = estate.accounts[1]!;
    const ofMember = findings.filter((finding) => finding.accountId === member.accountId);
    expect(ofMember.length).toBeGreaterThan(0);
    for (const finding of ofMember) {
      expect(finding.organization).toEqual({
        organizationId: estate.organizationId,
        accountName: member.name,
        accountEmail: member.email,
        ouPath: expect.stringMatching(/^Root\/(Workloads\/(Prod|NonProd)|Sandbox)$/),
        tags: member.tags,
      });
    }
  });

  it('reports a member whose role cannot be assumed and scans the others', async () => {
    const { result, estate } = await scan({ unassumable: [1] });
    const locked = estate.accounts[2]!.accountId;
    expect(result.accountsScanned).toHaveLength(3);
    expect(result.accountsScanned).not.toContain(locked);
    expect(result.errors).toEqual([expect.objectContaining({ accountId: locked, error: expect.objectContaining({ api: 'sts:AssumeRole' }) })]);
    expect(result.notScanned).toEqual([`account ${locked}: role could not be assumed`]);
  });
});
