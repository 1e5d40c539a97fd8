import { describe, expect, it } from 'vitest';
import { CredentialsError } from '@palisade/core';
import { azureCredentialChain, cachedTokens, signInToAzure } from './connect.ts';
import type { IdentityClasses, TokenCredentialLike } from './connect.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0c5b5f4c-1c4e-4b4a-9f0e-2d4b6f6f1a11';
const SECRET = 'Qx8Q~super.secret-value_123';
const HOUR = 3600_000;

type Behaviour = 'ok' | 'unavailable' | 'rejected';

/** Stand-ins for the identity classes: each records how it was built and answers as told. */
function fakeIdentity(behaviour: Partial<Record<keyof IdentityClasses, Behaviour>>) {
  const built: { readonly kind: keyof IdentityClasses; readonly args: unknown[] }[] = [];
  const tokenCalls: string[] = [];
  const make = (kind: keyof IdentityClasses) =>
    class implements TokenCredentialLike {
      constructor(...args: unknown[]) {
        built.push({ kind, args });
      }
      async getToken(scopes: string | string[]) {
        tokenCalls.push(`${kind} ${String(scopes)}`);
        const answer = behaviour[kind] ?? 'unavailable';
        if (answer === 'ok') return { token: `${kind}-token`, expiresOnTimestamp: Date.now() + HOUR };
        if (answer === 'unavailable') throw Object.assign(new Error(`${kind} is not available here.\nTroubleshoot: https://aka.ms/azsdk/js/identity/troubleshoot`), { name: 'CredentialUnavailableError' });
        throw Object.assign(new Error(`${kind} authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the client secret value (${SECRET}).`), { name: 'AuthenticationError' });
      }
    };
  const identity: IdentityClasses = {
    ClientSecretCredential: make('ClientSecretCredential'),
    ClientCertificateCredential: make('ClientCertificateCredential'),
    WorkloadIdentityCredential: make('WorkloadIdentityCredential'),
    ManagedIdentityCredential: make('ManagedIdentityCredential'),
    AzureCliCredential: make('AzureCliCredential'),
  };
  return { identity, built, tokenCalls };
}

describe('the credential chain', () => {
  it('lists the sources in order and says which are not configured', () => {
    const chain = azureCredentialChain({ cloud: 'AzureCloud', env: {} });
    expect(chain.map((candidate) => [candidate.name, candidate.notConfigured])).toEqual([
      ['environment service principal', 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH not set'],
      ['workload identity', 'AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID not set'],
      ['managed identity', undefined],
      ['Azure CLI', undefined],
    ]);
  });

  it('names what a half-configured service principal lacks, and --azure-tenant-id when it is the tenant source', () => {
    const chain = azureCredentialChain({ cloud: 'AzureCloud', env: { AZURE_CLIENT_SECRET: SECRET } });
    expect(chain[0]).toMatchObject({ name: 'environment service principal (client secret)', notConfigured: 'AZURE_TENANT_ID, AZURE_CLIENT_ID not set' });
    const flagged = azureCredentialChain({ cloud: 'AzureCloud', tenantId: TENANT, env: { AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' } });
    expect(flagged[1]).toMatchObject({ notConfigured: 'AZURE_CLIENT_ID not set' });
  });

  it('signs a client-secret service principal in at the cloud’s authority, with --azure-tenant-id before AZURE_TENANT_ID', async () => {
    const fake = fakeIdentity({ ClientSecretCredential: 'ok' });
    const signIn = await signInToAzure({
      cloud: 'AzureUSGovernment',
      tenantId: TENANT,
      env: { AZURE_TENANT_ID: 'other-tenant', AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET },
      identity: fake.identity,
    });
    expect(signIn.source).toBe('environment service principal (client secret)');
    expect(fake.built).toEqual([{ kind: 'ClientSecretCredential', args: [TENANT, CLIENT, SECRET, { authorityHost: 'https://login.microsoftonline.us' }] }]);
    expect(fake.tokenCalls).toEqual(['ClientSecretCredential https://management.usgovcloudapi.net/.default']);
    // The probe's token is reused: no second sign-in for the same audience.
    expect(await signIn.tokens('https://management.usgovcloudapi.net/.default')).toBe('ClientSecretCredential-token');
    expect(fake.tokenCalls).toHaveLength(1);
  });

  it('builds a certificate service principal and a workload identity from the environment', async () => {
    const certificate = fakeIdentity({ ClientCertificateCredential: 'ok' });
    await signInToAzure({
      cloud: 'AzureChinaCloud',
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_CERTIFICATE_PATH: '/etc/palisade/sp.pem', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pfx-password', AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'true' },
      identity: certificate.identity,
    });
    expect(certificate.built[0]).toEqual({
      kind: 'ClientCertificateCredential',
      args: [TENANT, CLIENT, { certificatePath: '/etc/palisade/sp.pem', certificatePassword: 'pfx-password' }, { authorityHost: 'https://login.chinacloudapi.cn', sendCertificateChain: true }],
    });

    const workload = fakeIdentity({ WorkloadIdentityCredential: 'ok' });
    const signIn = await signInToAzure({
      cloud: 'AzureCloud',
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' },
      identity: workload.identity,
    });
    expect(signIn.source).toBe('workload identity');
    expect(workload.built[0]).toEqual({
      kind: 'WorkloadIdentityCredential',
      args: [{ tenantId: TENANT, clientId: CLIENT, tokenFilePath: '/var/run/secrets/azure/tokens/azure-identity-token', authorityHost: 'https://login.microsoftonline.com' }],
    });
  });

  it('falls through unavailable sources to the Azure CLI, in the requested tenant', async () => {
    const fake = fakeIdentity({ AzureCliCredential: 'ok' });
    const signIn = await signInToAzure({ cloud: 'AzureCloud', tenantId: TENANT, env: {}, identity: fake.identity });
    expect(signIn.source).toBe('Azure CLI');
    expect(fake.built.map((entry) => entry.kind)).toEqual(['ManagedIdentityCredential', 'AzureCliCredential']);
    expect(fake.built[1]!.args).toEqual([{ tenantId: TENANT }]);
  });

  it('names every source tried, on one line each, when none works', async () => {
    const fake = fakeIdentity({});
    const failure = await signInToAzure({ cloud: 'AzureCloud', env: {}, identity: fake.identity }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CredentialsError);
    const message = (failure as CredentialsError).message;
    expect(message).toContain('could not sign in to Azure (AzureCloud). Tried, in order:');
    expect(message).toContain('  - environment service principal: AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH not set');
    expect(message).toContain('  - workload identity: AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID not set');
    expect(message).toContain('  - managed identity: ManagedIdentityCredential is not available here.');
    expect(message).toContain('  - Azure CLI: AzureCliCredential is not available here.');
    expect(message).not.toContain('Troubleshoot');
    expect(message).not.toContain('    at ');
  });

  it('stops at a configured source that is refused, never printing the secret', async () => {
    const fake = fakeIdentity({ ClientSecretCredential: 'rejected', AzureCliCredential: 'ok' });
    const failure = await signInToAzure({ cloud: 'AzureCloud', env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET }, identity: fake.identity }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CredentialsError);
    const message = (failure as CredentialsError).message;
    expect(message).toContain('environment service principal (client secret): ClientSecretCredential authentication failed: AADSTS7000215');
    expect(message).not.toContain(SECRET);
    expect(fake.built.map((entry) => entry.kind)).toEqual(['ClientSecretCredential']);
  });

  it('signs an explicit service principal in as the only source, never falling back to the environment', async () => {
    const secret = fakeIdentity({ ClientSecretCredential: 'ok', AzureCliCredential: 'ok' });
    const signIn = await signInToAzure({ cloud: 'AzureCloud', tenantId: TENANT, servicePrincipal: { clientId: CLIENT, clientSecret: SECRET }, env: { AZURE_CLIENT_SECRET: 'other' }, identity: secret.identity });
    expect(signIn.source).toBe(`service principal ${CLIENT} (client secret)`);
    expect(secret.built).toEqual([{ kind: 'ClientSecretCredential', args: [TENANT, CLIENT, SECRET, { authorityHost: 'https://login.microsoftonline.com' }] }]);

    const pem = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';
    const certificate = fakeIdentity({ ClientCertificateCredential: 'ok' });
    await signInToAzure({ cloud: 'AzureUSGovernment', tenantId: TENANT, servicePrincipal: { clientId: CLIENT, certificate: pem, certificatePassword: 'pem-password' }, identity: certificate.identity });
    expect(certificate.built).toEqual([{ kind: 'ClientCertificateCredential', args: [TENANT, CLIENT, { certificate: pem, certificatePassword: 'pem-password' }, { authorityHost: 'https://login.microsoftonline.us' }] }]);
  });

  it('stops at a refused explicit service principal, without its secret and without trying the chain', async () => {
    const fake = fakeIdentity({ ClientSecretCredential: 'rejected', AzureCliCredential: 'ok' });
    const failure = await signInToAzure({ cloud: 'AzureCloud', tenantId: TENANT, servicePrincipal: { clientId: CLIENT, clientSecret: SECRET }, identity: fake.identity }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CredentialsError);
    const message = (failure as CredentialsError).message;
    expect(message).toContain(`service principal ${CLIENT} (client secret): ClientSecretCredential authentication failed: AADSTS7000215`);
    expect(message).toContain('Check the tenant id, the client id and the client secret or certificate');
    expect(message).not.toContain(SECRET);
    expect(fake.built.map((entry) => entry.kind)).toEqual(['ClientSecretCredential']);
    const noTenant = await signInToAzure({ cloud: 'AzureCloud', servicePrincipal: { clientId: CLIENT, clientSecret: SECRET }, identity: fake.identity }).catch((error: unknown) => error);
    expect((noTenant as Error).message).toContain('no tenant id given');
  });

  it('gives up on a managed identity that does not answer in time', async () => {
    const identity: IdentityClasses = {
      ...fakeIdentity({ AzureCliCredential: 'ok' }).identity,
      ManagedIdentityCredential: class {
        getToken(_scopes: string | string[], options?: { abortSignal?: AbortSignal }) {
          return new Promise<never>((_, reject) => options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))));
        }
      },
    };
    const signIn = await signInToAzure({ cloud: 'AzureCloud', env: {}, identity, managedIdentityTimeoutMs: 20 });
    expect(signIn.source).toBe('Azure CLI');
  });
});

describe('cached tokens', () => {
  it('reuses a token until shortly before it expires, and asks once for concurrent callers', async () => {
    let clock = 0;
    let issued = 0;
    const credential: TokenCredentialLike = {
      getToken: async () => ({ token: `t${++issued}`, expiresOnTimestamp: clock + HOUR }),
    };
    const tokens = cachedTokens(credential, undefined, () => clock);
    expect(await Promise.all([tokens('https://graph.microsoft.com/.default'), tokens('https://graph.microsoft.com/.default')])).toEqual(['t1', 't1']);
    clock += HOUR - 10 * 60 * 1000;
    expect(await tokens('https://graph.microsoft.com/.default')).toBe('t1');
    clock += 6 * 60 * 1000;
    expect(await tokens('https://graph.microsoft.com/.default')).toBe('t2');
    expect(await tokens('https://management.azure.com/.default')).toBe('t3');
  });

  it('fails as unavailable when the credential issues no token', async () => {
    const tokens = cachedTokens({ getToken: async () => null });
    await expect(tokens('https://management.azure.com/.default')).rejects.toMatchObject({ name: 'CredentialUnavailableError' });
  });
});
