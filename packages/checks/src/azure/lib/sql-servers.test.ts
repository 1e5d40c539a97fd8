import { describe, expect, it } from 'vitest';
import { denied, ok, sqlServer, sqlServerId } from '../../testing/azure/index.ts';
import { sqlVulnerabilityAssessmentMode } from './sql-servers.ts';

const SERVER = sqlServerId('sql-prod');
const CLASSIC = { storageContainerPath: 'https://stva.blob.core.windows.net/vulnerability-assessment/', recurringScans: { isEnabled: true, emailSubscriptionAdmins: true, emails: [] } };

describe('sqlVulnerabilityAssessmentMode', () => {
  it('prefers the express configuration, as the portal does', () => {
    const server = sqlServer({ name: 'sql-prod', expressVulnerabilityAssessment: ok({ state: 'Enabled' }), vulnerabilityAssessment: ok(CLASSIC) });
    expect(sqlVulnerabilityAssessmentMode(server)).toEqual({ value: { kind: 'express' } });
  });

  it('falls back to the classic configuration when it has a storage container', () => {
    const server = sqlServer({ name: 'sql-prod', expressVulnerabilityAssessment: ok(null), vulnerabilityAssessment: ok(CLASSIC) });
    expect(sqlVulnerabilityAssessmentMode(server)).toEqual({ value: { kind: 'classic', settings: CLASSIC } });
  });

  it('is off when neither configuration is set up', () => {
    const server = sqlServer({ name: 'sql-prod', expressVulnerabilityAssessment: ok({ state: 'Disabled' }), vulnerabilityAssessment: ok({ recurringScans: CLASSIC.recurringScans }) });
    expect(sqlVulnerabilityAssessmentMode(server)).toEqual({ value: { kind: 'off' } });
  });

  it('carries the error of an unreadable setting that decides it', () => {
    const express = denied('Microsoft.Sql/servers/sqlVulnerabilityAssessments/read', SERVER);
    expect(sqlVulnerabilityAssessmentMode(sqlServer({ name: 'sql-prod', expressVulnerabilityAssessment: express })).error?.api).toBe('Microsoft.Sql/servers/sqlVulnerabilityAssessments/read');
    const classic = denied('Microsoft.Sql/servers/vulnerabilityAssessments/read', SERVER);
    expect(sqlVulnerabilityAssessmentMode(sqlServer({ name: 'sql-prod', vulnerabilityAssessment: classic })).error?.api).toBe('Microsoft.Sql/servers/vulnerabilityAssessments/read');
  });
});
