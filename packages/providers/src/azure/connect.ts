/**
 * Azure credentials: the standard chain, tried in order, each signing in at the cloud's own
 * Microsoft Entra authority —
 *
 * 1. an environment service principal: `AZURE_TENANT_ID` + `AZURE_CLIENT_ID` with
 *    `AZURE_CLIENT_SECRET`, or with `AZURE_CLIENT_CERTIFICATE_PATH` (and its optional password);
 * 2. workload identity (Kubernetes, CI federation): `AZURE_FEDERATED_TOKEN_FILE` + `AZURE_CLIENT_ID`;
 * 3. a managed identity (the VM's, the container's; user-assigned with `AZURE_CLIENT_ID`);
 * 4. the Azure CLI's signed-in account (`az login`).
 *
 * The first one configured that gives a token is used for the whole scan; `--azure-tenant-id`
 * chooses the tenant of the first, second and fourth. A source that is configured but rejected (a
 * wrong secret) stops the chain there: falling through to another identity would scan with
 * permissions the user did not choose. When nothing works, the error names every source tried and
 * why, without a stack trace and without any secret.
 *
 * `@azure/identity` is loaded with `import()` on the first sign-in, so an offline scan never
 * evaluates it. Tokens are cached per audience until shortly before they expire: the Azure CLI
 * credential runs `az` for every token it is asked for.
 */
import { CredentialsError } from '@palisade/core';
import type { AzureCloud } from '@palisade/core/azure';
import { AZURE_ENDPOINTS } from './client.ts';
import type { TokenSource } from './client.ts';

/** What `@azure/identity` credentials share (`TokenCredential`), as far as Palisade uses it. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: { readonly abortSignal?: AbortSignal }): Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>;
}

type Constructor<Args extends unknown[]> = new (...args: Args) => TokenCredentialLike;

/** The `@azure/identity` classes the chain builds; tests give stand-ins. */
export interface IdentityClasses {
  readonly ClientSecretCredential: Constructor<[tenantId: string, clientId: string, clientSecret: string, options: { authorityHost: string }]>;
  /** From a certificate file (the environment's) or from the PEM text itself (a stored service principal's). */
  readonly ClientCertificateCredential: Constructor<
    [tenantId: string, clientId: string, certificate: { certificatePath: string; certificatePassword?: string }, options: { authorityHost: string; sendCertificateChain?: boolean }]
  > &
    Constructor<[tenantId: string, clientId: string, certificate: { certificate: string; certificatePassword?: string }, options: { authorityHost: string }]>;
  readonly WorkloadIdentityCredential: Constructor<[options: { tenantId: string; clientId: string; tokenFilePath: string; authorityHost: string }]>;
  readonly ManagedIdentityCredential: Constructor<[options: { clientId?: string }]>;
  readonly AzureCliCredential: Constructor<[options: { tenantId?: string }]>;
}

/**
 * A service principal given explicitly (the platform's stored provider credentials): a client
 * secret, or a certificate as PEM text (private key and certificate) with its optional password.
 */
export type AzureServicePrincipal =
  | { readonly clientId: string; readonly clientSecret: string }
  | { readonly clientId: string; readonly certificate: string; readonly certificatePassword?: string };

export interface AzureCredentialSettings {
  readonly cloud: AzureCloud;
  /**
   * Sign in as this service principal, in `tenantId` (required with it), instead of the chain: an
   * explicit identity is the only one tried, never a fallback to the environment's.
   */
  readonly servicePrincipal?: AzureServicePrincipal;
  /** `--azure-tenant-id`: the tenant to sign in to (otherwise `AZURE_TENANT_ID`, or the CLI's default). */
  readonly tenantId?: string;
  /** The environment the chain reads; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default: `@azure/identity`, loaded on first use. */
  readonly identity?: IdentityClasses;
  /** How long a managed identity may take to answer the first time (no metadata service: not on Azure). Default 10 s. */
  readonly managedIdentityTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** One source of the chain: configured (it can be tried) or not, and why not. */
export interface CredentialCandidate {
  /** e.g. `environment service principal (client secret)`. */
  readonly name: string;
  /** Why the source is not configured; absent when it can be tried. */
  readonly notConfigured?: string;
  readonly create: (identity: IdentityClasses) => TokenCredentialLike;
  /** Waiting longer than this for the first token means the source is not there (a managed identity off Azure). */
  readonly probeTimeoutMs?: number;
}

export interface AzureSignIn {
  /** Bearer tokens for the cloud's audiences, cached until shortly before they expire. */
  readonly tokens: TokenSource;
  /** The source that signed in, e.g. `Azure CLI`. */
  readonly source: string;
}

/** Tokens are renewed this long before they expire, so a call never goes out with one about to lapse. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** The chain's sources in order, with what each found in the environment. Pure. */
export function azureCredentialChain(settings: Pick<AzureCredentialSettings, 'cloud' | 'tenantId' | 'env' | 'managedIdentityTimeoutMs'>): CredentialCandidate[] {
  const env = settings.env ?? process.env;
  const authorityHost = AZURE_ENDPOINTS[settings.cloud].authority;
  const tenantId = settings.tenantId ?? nonEmpty(env['AZURE_TENANT_ID']);
  const clientId = nonEmpty(env['AZURE_CLIENT_ID']);
  const secret = nonEmpty(env['AZURE_CLIENT_SECRET']);
  const certificatePath = nonEmpty(env['AZURE_CLIENT_CERTIFICATE_PATH']);
  const certificatePassword = nonEmpty(env['AZURE_CLIENT_CERTIFICATE_PASSWORD']);
  const tokenFilePath = nonEmpty(env['AZURE_FEDERATED_TOKEN_FILE']);
  const missing = (names: readonly [string, string | undefined][]) => {
    const absent = names.filter(([, value]) => value === undefined).map(([name]) => name);
    return absent.length ? `${absent.join(', ')} not set` : undefined;
  };
  const tenantName = settings.tenantId !== undefined ? '--azure-tenant-id' : 'AZURE_TENANT_ID';

  const servicePrincipal: CredentialCandidate = secret
    ? {
        name: 'environment service principal (client secret)',
        ...optionalReason(missing([[tenantName, tenantId], ['AZURE_CLIENT_ID', clientId]])),
        create: (identity) => new identity.ClientSecretCredential(tenantId!, clientId!, secret, { authorityHost }),
      }
    : certificatePath
      ? {
          name: 'environment service principal (certificate)',
          ...optionalReason(missing([[tenantName, tenantId], ['AZURE_CLIENT_ID', clientId]])),
          create: (identity) =>
            new identity.ClientCertificateCredential(
              tenantId!,
              clientId!,
              { certificatePath, ...(certificatePassword ? { certificatePassword } : {}) },
              { authorityHost, ...(env['AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'] === 'true' || env['AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'] === '1' ? { sendCertificateChain: true } : {}) },
            ),
        }
      : {
          name: 'environment service principal',
          notConfigured: 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH not set',
          create: () => {
            throw new Error('not configured');
          },
        };

  const workload: CredentialCandidate = {
    name: 'workload identity',
    ...optionalReason(missing([['AZURE_FEDERATED_TOKEN_FILE', tokenFilePath], ['AZURE_CLIENT_ID', clientId], [tenantName, tenantId]])),
    create: (identity) => new identity.WorkloadIdentityCredential({ tenantId: tenantId!, clientId: clientId!, tokenFilePath: tokenFilePath!, authorityHost }),
  };

  const managed: CredentialCandidate = {
    name: clientId ? `managed identity (client id ${clientId})` : 'managed identity',
    create: (identity) => new identity.ManagedIdentityCredential(clientId ? { clientId } : {}),
    probeTimeoutMs: settings.managedIdentityTimeoutMs ?? 10_000,
  };

  const cli: CredentialCandidate = {
    name: 'Azure CLI',
    create: (identity) => new identity.AzureCliCredential(tenantId ? { tenantId } : {}),
  };
  return [servicePrincipal, workload, managed, cli];
}

/**
 * Signs in with the first source of the chain that gives a token for the cloud's ARM audience, and
 * returns its tokens. A `CredentialsError` naming every source tried when none does.
 */
export async function signInToAzure(settings: AzureCredentialSettings): Promise<AzureSignIn> {
  const principal = settings.servicePrincipal;
  // The principal's own secrets are blanked out of any failure message, like the environment's.
  const env = principal ? { AZURE_CLIENT_SECRET: 'clientSecret' in principal ? principal.clientSecret : undefined, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'certificate' in principal ? principal.certificatePassword : undefined } : (settings.env ?? process.env);
  const armScope = AZURE_ENDPOINTS[settings.cloud].armScope;
  const tried: string[] = [];
  let identity = settings.identity;
  const candidates = principal ? [servicePrincipalCandidate(settings.cloud, settings.tenantId, principal)] : azureCredentialChain(settings);
  for (const candidate of candidates) {
    if (candidate.notConfigured) {
      tried.push(`${candidate.name}: ${candidate.notConfigured}`);
      continue;
    }
    identity ??= await loadIdentity();
    let credential: TokenCredentialLike;
    try {
      credential = candidate.create(identity);
    } catch (error) {
      // A misconfigured source (a certificate path that cannot be read) is that source's failure.
      throw signInFailed(settings.cloud, [...tried, `${candidate.name}: ${reason(error, env)}`], principal !== undefined);
    }
    const first = await firstToken(credential, armScope, candidate.probeTimeoutMs, settings.signal);
    if ('token' in first) return { tokens: cachedTokens(credential, { scope: armScope, ...first.token }), source: candidate.name };
    tried.push(`${candidate.name}: ${reason(first.error, env)}`);
    // Unavailable: not there, try the next. Anything else: this identity was chosen and refused.
    if (!isUnavailable(first.error)) throw signInFailed(settings.cloud, tried, principal !== undefined);
  }
  throw signInFailed(settings.cloud, tried, principal !== undefined);
}

/** The one source of an explicit service principal: configured when the tenant is known. */
export function servicePrincipalCandidate(cloud: AzureCloud, tenantId: string | undefined, principal: AzureServicePrincipal): CredentialCandidate {
  const authorityHost = AZURE_ENDPOINTS[cloud].authority;
  const certificate = 'certificate' in principal;
  return {
    name: `service principal ${principal.clientId} (${certificate ? 'certificate' : 'client secret'})`,
    ...(tenantId === undefined ? { notConfigured: 'no tenant id given' } : {}),
    create: (identity) =>
      'certificate' in principal
        ? new identity.ClientCertificateCredential(tenantId!, principal.clientId, { certificate: principal.certificate, ...(principal.certificatePassword ? { certificatePassword: principal.certificatePassword } : {}) }, { authorityHost })
        : new identity.ClientSecretCredential(tenantId!, principal.clientId, principal.clientSecret, { authorityHost }),
  };
}

/** A credential's tokens, cached per audience; one request per audience at a time. */
export function cachedTokens(credential: TokenCredentialLike, first?: { readonly scope: string; readonly token: string; readonly expiresOnTimestamp: number }, now: () => number = Date.now): TokenSource {
  const cache = new Map<string, { readonly token: string; readonly expiresOnTimestamp: number }>();
  const pending = new Map<string, Promise<string>>();
  if (first) cache.set(first.scope, first);
  return (scope, signal) => {
    const cached = cache.get(scope);
    if (cached && cached.expiresOnTimestamp - RENEW_BEFORE_MS > now()) return Promise.resolve(cached.token);
    let request = pending.get(scope);
    if (!request) {
      request = credential
        .getToken(scope, signal ? { abortSignal: signal } : {})
        .then((answer) => {
          if (!answer) throw Object.assign(new Error(`no token was issued for ${scope}`), { name: 'CredentialUnavailableError' });
          cache.set(scope, answer);
          return answer.token;
        })
        .finally(() => pending.delete(scope));
      pending.set(scope, request);
    }
    return request;
  };
}

async function firstToken(
  credential: TokenCredentialLike,
  scope: string,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<{ readonly token: { readonly token: string; readonly expiresOnTimestamp: number } } | { readonly error: unknown }> {
  const signals = [signal, timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined].filter((candidate): candidate is AbortSignal => candidate !== undefined);
  const abortSignal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  try {
    const token = await credential.getToken(scope, abortSignal ? { abortSignal } : {});
    if (!token) return { error: Object.assign(new Error('no token was issued'), { name: 'CredentialUnavailableError' }) };
    return { token };
  } catch (error) {
    if (timeoutMs !== undefined && !signal?.aborted && abortSignal?.aborted) {
      return { error: Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s (not running on Azure?)`), { name: 'CredentialUnavailableError' }) };
    }
    return { error };
  }
}

function isUnavailable(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'CredentialUnavailableError';
}

function signInFailed(cloud: AzureCloud, tried: readonly string[], explicit = false): CredentialsError {
  return new CredentialsError(
    `could not sign in to Azure (${cloud}). Tried, in order:\n${tried.map((line) => `  - ${line}`).join('\n')}\n` +
      (explicit
        ? 'Check the tenant id, the client id and the client secret or certificate of the service principal.'
        : 'Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) for a service principal, or run `az login`.'),
  );
}

/**
 * A credential's failure in one line: its first line only (identity messages add troubleshooting
 * links and stack-like detail), with any secret of the environment blanked out.
 */
function reason(error: unknown, env: Readonly<Record<string, string | undefined>>): string {
  const message = error instanceof Error ? error.message : String(error);
  let line = message.split('\n').map((part) => part.trim()).find(Boolean) ?? 'failed';
  for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD']) {
    const secret = env[name];
    if (secret && secret.length >= 4) line = line.split(secret).join('***');
  }
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function optionalReason(notConfigured: string | undefined): { readonly notConfigured?: string } {
  return notConfigured === undefined ? {} : { notConfigured };
}

/** `@azure/identity`, checked here against the classes the chain builds. */
async function loadIdentity(): Promise<IdentityClasses> {
  const { AzureCliCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } = await import('@azure/identity');
  return { AzureCliCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential };
}
