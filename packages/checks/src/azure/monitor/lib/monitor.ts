/**
 * Shared evaluation of the monitor checks: which activity log categories the subscription's
 * diagnostic settings export, the accounts that archive it, and whether an activity log alert rule
 * really fires on an operation across the whole subscription and tells someone.
 */
import { errorResult, fail, fromFetched, pass } from '@palisade/core';
import type { CheckResult, ResourceRef } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';
import type { ActivityLogAlert, ActivityLogAlertCondition, ActivityLogStorageAccount, AzureScopeSnapshot, MonitorDiagnosticSetting } from '@palisade/core/azure';

export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';
export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';

/** Whether a setting exports `category`: named and enabled, or through the enabled `allLogs` group. */
export function exportsCategory(setting: MonitorDiagnosticSetting, category: string): boolean {
  return setting.logs.some((log) => log.enabled && (log.category?.toLowerCase() === category.toLowerCase() || log.categoryGroup?.toLowerCase() === 'alllogs'));
}

/** The enabled categories of a setting, for messages (`allLogs` when the group is on). */
export function exportedCategories(setting: MonitorDiagnosticSetting): string[] {
  return setting.logs.filter((log) => log.enabled).map((log) => log.category ?? log.categoryGroup ?? '?');
}

/** Where a setting sends the activity log, for messages. */
export function destinations(setting: MonitorDiagnosticSetting): string[] {
  return [
    ...(setting.workspaceId ? [`workspace ${lastSegment(setting.workspaceId)}`] : []),
    ...(setting.storageAccountId ? [`storage account ${lastSegment(setting.storageAccountId)}`] : []),
    ...(setting.eventHubAuthorizationRuleId ? [`event hub ${setting.eventHubName ?? lastSegment(setting.eventHubAuthorizationRuleId)}`] : []),
    ...(setting.marketplacePartnerId ? [`partner ${lastSegment(setting.marketplacePartnerId)}`] : []),
  ];
}

export function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).at(-1) ?? id;
}

/**
 * Evaluates each distinct storage account the activity log is archived to (several settings may
 * share one); a read that failed is ERROR on that account, an account that no longer exists has
 * nothing to judge.
 */
export function eachArchiveAccount(scope: AzureScopeSnapshot, evaluate: (account: ActivityLogStorageAccount, target: ResourceRef) => CheckResult): readonly CheckResult[] {
  return withService(scope, 'monitor', (monitor) =>
    fromFetched(monitor.diagnosticSettings, scopeResource(scope), (settings) => {
      const seen = new Set<string>();
      const results: CheckResult[] = [];
      for (const setting of settings) {
        if (!setting.storageAccountId || !setting.storageAccount || seen.has(setting.storageAccountId.toLowerCase())) continue;
        seen.add(setting.storageAccountId.toLowerCase());
        const fetched = setting.storageAccount;
        if (fetched.error) {
          results.push(errorResult(armResource(setting.storageAccountId, STORAGE_ACCOUNT_TYPE, lastSegment(setting.storageAccountId)), fetched.error));
          continue;
        }
        if (fetched.value === null) continue;
        const account = fetched.value;
        results.push(evaluate(account, armResource(account.id, STORAGE_ACCOUNT_TYPE, account.name, account.location)));
      }
      return results;
    }),
  );
}

/** `/subscriptions/x/`, `subscriptions/X` → `subscriptions/x`. */
function normalizeScope(scope: string): string {
  return scope.trim().replace(/^\/+|\/+$/g, '').toLowerCase();
}

export function watchesWholeSubscription(alert: ActivityLogAlert, subscriptionId: string): boolean {
  return alert.scopes.some((scope) => normalizeScope(scope) === `subscriptions/${subscriptionId.toLowerCase()}`);
}

function leavesOf(condition: ActivityLogAlertCondition): readonly ActivityLogAlertCondition[] {
  return condition.anyOf ?? [condition];
}

function leafAdmits(leaf: ActivityLogAlertCondition, value: string): boolean {
  const wanted = value.toLowerCase();
  return leaf.equals?.toLowerCase() === wanted || (leaf.containsAny ?? []).some((candidate) => candidate.toLowerCase() === wanted);
}

/**
 * How one `allOf` item constrains `field`: `undefined` when it says nothing about it (or an `anyOf`
 * also lets other fields through), else whether it lets `value` through.
 */
export function constraint(item: ActivityLogAlertCondition, field: string, value: string): boolean | undefined {
  const leaves = leavesOf(item);
  const onField = leaves.filter((leaf) => leaf.field?.toLowerCase() === field.toLowerCase());
  if (onField.length === 0) return undefined;
  if (onField.some((leaf) => leafAdmits(leaf, value))) return true;
  return onField.length === leaves.length ? false : undefined;
}

/** Whether every item of the condition lets `value` of `field` through, and at least one names it. */
export function requires(alert: ActivityLogAlert, field: string, value: string): boolean {
  const verdicts = alert.condition.allOf.map((item) => constraint(item, field, value));
  return verdicts.includes(true) && !verdicts.includes(false);
}

/** Whether no item of the condition rules `value` of `field` out. */
export function allows(alert: ActivityLogAlert, field: string, value: string): boolean {
  return !alert.condition.allOf.some((item) => constraint(item, field, value) === false);
}

/** Fields that make an operation alert fire only for some of the events (CIS: no filter on level, status or caller). */
const NARROWING_FIELDS = ['level', 'status', 'substatus', 'caller', 'resourcegroup', 'resourceid'];

/** What keeps an alert rule from notifying about every event it should watch across the subscription. */
export function alertProblems(alert: ActivityLogAlert, subscriptionId: string, narrowing: readonly string[] = []): string[] {
  return [
    ...(alert.enabled ? [] : ['disabled']),
    ...(watchesWholeSubscription(alert, subscriptionId) ? [] : ['not scoped to the whole subscription']),
    ...(alert.actionGroupIds.length ? [] : ['no action group']),
    ...narrowing.map((field) => `filters on ${field}`),
  ];
}

function narrowingFields(alert: ActivityLogAlert): string[] {
  const fields = alert.condition.allOf.flatMap((item) => leavesOf(item).map((leaf) => leaf.field ?? ''));
  return [...new Set(fields.filter((field) => NARROWING_FIELDS.includes(field.toLowerCase())))];
}

/**
 * PASS on the subscription when an enabled alert rule scoped to the whole subscription, with an
 * action group and no filter on level, status, caller or resource, fires on `operationName`;
 * FAIL naming the near misses otherwise.
 */
export function evaluateOperationAlert(scope: AzureScopeSnapshot, operationName: string, label: string): readonly CheckResult[] {
  return withService(scope, 'monitor', (monitor) =>
    fromFetched(monitor.activityLogAlerts, scopeResource(scope), (alerts) => {
      const target = scopeResource(scope);
      const watching = alerts.filter((alert) => requires(alert, 'operationName', operationName) && allows(alert, 'category', 'Administrative'));
      const usable = watching.filter((alert) => alertProblems(alert, scope.accountId, narrowingFields(alert)).length === 0);
      if (usable.length > 0) return [pass(target, `Activity log alert ${usable.map((alert) => alert.name).join(', ')} notifies on ${label} (${operationName}).`)];
      if (watching.length === 0) return [fail(target, `No activity log alert fires on ${label} (${operationName}).`)];
      const reasons = watching.map((alert) => `${alert.name} (${alertProblems(alert, scope.accountId, narrowingFields(alert)).join(', ')})`);
      return [fail(target, `No usable activity log alert fires on ${label} (${operationName}): ${reasons.join('; ')}.`)];
    }),
  );
}
