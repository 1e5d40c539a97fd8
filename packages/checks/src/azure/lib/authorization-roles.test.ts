import { describe, expect, it } from 'vitest';
import { actionMatches, isSubscriptionWideScope, roleDefinitionGuid, roleLabel } from './authorization-roles.ts';

describe('actionMatches', () => {
  it.each([
    ['*', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/*', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/*/read', 'Microsoft.Authorization/roleAssignments/write', false],
    ['Microsoft.Compute/*', 'Microsoft.Authorization/roleAssignments/write', false],
    ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/roleAssignments', 'Microsoft.Authorization/roleAssignments/write', false],
  ] as const)('%s covers %s: %s', (pattern, operation, expected) => {
    expect(actionMatches(pattern, operation)).toBe(expected);
  });
});

describe('scopes and roles', () => {
  it('tells subscription-wide scopes from narrower ones', () => {
    expect(isSubscriptionWideScope('/')).toBe(true);
    expect(isSubscriptionWideScope('/subscriptions/00000000-1111-2222-3333-444444444444')).toBe(true);
    expect(isSubscriptionWideScope('/providers/Microsoft.Management/managementGroups/contoso')).toBe(true);
    expect(isSubscriptionWideScope('/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg')).toBe(false);
  });

  it('names built-in roles and falls back to the id', () => {
    expect(roleDefinitionGuid('/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635')).toBe('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
    expect(roleLabel('/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635')).toBe('Owner');
    expect(roleLabel('/providers/Microsoft.Authorization/roleDefinitions/4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b')).toBe('role 4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b');
  });
});
