/** What each Azure family's demo module receives: one of the demo estate's scopes. */
export interface DemoSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId: string;
  /** 0 for the well-kept production subscription, 1 for the neglected development one. */
  readonly index: 0 | 1;
  /** The two demo locations, e.g. `['eastus', 'westeurope']`. */
  readonly locations: readonly string[];
}

export interface DemoTenant {
  readonly tenantId: string;
  /** e.g. `contoso-demo.onmicrosoft.com` */
  readonly domain: string;
}
