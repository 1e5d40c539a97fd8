/**
 * Helpers for collector tests: a real gateway with no waiting and a client factory with static
 * credentials, so `aws-sdk-client-mock` intercepts every `send`.
 */
import { AwsClientFactory } from './clients.ts';
import type { CollectorContext } from './collector.ts';
import { AwsGateway } from './gateway.ts';
import type { GatewayOptions } from './gateway.ts';

export const TEST_ACCOUNT = '123456789012';

export function testCollectorContext(region = 'us-east-1', gatewayOptions: GatewayOptions = {}): CollectorContext & { rawGateway: AwsGateway } {
  const gateway = new AwsGateway({ sleep: async () => {}, random: () => 0, maxAttempts: 3, ...gatewayOptions });
  const clients = new AwsClientFactory({ credentials: { accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: 'test-secret' } });
  return { accountId: TEST_ACCOUNT, partition: 'aws', region, gateway: gateway.scoped({ accountId: TEST_ACCOUNT, region }), clients, rawGateway: gateway };
}

/** An SDK-shaped service error, as the SDK throws it after parsing an error response. */
export function sdkError(code: string, message = `${code} error`, httpStatusCode = 400): Error {
  const error = new Error(message) as Error & { $metadata: { httpStatusCode: number }; $fault: string };
  error.name = code;
  error.$metadata = { httpStatusCode };
  error.$fault = httpStatusCode >= 500 ? 'server' : 'client';
  return error;
}
