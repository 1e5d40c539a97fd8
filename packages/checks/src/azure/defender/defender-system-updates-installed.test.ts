import { describe, expect, it } from 'vitest';
import { defenderAssessment, defenderData, defenderMachineId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-system-updates-installed.ts';

const UPDATES = 'e1145ab1-eb4f-43d8-911b-36ddf771d13f';
const LEGACY_UPDATES = '4ab6e3c5-74dd-8b35-9ab9-f61b30875b27';
const PERIODIC = 'bd876905-5b84-4f73-ab2d-2e7a7c4568d9';
const VULNERABILITIES = '1195afff-c881-495e-9bc5-1486211ae03f';
const VM = defenderMachineId();

describe(check.id, () => {
  it.each([
    ['updates installed and assessed', [defenderAssessment(UPDATES, 'Healthy'), defenderAssessment(PERIODIC, 'Healthy')], 'PASS'],
    ['updates missing', [defenderAssessment(UPDATES, 'Unhealthy'), defenderAssessment(PERIODIC, 'Healthy')], 'FAIL'],
    ['updates missing (legacy recommendation)', [defenderAssessment(LEGACY_UPDATES, 'Unhealthy')], 'FAIL'],
    ['no periodic assessment', [defenderAssessment(UPDATES, 'Healthy'), defenderAssessment(PERIODIC, 'Unhealthy')], 'FAIL'],
  ] as const)('%s → %s', (_name, assessments, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ assessments: ok(assessments) }) }));
    expect(statuses(results)).toEqual([[expected, VM]]);
  });

  it('reports each machine once, and nothing for machines where the recommendations do not apply', () => {
    const other = defenderMachineId('vm-db-01');
    const idle = defenderMachineId('vm-idle');
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({
        defender: defenderData({
          assessments: ok([
            defenderAssessment(UPDATES, 'Unhealthy'),
            defenderAssessment(PERIODIC, 'Unhealthy'),
            defenderAssessment(UPDATES, 'Healthy', other),
            defenderAssessment(UPDATES, 'NotApplicable', idle),
            defenderAssessment(VULNERABILITIES, 'Unhealthy', other),
          ]),
        }),
      }),
    );
    expect(statuses(results)).toEqual([
      ['FAIL', VM],
      ['PASS', other],
    ]);
    expect(results[0]?.message).toContain('missing system updates; periodic update assessment not configured');
    expect(results[0]?.resource).toMatchObject({ type: 'Microsoft.Compute/virtualMachines', name: 'vm-web-01' });
  });

  it('reports nothing without assessments, ERROR on the subscription when they could not be read', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ defender: defenderData() }))).toEqual([]);
    const scope = subscriptionSnapshot({ defender: defenderData({ assessments: denied('Microsoft.Security/assessments/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });
});
