/**
 * Creates SDK clients for one set of credentials: one client per service and region, reused.
 * SDK retries are off (maxAttempts 1) because the gateway owns retries, so its counters are exact.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpHandlerOptions, RequestHandler } from '@smithy/types';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { Agent } from 'node:https';

export interface ClientSettings {
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * An AWS-compatible endpoint (LocalStack, moto); S3 then uses path-style addressing and S3
   * Control sends the account in its header only (see `withoutAccountHost`).
   */
  readonly endpoint?: string;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly maxSockets?: number;
  /**
   * Replaces the HTTP transport: every request is answered by this handler instead of the network
   * (the benchmark's simulated AWS). Everything above it — signing, serialization, parsing — is
   * the SDK's real code.
   */
  readonly requestHandler?: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;
}

// The SDK client constructors all take one config object; their exact types differ per client.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ClientConstructor<C> = new (config: any) => C;

export class AwsClientFactory {
  private readonly cache = new Map<unknown, Map<string, unknown>>();
  private readonly requestHandler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

  constructor(readonly settings: ClientSettings) {
    this.requestHandler = withServerErrorLength(
      settings.requestHandler ??
        new NodeHttpHandler({
          connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
          requestTimeout: settings.requestTimeoutMs ?? 60_000,
          httpsAgent: new Agent({ keepAlive: true, maxSockets: settings.maxSockets ?? 50 }),
        }),
    );
  }

  get<C>(Client: ClientConstructor<C>, region: string): C {
    let byRegion = this.cache.get(Client);
    if (!byRegion) {
      byRegion = new Map();
      this.cache.set(Client, byRegion);
    }
    let client = byRegion.get(region) as C | undefined;
    if (!client) {
      client = new Client({
        region,
        credentials: this.settings.credentials,
        maxAttempts: 1,
        requestHandler: this.requestHandler,
        ...(this.settings.endpoint ? { endpoint: this.settings.endpoint, forcePathStyle: true } : {}),
      });
      if (this.settings.endpoint) withoutAccountHost(client);
      byRegion.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const byRegion of this.cache.values()) {
      for (const client of byRegion.values()) (client as { destroy?: () => void }).destroy?.();
    }
    this.cache.clear();
    this.requestHandler.destroy?.();
  }
}

/** The resolved configuration fields of an SDK client that `withoutAccountHost` reads and replaces. */
interface EndpointConfig {
  readonly serviceId?: string;
  endpointProvider?: (params: Record<string, unknown>, context?: unknown) => unknown;
}

/**
 * S3 Control's endpoint rules put the account id in front of the host (`123456789012.<host>`),
 * which is AWS's addressing but breaks a custom endpoint: an IP address cannot take a prefix
 * (`123456789012.127.0.0.1` is no URL) and emulators listen on the bare host. With a custom
 * endpoint S3 Control therefore resolves as if no account were required: the requests go to the
 * endpoint as given, and the account still travels in the `x-amz-account-id` header that every
 * S3 Control operation sends. The SDK's own rules keep choosing the signing name and region.
 */
function withoutAccountHost(client: unknown): void {
  const config = (client as { config?: EndpointConfig }).config;
  const rules = config?.endpointProvider;
  if (config?.serviceId !== 'S3 Control' || !rules) return;
  config.endpointProvider = (params, context) => rules({ ...params, RequiresAccountId: false }, context);
}

type Handler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

/**
 * Gives every server error (5xx) answer a Content-Length, reading its body when the server sent
 * none (a chunked answer). Once the SDK has parsed an error, an empty body and a page of HTML
 * leave the same `Unknown` error behind, yet only the first is a server failing — worth a retry —
 * while the second is an endpoint that lacks the API (see `toApiError` in gateway.ts). Error
 * bodies are small, and other answers pass untouched.
 */
function withServerErrorLength(inner: Handler): Handler {
  return {
    metadata: inner.metadata,
    destroy: () => inner.destroy?.(),
    handle: async (request, options) => {
      const output = await inner.handle(request, options);
      const { response } = output;
      if (response.statusCode < 500 || Object.keys(response.headers).some((name) => name.toLowerCase() === 'content-length')) return output;
      const body = await bodyBytes(response.body);
      if (body === undefined) return output;
      response.body = body;
      response.headers['content-length'] = String(body.length);
      return output;
    },
  };
}

/** The whole body, read from a stream if need be; undefined for a body of a kind not known here. */
async function bodyBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
