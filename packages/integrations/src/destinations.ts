/**
 * One factory for every notification destination, so that the platform builds a destination from
 * an integration's stored type and parsed settings without knowing each kind.
 */
import type { IntegrationConfigs, IntegrationSecrets } from './config.ts';
import { createEmailDestination } from './email.ts';
import type { DestinationDeps } from './http.ts';
import { createJiraDestination } from './jira.ts';
import { createSecurityHubDestination } from './security-hub.ts';
import type { SecurityHubDeps } from './security-hub.ts';
import { createSlackDestination } from './slack.ts';
import type { SlackDeps } from './slack.ts';
import type { Destination, DestinationType } from './types.ts';
import { createWebhookDestination } from './webhook.ts';

/** What a destination of type T needs besides its settings: Security Hub also needs the ASFF mapper. */
export type DestinationDepsFor<T extends DestinationType> = T extends 'securityhub' ? SecurityHubDeps : T extends 'slack' ? SlackDeps : DestinationDeps;

export function createDestination<T extends DestinationType>(type: T, config: IntegrationConfigs[T], secret: IntegrationSecrets[T], deps: DestinationDepsFor<T>): Destination;
export function createDestination(type: DestinationType, config: unknown, secret: unknown, deps: DestinationDeps | SecurityHubDeps): Destination {
  switch (type) {
    case 'slack':
      return createSlackDestination(config as IntegrationConfigs['slack'], secret as IntegrationSecrets['slack'], deps);
    case 'webhook':
      return createWebhookDestination(config as IntegrationConfigs['webhook'], secret as IntegrationSecrets['webhook'], deps);
    case 'jira':
      return createJiraDestination(config as IntegrationConfigs['jira'], secret as IntegrationSecrets['jira'], deps);
    case 'email':
      return createEmailDestination(config as IntegrationConfigs['email'], secret as IntegrationSecrets['email'], deps);
    case 'securityhub':
      if (!('toAsff' in deps)) throw new TypeError('a Security Hub destination needs deps.toAsff');
      return createSecurityHubDestination(config as IntegrationConfigs['securityhub'], secret as IntegrationSecrets['securityhub'], deps);
  }
}
