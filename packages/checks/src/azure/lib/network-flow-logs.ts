/**
 * Network Watcher and flow log helpers for the network checks: resources for findings, the flow
 * logs of a location, and whether a virtual network's traffic is recorded.
 */
import type { ApiError, ResourceRef } from '@palisade/core';
import { armResource } from '@palisade/core/azure';
import type { AzureScopeSnapshot, NetworkFlowLog, NetworkWatcher, SubscriptionLocation, VirtualNetwork } from '@palisade/core/azure';

/** CIS 7.5: flow log records are kept at least this many days (or without a time limit). */
export const MIN_FLOW_LOG_RETENTION_DAYS = 90;

export function watcherResource(watcher: NetworkWatcher): ResourceRef {
  return armResource(watcher.id, 'Microsoft.Network/networkWatchers', watcher.name, watcher.location, watcher.tags);
}

export function flowLogResource(flowLog: NetworkFlowLog): ResourceRef {
  return armResource(flowLog.id, 'Microsoft.Network/networkWatchers/flowLogs', flowLog.name, flowLog.location, flowLog.tags);
}

export function virtualNetworkResource(network: VirtualNetwork): ResourceRef {
  return armResource(network.id, 'Microsoft.Network/virtualNetworks', network.name, network.location, network.tags);
}

/** A location of the subscription as a resource: its ARM id `/subscriptions/<id>/locations/<name>`. */
export function locationResource(scope: AzureScopeSnapshot, location: string, known?: readonly SubscriptionLocation[]): ResourceRef {
  const displayName = known?.find((candidate) => candidate.name === location)?.displayName ?? location;
  return { uid: `/subscriptions/${scope.accountId}/locations/${location}`, type: 'Microsoft.Resources/subscriptions/locations', name: displayName, region: location };
}

/** The flow logs of the watchers in `location`, or the error of the first one that could not be read. */
export function flowLogsIn(watchers: readonly NetworkWatcher[], location: string): { readonly flowLogs: readonly NetworkFlowLog[]; readonly error?: ApiError } {
  const here = watchers.filter((watcher) => watcher.location === location);
  const failed = here.find((watcher) => watcher.flowLogs.error);
  if (failed?.flowLogs.error) return { flowLogs: [], error: failed.flowLogs.error };
  return { flowLogs: here.flatMap((watcher) => watcher.flowLogs.value ?? []) };
}

const sameId = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * How the enabled flow logs of the network's location record its traffic: a flow log on the
 * network itself records all of it; otherwise each subnet needs a flow log on the subnet or on
 * the network security group associated with it. Returns the subnets left unrecorded.
 */
export function flowLogCoverage(network: VirtualNetwork, flowLogs: readonly NetworkFlowLog[]): { readonly networkFlowLog?: NetworkFlowLog; readonly uncoveredSubnets: readonly string[] } {
  const enabled = flowLogs.filter((flowLog) => flowLog.enabled);
  const networkFlowLog = enabled.find((flowLog) => sameId(flowLog.targetResourceId, network.id));
  if (networkFlowLog) return { networkFlowLog, uncoveredSubnets: [] };
  const uncoveredSubnets = network.subnets
    .filter((subnet) => !enabled.some((flowLog) => sameId(flowLog.targetResourceId, subnet.id) || sameId(flowLog.targetResourceId, subnet.networkSecurityGroupId)))
    .map((subnet) => subnet.name);
  return { uncoveredSubnets };
}
