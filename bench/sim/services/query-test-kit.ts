/**
 * Test scaffolding for the service simulators: an estate from account snapshots, collector
 * contexts whose SDK clients talk to the simulator, and a handler wrapper that records which
 * actions the SDK sent.
 */
import type { HttpHandlerOptions, RequestHandler } from '@smithy/types';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { AwsClientFactory, AwsGateway } from '@palisade/providers';
import type { CollectorContext, RateLimitRule } from '@palisade/providers';
import type { AwsAccountSnapshot } from '@palisade/core/aws';
import { SimulatedAws, accessKeyFor } from '../handler.ts';
import type { FaultModel } from '../handler.ts';
import type { ServiceSimulator, SimAccount, SimEstate } from '../types.ts';

/** No rate limit worth the name, for tests that are not about throttling. */
export const UNLIMITED: readonly RateLimitRule[] = [{ pattern: '*', capacity: 1_000_000, refillPerSecond: 1_000_000, source: 'tests' }];

export const MEMBER_ROLE = 'PalisadeAudit';

export function estateOf(
  snapshots: readonly AwsAccountSnapshot[],
  options: { regions?: readonly string[]; accounts?: (account: SimAccount) => SimAccount } = {},
): SimEstate {
  const first = snapshots[0];
  if (!first) throw new Error('an estate needs at least one account');
  return {
    organizationId: 'o-sim0000001',
    managementAccountId: first.accountId,
    rootId: 'r-sim0',
    organizationalUnits: [],
    accounts: snapshots.map((snapshot) => {
      const account: SimAccount = { accountId: snapshot.accountId, name: snapshot.alias ?? snapshot.accountId, email: `${snapshot.accountId}@example.com`, ouPath: ['r-sim0'], tags: {}, snapshot };
      return options.accounts ? options.accounts(account) : account;
    }),
    regions: options.regions ?? [...new Set(snapshots.flatMap((snapshot) => snapshot.regions))].sort(),
    memberRoleName: MEMBER_ROLE,
  };
}

export interface Harness {
  readonly sim: SimulatedAws;
  /** The handler the SDK clients use: the simulator, with every request's action recorded. */
  readonly handler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;
  /** `Action` of every request sent, in order. */
  readonly actions: string[];
  readonly gateway: AwsGateway;
  context(accountId: string, region: string): CollectorContext;
  clients(accountId: string): AwsClientFactory;
  close(): void;
}

export function harness(
  estate: SimEstate,
  services: readonly ServiceSimulator[],
  options: { faults?: FaultModel; simRateLimits?: readonly RateLimitRule[] } = {},
): Harness {
  const sim = new SimulatedAws({ estate, services, seed: 1, rateLimits: options.simRateLimits ?? UNLIMITED, ...(options.faults ? { faults: options.faults } : {}) });
  const actions: string[] = [];
  const handler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> = {
    handle(request, handlerOptions) {
      const body = typeof request.body === 'string' ? request.body : '';
      actions.push(new URLSearchParams(body).get('Action') ?? `${request.method} ${request.path}`);
      return sim.handle(request, handlerOptions);
    },
  };
  const gateway = new AwsGateway({ maxAttempts: 1, rateLimits: UNLIMITED });
  const factories = new Map<string, AwsClientFactory>();
  const clients = (accountId: string): AwsClientFactory => {
    let factory = factories.get(accountId);
    if (!factory) {
      factory = new AwsClientFactory({ credentials: { accessKeyId: accessKeyFor(accountId), secretAccessKey: 'x' }, requestHandler: handler });
      factories.set(accountId, factory);
    }
    return factory;
  };
  return {
    sim,
    handler,
    actions,
    gateway,
    clients,
    context: (accountId, region) => ({ accountId, partition: 'aws', region, gateway: gateway.scoped({ accountId, region }), clients: clients(accountId) }),
    close: () => {
      for (const factory of factories.values()) factory.destroy();
    },
  };
}

/** How many times each action was sent. */
export function countActions(actions: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const action of actions) counts[action] = (counts[action] ?? 0) + 1;
  return counts;
}
