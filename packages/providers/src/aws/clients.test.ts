import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpResponse } from '@smithy/protocol-http';
import type { HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClientFactory } from './clients.ts';
import { AwsGateway } from './gateway.ts';

const ACCOUNT = '123456789012';
const CREDENTIALS = { accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: 'test-secret' };

/** GetPublicAccessBlock's answer for an account whose four settings are all off. */
const ACCOUNT_BLOCK_OFF =
  '<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">' +
  '<BlockPublicAcls>false</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy>' +
  '<RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>';

/** A factory whose requests are captured and answered with `body`, instead of going to the network. */
function capturingFactory(endpoint?: string, body = ACCOUNT_BLOCK_OFF) {
  const requests: HttpRequest[] = [];
  const factory = new AwsClientFactory({
    credentials: CREDENTIALS,
    ...(endpoint ? { endpoint } : {}),
    requestHandler: {
      handle: async (request: HttpRequest) => {
        requests.push(request);
        return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(body)]) }) };
      },
    },
  });
  return { factory, requests };
}

describe('AwsClientFactory with a custom endpoint', () => {
  const factories: AwsClientFactory[] = [];
  afterEach(() => {
    for (const factory of factories.splice(0)) factory.destroy();
  });

  it('sends S3 Control requests to the endpoint as given, with the account in the header only', async () => {
    const { factory, requests } = capturingFactory('http://127.0.0.1:5000');
    factories.push(factory);
    const control = factory.get(S3ControlClient, 'us-east-1');
    const answer = await control.send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }));
    expect(answer.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect([request.protocol, request.hostname, request.port, request.path]).toEqual(['http:', '127.0.0.1', 5000, '/v20180820/configuration/publicAccessBlock']);
    expect(request.headers['x-amz-account-id']).toBe(ACCOUNT);
    // Still signed for S3 in the client's region, as the SDK's endpoint rules say.
    expect(request.headers['authorization']).toMatch(/Credential=AKIATESTTESTTESTTEST\/\d{8}\/us-east-1\/s3\/aws4_request/);
  });

  it('reads the account public access block through the gateway instead of failing with Invalid URL', async () => {
    const { factory } = capturingFactory('http://127.0.0.1:5000');
    factories.push(factory);
    const gateway = new AwsGateway({ sleep: async () => {}, maxAttempts: 1 }).scoped({ accountId: ACCOUNT, region: 'us-east-1' });
    const control = factory.get(S3ControlClient, 'us-east-1');
    const result = await gateway.call('s3:GetAccountPublicAccessBlock', (abortSignal) => control.send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }), { abortSignal }));
    expect(result.error).toBeUndefined();
    expect(result.value?.PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(false);
  });

  it('keeps a host name endpoint unprefixed too', async () => {
    const { factory, requests } = capturingFactory('https://s3-emulator.internal:4566/');
    factories.push(factory);
    await factory.get(S3ControlClient, 'eu-west-1').send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }));
    expect([requests[0]?.hostname, requests[0]?.port]).toEqual(['s3-emulator.internal', 4566]);
  });

  it('leaves S3 on path-style addressing', async () => {
    const { factory, requests } = capturingFactory('http://127.0.0.1:5000', '{"Version":"2012-10-17","Statement":[]}');
    factories.push(factory);
    await factory.get(S3Client, 'us-east-1').send(new GetBucketPolicyCommand({ Bucket: 'audit-logs' }));
    expect([requests[0]?.hostname, requests[0]?.port, requests[0]?.path]).toEqual(['127.0.0.1', 5000, '/audit-logs/']);
    expect(requests[0]?.query).toHaveProperty('policy');
  });
});

describe('AwsClientFactory without a custom endpoint', () => {
  it("addresses S3 Control at the account's own host, as AWS requires", async () => {
    const { factory, requests } = capturingFactory();
    await factory.get(S3ControlClient, 'eu-west-1').send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }));
    expect([requests[0]?.hostname, requests[0]?.path]).toEqual([`${ACCOUNT}.s3-control.eu-west-1.amazonaws.com`, '/v20180820/configuration/publicAccessBlock']);
    expect(requests[0]?.headers['x-amz-account-id']).toBe(ACCOUNT);
    factory.destroy();
  });
});
