import { describe, expect, it } from 'vitest';
import { defenderAssessment, defenderData, defenderMachineId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-machine-vulnerabilities-resolved.ts';

const VULNERABILITIES = '1195afff-c881-495e-9bc5-1486211ae03f';
const UPDATES = 'e1145ab1-eb4f-43d8-911b-36ddf771d13f';
const VM = defenderMachineId();
const SCALE_SET = `/subscriptions/${subscriptionSnapshot().accountId}/resourceGroups/rg-batch/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-batch`;

describe(check.id, () => {
  it.each([
    ['no findings', [defenderAssessment(VULNERABILITIES, 'Healthy')], 'PASS'],
    ['open findings', [defenderAssessment(VULNERABILITIES, 'Unhealthy')], 'FAIL'],
  ] as const)('%s → %s', (_name, assessments, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ assessments: ok(assessments) }) }));
    expect(statuses(results)).toEqual([[expected, VM]]);
  });

  it('reports the assessed resource with its own type, and ignores other recommendations', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({ defender: defenderData({ assessments: ok([defenderAssessment(VULNERABILITIES, 'Unhealthy', SCALE_SET), defenderAssessment(UPDATES, 'Unhealthy')]) }) }),
    );
    expect(statuses(results)).toEqual([['FAIL', SCALE_SET]]);
    expect(results[0]?.resource.type).toBe('Microsoft.Compute/virtualMachineScaleSets');
  });

  it('reports nothing when the recommendation does not apply, ERROR when assessments could not be read', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ assessments: ok([defenderAssessment(VULNERABILITIES, 'NotApplicable')]) }) }))).toEqual([]);
    const scope = subscriptionSnapshot({ defender: defenderData({ assessments: denied('Microsoft.Security/assessments/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });
});
