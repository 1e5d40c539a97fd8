import { describe, expect, it } from 'vitest';
import { activityLogAlert, monitorDiagnosticSetting } from '../../../testing/azure/index.ts';
import { allows, constraint, destinations, exportsCategory, requires, watchesWholeSubscription } from './monitor.ts';

const OPERATION = 'Microsoft.Sql/servers/firewallRules/write';

describe('activity log alert conditions', () => {
  it.each([
    ['a leaf naming the value', { field: 'operationName', equals: OPERATION }, true],
    ['a leaf in another case', { field: 'OperationName', equals: OPERATION.toUpperCase() }, true],
    ['a containsAny leaf', { field: 'operationName', containsAny: ['x', OPERATION] }, true],
    ['a leaf naming another value', { field: 'operationName', equals: 'Microsoft.Sql/servers/delete' }, false],
    ['a leaf on another field', { field: 'category', equals: 'Administrative' }, undefined],
    ['anyOf over the field only, not matching', { anyOf: [{ field: 'operationName', equals: 'a' }, { field: 'operationName', equals: 'b' }] }, false],
    ['anyOf mixing fields, not matching', { anyOf: [{ field: 'operationName', equals: 'a' }, { field: 'resourceType', equals: 'b' }] }, undefined],
  ] as const)('%s → %s', (_name, item, expected) => {
    expect(constraint(item, 'operationName', OPERATION)).toBe(expected);
  });

  it('requires a naming leaf and no contradicting one', () => {
    expect(requires(activityLogAlert(OPERATION), 'operationName', OPERATION)).toBe(true);
    expect(requires(activityLogAlert(OPERATION, { condition: { allOf: [{ field: 'category', equals: 'Administrative' }] } }), 'operationName', OPERATION)).toBe(false);
    const contradicting = activityLogAlert(OPERATION, { condition: { allOf: [{ field: 'operationName', equals: OPERATION }, { field: 'operationName', equals: 'other' }] } });
    expect(requires(contradicting, 'operationName', OPERATION)).toBe(false);
    expect(allows(activityLogAlert(OPERATION), 'category', 'Administrative')).toBe(true);
    expect(allows(activityLogAlert(OPERATION), 'category', 'ServiceHealth')).toBe(false);
  });

  it('recognises the subscription scope however ARM spells it', () => {
    const id = '00000000-1111-2222-3333-444444444444';
    expect(watchesWholeSubscription(activityLogAlert(OPERATION, { scopes: [`subscriptions/${id.toUpperCase()}`] }), id)).toBe(true);
    expect(watchesWholeSubscription(activityLogAlert(OPERATION, { scopes: [`/subscriptions/${id}/`] }), id)).toBe(true);
    expect(watchesWholeSubscription(activityLogAlert(OPERATION, { scopes: [`/subscriptions/${id}/resourceGroups/rg`] }), id)).toBe(false);
  });
});

describe('diagnostic settings', () => {
  it('reads categories and the allLogs group', () => {
    expect(exportsCategory(monitorDiagnosticSetting(), 'security')).toBe(true);
    expect(exportsCategory(monitorDiagnosticSetting(), 'ServiceHealth')).toBe(false);
    expect(exportsCategory(monitorDiagnosticSetting({ logs: [{ categoryGroup: 'allLogs', enabled: true }] }), 'ServiceHealth')).toBe(true);
  });

  it('describes destinations', () => {
    expect(destinations(monitorDiagnosticSetting({ eventHubAuthorizationRuleId: '/x/authorizationrules/send', eventHubName: 'activity' }))).toEqual(['workspace law-security', 'event hub activity']);
  });
});
