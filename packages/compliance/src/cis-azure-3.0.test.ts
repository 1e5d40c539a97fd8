import { describe, expect, it } from 'vitest';
import { CIS_AZURE_3_0 } from './frameworks/cis-azure-3.0.ts';

const requirements = CIS_AZURE_3_0.requirements;
const ids = requirements.map((requirement) => requirement.id);

/** `3.1.10` → [3, 1, 10], so ids compare numerically per segment. */
const segments = (id: string) => id.split('.').map(Number);
const compareIds = (a: string, b: string) => {
  const [x, y] = [segments(a), segments(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const difference = (x[i] ?? -1) - (y[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
};

const countBy = (key: (requirement: (typeof requirements)[number]) => string | undefined) => {
  const counts: Record<string, number> = {};
  for (const requirement of requirements) {
    const value = key(requirement);
    if (value !== undefined) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
};

describe('CIS Microsoft Azure Foundations Benchmark v3.0.0', () => {
  it('is identified as cis-azure-3.0 for Azure', () => {
    expect(CIS_AZURE_3_0).toMatchObject({ id: 'cis-azure-3.0', version: '3.0.0', provider: 'azure' });
    expect(CIS_AZURE_3_0.aliases).toContain('cis_3.0_azure');
  });

  it('has every requirement id once, in benchmark order', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort(compareIds));
  });

  it('has the 159 recommendations of v3.0.0 across sections 2–10', () => {
    expect(requirements).toHaveLength(159);
    expect(countBy((requirement) => requirement.section)).toEqual({
      '2 Identity': 36,
      '3 Security': 34,
      '4 Storage Accounts': 17,
      '5 Database Services': 22,
      '6 Logging and Monitoring': 19,
      '7 Networking': 7,
      '8 Virtual Machines': 11,
      '9 AppService': 12,
      '10 Miscellaneous': 1,
    });
  });

  it('places each requirement in the groups its number names', () => {
    for (const requirement of requirements) {
      expect(requirement.section.split(' ')[0], requirement.id).toBe(requirement.id.split('.')[0]);
      if (requirement.subsection === undefined) {
        // Only recommendations numbered directly under their section sit outside a subsection.
        expect(requirement.id.split('.'), requirement.id).toHaveLength(2);
      } else {
        expect(requirement.id.startsWith(`${requirement.subsection.split(' ')[0]}.`), requirement.id).toBe(true);
      }
    }
  });

  it('groups recommendations into the subsections of v3.0.0', () => {
    expect(countBy((requirement) => requirement.subsection)).toEqual({
      '2.1 Security Defaults (Per-User MFA)': 4,
      '2.2 Conditional Access': 8,
      '3.1.1 Microsoft Cloud Security Posture Management (CSPM)': 2,
      '3.1.3 Defender Plan: Servers': 5,
      '3.1.4 Defender Plan: Containers': 3,
      '3.1.5 Defender Plan: Storage': 1,
      '3.1.6 Defender Plan: App Service': 1,
      '3.1.7 Defender Plan: Databases': 4,
      '3.1.8 Defender Plan: Key Vault': 1,
      '3.1.9 Defender Plan: Resource Manager': 1,
      '3.1 Microsoft Defender for Cloud': 7,
      '3.2 Microsoft Defender for IoT': 1,
      '3.3 Key Vault': 8,
      '5.1 Azure SQL Database': 7,
      '5.2 Azure Database for PostgreSQL': 8,
      '5.3 Azure Database for MySQL': 4,
      '5.4 Azure Cosmos DB': 3,
      '6.1 Configuring Diagnostic Settings': 6,
      '6.2 Monitoring using Activity Log Alerts': 10,
      '6.3 Configuring Application Insights': 1,
    });
  });

  it('marks 99 recommendations automated and exactly the v3.0.0 manual ones manual', () => {
    const manual = requirements.filter((requirement) => requirement.assessment === 'manual').map((requirement) => requirement.id);
    expect(requirements.length - manual.length).toBe(99);
    expect(manual).toEqual([
      ...['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.2.1', '2.2.2', '2.2.3', '2.2.4', '2.2.5', '2.2.6', '2.2.7', '2.2.8'],
      ...['2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.17', '2.18', '2.19', '2.20', '2.21', '2.22', '2.24', '2.25', '2.26'],
      ...['3.1.3.2', '3.1.3.3', '3.1.3.4', '3.1.3.5', '3.1.11', '3.1.15', '3.2.1'],
      ...['4.3', '4.4', '4.5', '4.11'],
      ...['5.1.7', '5.4.3'],
      ...['6.1.1', '6.1.5', '6.1.6', '6.4', '6.5'],
      '7.7',
      ...['8.7', '8.8', '8.9', '8.10'],
      ...['9.6', '9.7', '9.8', '9.9', '9.11'],
      '10.1',
    ]);
  });

  it('puts exactly the Level 2 recommendations in the Level 2 profile', () => {
    const level2 = requirements.filter((requirement) => requirement.level === 'Level 2').map((requirement) => requirement.id);
    expect(level2).toEqual([
      ...['2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.2.4', '2.2.5', '2.2.6', '2.2.7', '2.2.8', '2.13', '2.16', '2.18', '2.19', '2.20', '2.21', '2.24', '2.25'],
      ...['3.1.1.2', '3.1.3.1', '3.1.3.2', '3.1.3.3', '3.1.3.4', '3.1.3.5', '3.1.4.1', '3.1.4.2', '3.1.4.3', '3.1.5.1', '3.1.6.1'],
      ...['3.1.7.1', '3.1.7.2', '3.1.7.3', '3.1.7.4', '3.1.8.1', '3.1.9.1', '3.1.15', '3.1.16', '3.2.1', '3.3.6', '3.3.7', '3.3.8'],
      ...['4.2', '4.8', '4.9', '4.11', '4.12', '4.13', '4.14'],
      ...['5.1.3', '5.3.3', '5.3.4', '5.4.1', '5.4.2'],
      ...['6.1.3', '6.1.5', '6.1.6', '6.3.1', '6.5'],
      ...['7.5', '7.6'],
      ...['8.1', '8.3', '8.4', '8.8', '8.9', '8.10'],
      ...['9.2', '9.11'],
      '10.1',
    ]);
  });

  it('keeps the v3.0.0 profile of the whole Conditional Access subsection', () => {
    const conditionalAccess = requirements.filter((requirement) => requirement.subsection === '2.2 Conditional Access');
    expect(conditionalAccess.map((requirement) => requirement.level)).toEqual(Array(8).fill('Level 2'));
  });

  it('references checks by namespaced Azure id, each once per requirement', () => {
    for (const requirement of requirements) {
      expect(new Set(requirement.checks).size, requirement.id).toBe(requirement.checks.length);
      for (const checkId of requirement.checks) expect(checkId, requirement.id).toMatch(/^azure\/[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('describes every requirement in a sentence or more', () => {
    for (const requirement of requirements) {
      expect(requirement.title.length, requirement.id).toBeGreaterThan(10);
      expect(requirement.title, requirement.id).not.toMatch(/[`‘’]|\s{2}/);
      expect(requirement.description.length, requirement.id).toBeGreaterThan(80);
    }
  });
});
