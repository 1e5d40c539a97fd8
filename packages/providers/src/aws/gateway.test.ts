import { EC2Client, GetEbsDefaultKmsKeyIdCommand } from '@aws-sdk/client-ec2';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { S3Client, GetBucketAclCommand } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ApiError } from '@palisade/core';
import { HttpResponse } from '@smithy/protocol-http';
import type { HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { AwsClientFactory } from './clients.ts';
import { AwsGateway, createRateLimitBudgets, classifyFailure, isThrottle, isTransient, isUnreadableAnswer, toApiError } from './gateway.ts';
import type { GatewayOptions } from './gateway.ts';
import { DEFAULT_RATE_LIMITS, resolveRateLimit } from './rate-limits.ts';
import type { RateLimitRule } from './rate-limits.ts';
import { sdkError } from './testing.ts';
import { TokenBucket } from './token-bucket.ts';

const SCOPE = { accountId: '123456789012', region: 'eu-west-1' };

/** A clock that only moves when the code under test sleeps, so every wait is observable. */
function fakeClock() {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

function testGateway(options: GatewayOptions = {}) {
  const clock = fakeClock();
  const gateway = new AwsGateway({ now: clock.now, sleep: clock.sleep, random: () => 0, baseDelayMs: 100, ...options });
  return { gateway, clock };
}

/** A send that fails with the given errors in order, then answers `value`. */
function scripted<T>(failures: readonly Error[], value: T) {
  const signals: AbortSignal[] = [];
  let index = 0;
  const send = async (signal: AbortSignal): Promise<T> => {
    signals.push(signal);
    const failure = failures[index];
    index += 1;
    if (failure) throw failure;
    return value;
  };
  return { send, signals, attempts: () => index };
}

/** A send that never answers on its own and rejects only when its signal aborts, as the SDK does. */
function hangingSend(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })), { once: true });
  });
}

const rule = (pattern: string, capacity: number, refillPerSecond: number): RateLimitRule => ({ pattern, capacity, refillPerSecond, source: 'test' });

describe('AwsGateway.call', () => {
  it('returns the value of a successful call and counts one call', async () => {
    const { gateway } = testGateway();
    const send = scripted([], { Account: '123456789012' });
    const result = await gateway.call(SCOPE, 'sts:GetCallerIdentity', send.send);
    expect(result).toEqual({ value: { Account: '123456789012' } });
    expect(gateway.snapshotCounters()['sts']).toMatchObject({ calls: 1, throttles: 0, retries: 0, errors: 0, errorCodes: {} });
  });

  it('passes an abort signal to the SDK send', async () => {
    const { gateway } = testGateway();
    const send = scripted([], 'ok');
    await gateway.call(SCOPE, 'iam:ListUsers', send.send);
    expect(send.signals[0]).toBeInstanceOf(AbortSignal);
    expect(send.signals[0]?.aborted).toBe(false);
  });

  it('retries throttling with jittered exponential back-off and counts throttles and retries', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('*', 1000, 1000)], random: () => 0.5 });
    const send = scripted([sdkError('Throttling', 'Rate exceeded', 400), sdkError('ThrottlingException', 'Rate exceeded', 400)], ['role-a']);
    const result = await gateway.call(SCOPE, 'iam:ListRoles', send.send);
    expect(result).toEqual({ value: ['role-a'] });
    expect(send.attempts()).toBe(3);
    expect(gateway.snapshotCounters()['iam']).toMatchObject({ calls: 3, throttles: 2, retries: 2, retriesByClass: { throttling: 2, transient: 0, permanent: 0 }, errors: 0 });
    // Ceiling 100 then 200 ms; with random 0.5 the delay is three quarters of the ceiling.
    expect(clock.sleeps.filter((ms) => ms === 75 || ms === 150)).toEqual([75, 150]);
  });

  it('treats HTTP 429 as throttling whatever the code', async () => {
    const { gateway } = testGateway();
    const send = scripted([sdkError('SomethingNew', 'slow down', 429)], 'ok');
    expect(await gateway.call(SCOPE, 'kms:ListKeys', send.send)).toEqual({ value: 'ok' });
    expect(gateway.snapshotCounters()['kms']).toMatchObject({ calls: 2, throttles: 1, retries: 1 });
  });

  it('retries 5xx errors until maxAttempts, then reports the last error by code', async () => {
    const { gateway, clock } = testGateway({ maxAttempts: 4 });
    const failures = Array.from({ length: 4 }, () => sdkError('InternalError', 'We encountered an internal error. Please try again.', 500));
    const send = scripted(failures, 'never');
    const result = await gateway.call(SCOPE, 'ec2:DescribeInstances', send.send, { resourceUid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1' });
    expect(result.error).toEqual({
      api: 'ec2:DescribeInstances',
      code: 'InternalError',
      message: 'We encountered an internal error. Please try again.',
      region: 'eu-west-1',
      httpStatus: 500,
      resourceUid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1',
    });
    expect(send.attempts()).toBe(4);
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({
      calls: 4,
      throttles: 0,
      retries: 3,
      retriesByClass: { throttling: 0, transient: 3, permanent: 0 },
      errors: 1,
      errorCodes: { InternalError: 1 },
      errorsByClass: { throttling: 0, transient: 1, permanent: 0 },
    });
    // random 0 → half the ceiling: 50, 100, 200 ms; no sleep after the last attempt.
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('caps the back-off at maxDelayMs', async () => {
    const { gateway, clock } = testGateway({ maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 1500, random: () => 1 });
    const send = scripted(Array.from({ length: 5 }, () => sdkError('ServiceUnavailable', 'try later', 503)), 'never');
    await gateway.call(SCOPE, 's3:ListAllMyBuckets', send.send);
    expect(clock.sleeps).toEqual([1000, 1500, 1500, 1500]);
  });

  it('retries network errors reported by Node (code on a plain Error)', async () => {
    const { gateway } = testGateway();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const send = scripted([reset], 'ok');
    expect(await gateway.call(SCOPE, 'sns:ListTopics', send.send)).toEqual({ value: 'ok' });
    expect(gateway.snapshotCounters()['sns']).toMatchObject({ calls: 2, retries: 1, retriesByClass: { transient: 1 }, errors: 0 });
  });

  it('does not retry AccessDenied and counts it as an error', async () => {
    const { gateway, clock } = testGateway();
    const send = scripted([sdkError('AccessDenied', 'User: arn:aws:iam::123456789012:user/audit is not authorized to perform: iam:GetAccountSummary', 403)], 'never');
    const result = await gateway.call(SCOPE, 'iam:GetAccountSummary', send.send);
    expect(result.error).toMatchObject({ api: 'iam:GetAccountSummary', code: 'AccessDenied', httpStatus: 403, region: 'eu-west-1' });
    expect(send.attempts()).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(gateway.snapshotCounters()['iam']).toEqual({
      calls: 1,
      throttles: 0,
      retries: 0,
      retriesByClass: { throttling: 0, transient: 0, permanent: 0 },
      errors: 1,
      errorCodes: { AccessDenied: 1 },
      errorsByClass: { throttling: 0, transient: 0, permanent: 1 },
      durationMs: 0,
    });
  });

  it('yields null for absentOn codes, given as a list or a predicate, without counting an error', async () => {
    const { gateway } = testGateway();
    const listed = await gateway.call(SCOPE, 's3:GetBucketPolicy', scripted([sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404)], 'x').send, {
      absentOn: ['NoSuchBucketPolicy'],
    });
    expect(listed).toEqual({ value: null });
    const predicate = await gateway.call(SCOPE, 's3:GetBucketTagging', scripted([sdkError('NoSuchTagSet', 'The TagSet does not exist', 404)], 'x').send, {
      absentOn: (error: ApiError) => error.code.startsWith('NoSuch'),
    });
    expect(predicate).toEqual({ value: null });
    expect(gateway.snapshotCounters()['s3']).toMatchObject({ calls: 2, errors: 0, errorCodes: {} });
  });

  it('still reports other codes as errors when absentOn is set', async () => {
    const { gateway } = testGateway();
    const result = await gateway.call(SCOPE, 's3:GetBucketPolicy', scripted([sdkError('AccessDenied', 'Access Denied', 403)], 'x').send, {
      absentOn: ['NoSuchBucketPolicy'],
    });
    expect(result.error?.code).toBe('AccessDenied');
  });

  it('turns an attempt that does not answer in time into AttemptTimeout, retried then reported', async () => {
    const gateway = new AwsGateway({ attemptTimeoutMs: 5, maxAttempts: 2, sleep: async () => {}, random: () => 0 });
    let attempts = 0;
    const result = await gateway.call(SCOPE, 'logs:DescribeLogGroups', (signal) => {
      attempts += 1;
      return hangingSend(signal);
    });
    expect(result.error).toMatchObject({ api: 'logs:DescribeLogGroups', code: 'AttemptTimeout', message: 'no answer within 5 ms', region: 'eu-west-1' });
    expect(attempts).toBe(2);
    expect(gateway.snapshotCounters()['logs']).toMatchObject({ calls: 2, retries: 1, retriesByClass: { transient: 1 }, errors: 1, errorCodes: { AttemptTimeout: 1 }, errorsByClass: { transient: 1 } });
  });

  it('times out an attempt even when the send ignores its abort signal', async () => {
    const gateway = new AwsGateway({ attemptTimeoutMs: 5, maxAttempts: 1 });
    const result = await gateway.call(SCOPE, 'config:DescribeConfigurationRecorders', () => new Promise<never>(() => {}));
    expect(result.error).toMatchObject({ code: 'AttemptTimeout' });
  });

  it('returns Cancelled without sending when the scan signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { gateway } = testGateway({ signal: controller.signal });
    const send = scripted([], 'never');
    const result = await gateway.call(SCOPE, 'rds:DescribeDBInstances', send.send);
    expect(result.error).toMatchObject({ api: 'rds:DescribeDBInstances', code: 'Cancelled', region: 'eu-west-1' });
    expect(send.attempts()).toBe(0);
    // A cancelled call is an error, but no answer of the API's: it has no failure class.
    expect(gateway.snapshotCounters()['rds']).toMatchObject({ calls: 0, errors: 1, errorCodes: { Cancelled: 1 }, errorsByClass: { throttling: 0, transient: 0, permanent: 0 } });
  });

  it('aborts an in-flight attempt on cancellation and does not retry it', async () => {
    const controller = new AbortController();
    const gateway = new AwsGateway({ signal: controller.signal, maxAttempts: 5 });
    let attempts = 0;
    const pending = gateway.call(SCOPE, 'guardduty:ListDetectors', (signal) => {
      attempts += 1;
      return hangingSend(signal);
    });
    await vi.waitFor(() => expect(attempts).toBe(1));
    controller.abort();
    const result = await pending;
    expect(result.error).toMatchObject({ code: 'Cancelled', message: 'the scan was cancelled' });
    expect(attempts).toBe(1);
  });

  it('does not send a call that was waiting for a token when the scan is cancelled', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const gateway = new AwsGateway({
      signal: controller.signal,
      rateLimits: [rule('*', 1, 1)],
      now: clock.now,
      // The scan is cancelled while this call waits for the rate limit.
      sleep: async (ms) => {
        clock.time += ms;
        controller.abort();
      },
    });
    const first = scripted([], 'first');
    const second = scripted([], 'second');
    expect(await gateway.call(SCOPE, 'ec2:DescribeVpcs', first.send)).toEqual({ value: 'first' });
    const result = await gateway.call(SCOPE, 'ec2:DescribeVpcs', second.send);
    expect(result.error?.code).toBe('Cancelled');
    expect(second.attempts()).toBe(0);
  });

  it('stops retrying when the scan is cancelled during the back-off', async () => {
    const controller = new AbortController();
    const gateway = new AwsGateway({ signal: controller.signal, sleep: async () => controller.abort(), random: () => 0 });
    const send = scripted([sdkError('ThrottlingException', 'Rate exceeded')], 'never');
    const result = await gateway.call(SCOPE, 'cloudtrail:DescribeTrails', send.send);
    expect(result.error?.code).toBe('Cancelled');
    expect(send.attempts()).toBe(1);
  });

  it('sums only attempt time in durationMs, not back-off sleeps', async () => {
    const clock = fakeClock();
    const gateway = new AwsGateway({ now: clock.now, sleep: clock.sleep, random: () => 0, baseDelayMs: 1000 });
    let attempts = 0;
    await gateway.call(SCOPE, 'iam:ListUsers', async () => {
      attempts += 1;
      clock.time += 30; // each request takes 30 ms
      if (attempts === 1) throw sdkError('Throttling', 'Rate exceeded');
      return [];
    });
    expect(clock.sleeps).toContain(500);
    expect(gateway.snapshotCounters()['iam']?.durationMs).toBe(60);
  });

  it('keeps separate counters per service and returns copies', async () => {
    const { gateway } = testGateway();
    await gateway.call(SCOPE, 'iam:ListUsers', scripted([], []).send);
    await gateway.call(SCOPE, 'ec2:DescribeVpcs', scripted([sdkError('UnauthorizedOperation', 'You are not authorized', 403)], []).send);
    const counters = gateway.snapshotCounters();
    expect(Object.keys(counters)).toEqual(['ec2', 'iam']);
    expect(counters['ec2']).toMatchObject({ calls: 1, errors: 1, errorCodes: { UnauthorizedOperation: 1 } });
    counters['ec2']!.errorCodes['Mutated'] = 1;
    expect(gateway.snapshotCounters()['ec2']?.errorCodes).toEqual({ UnauthorizedOperation: 1 });
  });
});

/** One HTTP answer of a stubbed endpoint, read by the SDK's real deserializers. */
interface StubAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A client factory whose every request is answered by `answers` in turn (the last one repeats). */
function stubbedEndpoint(...answers: StubAnswer[]) {
  const requests: HttpRequest[] = [];
  const clients = new AwsClientFactory({
    credentials: { accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: 'test-secret' },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        requests.push(request);
        const answer = answers[Math.min(requests.length, answers.length) - 1]!;
        const body = Readable.from([Buffer.from(answer.body)]);
        return { response: new HttpResponse({ statusCode: answer.status, headers: { 'content-type': answer.contentType }, body }) };
      },
    },
  });
  return { clients, requests };
}

const HTML_500: StubAnswer = {
  status: 500,
  contentType: 'text/html',
  body: '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>',
};
const EC2_INTERNAL_ERROR: StubAnswer = {
  status: 500,
  contentType: 'text/xml;charset=UTF-8',
  body: '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InternalError</Code><Message>An internal error has occurred</Message></Error></Errors><RequestID>5ef6c3c1-2b4e-4d1a-9f3e-0d9c7e6c1a11</RequestID></Response>',
};
const EC2_KMS_KEY: StubAnswer = {
  status: 200,
  contentType: 'text/xml;charset=UTF-8',
  body: '<?xml version="1.0" encoding="UTF-8"?><GetEbsDefaultKmsKeyIdResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><kmsKeyId>alias/aws/ebs</kmsKeyId></GetEbsDefaultKmsKeyIdResponse>',
};

describe('AwsGateway retries by failure class (real SDK deserializers)', () => {
  const ebsDefaultKey = (clients: AwsClientFactory) => (signal: AbortSignal) =>
    clients.get(EC2Client, SCOPE.region).send(new GetEbsDefaultKmsKeyIdCommand({}), { abortSignal: signal });

  it('fails fast on a 500 whose body is an HTML page: one quick retry, counted as permanent', async () => {
    const { gateway, clock } = testGateway();
    const endpoint = stubbedEndpoint(HTML_500);
    const result = await gateway.call(SCOPE, 'ec2:GetEbsDefaultKmsKeyId', ebsDefaultKey(endpoint.clients));
    // The SDK finds no AWS error code in the page.
    expect(result.error).toEqual({ api: 'ec2:GetEbsDefaultKmsKeyId', code: 'Unknown', message: '', region: 'eu-west-1', httpStatus: 500 });
    expect(endpoint.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([50]);
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({
      calls: 2,
      retries: 1,
      retriesByClass: { throttling: 0, transient: 0, permanent: 1 },
      errors: 1,
      errorCodes: { Unknown: 1 },
      errorsByClass: { throttling: 0, transient: 0, permanent: 1 },
    });
    endpoint.clients.destroy();
  });

  it('answers from the one retry when an unreadable answer was a one-off', async () => {
    const { gateway } = testGateway();
    const endpoint = stubbedEndpoint(HTML_500, EC2_KMS_KEY);
    const result = await gateway.call(SCOPE, 'ec2:GetEbsDefaultKmsKeyId', ebsDefaultKey(endpoint.clients));
    expect(result.value).toMatchObject({ KmsKeyId: 'alias/aws/ebs' });
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({ calls: 2, retriesByClass: { permanent: 1 }, errors: 0 });
    endpoint.clients.destroy();
  });

  it('fails fast on a deserialization error: a JSON service answering an HTML page', async () => {
    const { gateway } = testGateway();
    const endpoint = stubbedEndpoint(HTML_500);
    const kms = endpoint.clients.get(KMSClient, SCOPE.region);
    const result = await gateway.call(SCOPE, 'kms:ListKeys', (signal) => kms.send(new ListKeysCommand({}), { abortSignal: signal }));
    expect(result.error).toMatchObject({ api: 'kms:ListKeys', code: 'SyntaxError', httpStatus: 500, region: 'eu-west-1' });
    expect(result.error?.message).toContain('Deserialization error');
    expect(endpoint.requests).toHaveLength(2);
    expect(gateway.snapshotCounters()['kms']).toMatchObject({ calls: 2, retriesByClass: { permanent: 1 }, errorsByClass: { permanent: 1 } });
    endpoint.clients.destroy();
  });

  it('retries a 500 that carries an AWS error code with growing delays until maxAttempts', async () => {
    const { gateway, clock } = testGateway();
    const endpoint = stubbedEndpoint(EC2_INTERNAL_ERROR);
    const result = await gateway.call(SCOPE, 'ec2:GetEbsDefaultKmsKeyId', ebsDefaultKey(endpoint.clients));
    expect(result.error).toMatchObject({ api: 'ec2:GetEbsDefaultKmsKeyId', code: 'InternalError', httpStatus: 500 });
    expect(endpoint.requests).toHaveLength(6);
    expect(clock.sleeps).toEqual([50, 100, 200, 400, 800]);
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({ calls: 6, retriesByClass: { transient: 5, permanent: 0 }, errorsByClass: { transient: 1, permanent: 0 } });
    endpoint.clients.destroy();
  });

  it('retries a 502, 503 or 504 from a proxy as transient even when its body is not an AWS error', async () => {
    const { gateway } = testGateway({ maxAttempts: 3 });
    const endpoint = stubbedEndpoint({ status: 502, contentType: 'text/plain', body: 'Bad Gateway' }, { status: 504, contentType: 'text/html', body: '<html>Gateway Timeout</html>' }, EC2_KMS_KEY);
    const result = await gateway.call(SCOPE, 'ec2:GetEbsDefaultKmsKeyId', ebsDefaultKey(endpoint.clients));
    expect(result.value).toMatchObject({ KmsKeyId: 'alias/aws/ebs' });
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({ calls: 3, retriesByClass: { transient: 2, permanent: 0 }, errors: 0 });
    endpoint.clients.destroy();
  });

  it('does not retry a 4xx that is not throttling, whatever its code', async () => {
    const { gateway } = testGateway();
    const send = scripted([sdkError('InvalidParameterValue', 'Value (x) for parameter Filter is invalid', 400)], 'never');
    const result = await gateway.call(SCOPE, 'ec2:DescribeSnapshots', send.send);
    expect(result.error).toMatchObject({ code: 'InvalidParameterValue', httpStatus: 400 });
    expect(send.attempts()).toBe(1);
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({ calls: 1, retries: 0, errorsByClass: { permanent: 1 } });
  });

  it('with the uniform policy, retries the HTML 500 like any 5xx, still counting it as permanent', async () => {
    const { gateway, clock } = testGateway({ retryPolicy: 'uniform' });
    const endpoint = stubbedEndpoint(HTML_500);
    const result = await gateway.call(SCOPE, 'ec2:GetEbsDefaultKmsKeyId', ebsDefaultKey(endpoint.clients));
    expect(result.error).toMatchObject({ code: 'Unknown', httpStatus: 500 });
    expect(endpoint.requests).toHaveLength(6);
    expect(clock.sleeps).toEqual([50, 100, 200, 400, 800]);
    expect(gateway.snapshotCounters()['ec2']).toMatchObject({ calls: 6, retriesByClass: { permanent: 5 }, errorsByClass: { permanent: 1 } });
    endpoint.clients.destroy();
  });

  it('with the uniform policy, still does not retry AccessDenied', async () => {
    const { gateway } = testGateway({ retryPolicy: 'uniform' });
    const send = scripted([sdkError('AccessDenied', 'not authorized', 403)], 'never');
    expect((await gateway.call(SCOPE, 'iam:ListUsers', send.send)).error?.code).toBe('AccessDenied');
    expect(send.attempts()).toBe(1);
  });

  it.each([
    ['EC2 (query XML)', 'ec2:GetEbsDefaultKmsKeyId', (clients: AwsClientFactory, signal: AbortSignal) => clients.get(EC2Client, SCOPE.region).send(new GetEbsDefaultKmsKeyIdCommand({}), { abortSignal: signal })],
    ['KMS (JSON)', 'kms:ListKeys', (clients: AwsClientFactory, signal: AbortSignal) => clients.get(KMSClient, SCOPE.region).send(new ListKeysCommand({}), { abortSignal: signal })],
    ['S3 (REST XML)', 's3:GetBucketAcl', (clients: AwsClientFactory, signal: AbortSignal) => clients.get(S3Client, SCOPE.region).send(new GetBucketAclCommand({ Bucket: 'logs' }), { abortSignal: signal })],
  ] as const)('retries a 500 with an empty body as transient: %s', async (_name, api, send) => {
    const { gateway, clock } = testGateway();
    const endpoint = stubbedEndpoint({ status: 500, contentType: 'text/html', body: '' });
    const result = await gateway.call(SCOPE, api, (signal) => send(endpoint.clients, signal));
    expect(result.error).toEqual({ api, code: 'Unknown', message: 'HTTP 500 with an empty body', region: 'eu-west-1', httpStatus: 500, retryable: 'transient' });
    expect(endpoint.requests).toHaveLength(6);
    expect(clock.sleeps).toEqual([50, 100, 200, 400, 800]);
    expect(gateway.snapshotCounters()[api.split(':')[0]!]).toMatchObject({ calls: 6, retriesByClass: { transient: 5, permanent: 0 }, errorsByClass: { transient: 1, permanent: 0 } });
    endpoint.clients.destroy();
  });

  it('retries an error the SDK marks retryable (STS IDPCommunicationError) as transient', async () => {
    const { gateway } = testGateway({ maxAttempts: 3 });
    const endpoint = stubbedEndpoint({
      status: 400,
      contentType: 'text/xml',
      body: '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>IDPCommunicationError</Code><Message>The identity provider could not be reached</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>',
    });
    const sts = endpoint.clients.get(STSClient, SCOPE.region);
    const command = new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::123456789012:role/audit', RoleSessionName: 'palisade', WebIdentityToken: 'token' });
    const result = await gateway.call(SCOPE, 'sts:AssumeRoleWithWebIdentity', (signal) => sts.send(command, { abortSignal: signal }));
    expect(result.error).toMatchObject({ code: 'IDPCommunicationError', httpStatus: 400, retryable: 'transient' });
    expect(endpoint.requests).toHaveLength(3);
    expect(gateway.snapshotCounters()['sts']).toMatchObject({ calls: 3, retriesByClass: { transient: 2 }, errorsByClass: { transient: 1 } });
    endpoint.clients.destroy();
  });
});

describe('failure classes of SDK-shaped errors', () => {
  const networkError = (code: string) => Object.assign(new Error(`connect ${code} 52.94.0.1:443`), { code });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EPROTO', 'EAI_AGAIN', 'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_GOAWAY_SESSION'])(
    'retries the network error %s as transient and keeps its code',
    async (code) => {
      const { gateway } = testGateway({ maxAttempts: 3 });
      const send = scripted([networkError(code), networkError(code), networkError(code)], 'never');
      const result = await gateway.call(SCOPE, 'iam:ListUsers', send.send);
      expect(result.error).toMatchObject({ api: 'iam:ListUsers', code });
      expect(classifyFailure(result.error!)).toBe('transient');
      expect(send.attempts()).toBe(3);
      expect(gateway.snapshotCounters()['iam']).toMatchObject({ retriesByClass: { transient: 2 }, errorsByClass: { transient: 1 } });
    },
  );

  it('does not retry a host that does not exist', async () => {
    const { gateway } = testGateway();
    const send = scripted([networkError('ENOTFOUND')], 'never');
    expect((await gateway.call(SCOPE, 'iam:ListUsers', send.send)).error).toMatchObject({ code: 'ENOTFOUND' });
    expect(send.attempts()).toBe(1);
  });

  it('follows the SDK\'s $retryable mark: throttling when it says so, else transient', async () => {
    const marked = (code: string, retryable: { throttling?: boolean }) => Object.assign(sdkError(code, 'try again', 400), { $retryable: retryable });
    expect(toApiError('sts:AssumeRoleWithWebIdentity', marked('IDPCommunicationError', {}))).toMatchObject({ code: 'IDPCommunicationError', retryable: 'transient' });
    expect(classifyFailure(toApiError('sts:AssumeRoleWithWebIdentity', marked('IDPCommunicationError', {})))).toBe('transient');
    expect(classifyFailure(toApiError('x:Y', marked('SlowDownPlease', { throttling: true })))).toBe('throttling');
    // The SDK sets $retryable to undefined on errors it does not mark.
    expect(classifyFailure(toApiError('x:Y', Object.assign(sdkError('ValidationError', 'bad', 400), { $retryable: undefined })))).toBe('permanent');

    const { gateway } = testGateway({ maxAttempts: 3 });
    const send = scripted([marked('SlowDownPlease', { throttling: true })], 'ok');
    expect(await gateway.call(SCOPE, 'sts:GetCallerIdentity', send.send)).toEqual({ value: 'ok' });
    expect(gateway.snapshotCounters()['sts']).toMatchObject({ throttles: 1, retriesByClass: { throttling: 1 } });
  });

  it('tells a 500 with an empty body (transient) from one with a body that is no AWS error (permanent)', () => {
    const unknown500 = (contentLength: string) => Object.assign(sdkError('Unknown', 'Unknown', 500), { $response: { statusCode: 500, headers: { 'Content-Length': contentLength } } });
    expect(toApiError('ec2:DescribeVpcs', unknown500('0'))).toEqual({ api: 'ec2:DescribeVpcs', code: 'Unknown', message: 'HTTP 500 with an empty body', httpStatus: 500, retryable: 'transient' });
    expect(classifyFailure(toApiError('ec2:DescribeVpcs', unknown500('0')))).toBe('transient');
    expect(toApiError('ec2:DescribeVpcs', unknown500('132'))).toEqual({ api: 'ec2:DescribeVpcs', code: 'Unknown', message: '', httpStatus: 500 });
    expect(classifyFailure(toApiError('ec2:DescribeVpcs', unknown500('132')))).toBe('permanent');
    // A 4xx without a body is still an answer that will not change.
    const unknown403 = Object.assign(sdkError('Unknown', 'Unknown', 403), { $response: { statusCode: 403, headers: { 'content-length': '0' } } });
    expect(classifyFailure(toApiError('ec2:DescribeVpcs', unknown403))).toBe('permanent');
  });
});

describe('AwsGateway rate limiting', () => {
  it('waits for a token once the burst is used, using the refill rate', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('ec2:Describe*', 10, 10), rule('*', 100, 100)] });
    for (let index = 0; index < 12; index += 1) await gateway.call(SCOPE, 'ec2:DescribeInstances', scripted([], index).send);
    // The published burst of 10, then one token every 100 ms.
    expect(clock.sleeps).toEqual([100, 100]);
  });

  it('shares one budget per account × region × API between gateways given the same budgets', async () => {
    const clock = fakeClock();
    const budgets = createRateLimitBudgets();
    const make = (shared: boolean) => new AwsGateway({ now: clock.now, sleep: clock.sleep, random: () => 0, rateLimits: [rule('*', 10, 10)], ...(shared ? { budgets } : {}) });
    const [first, second] = [make(true), make(true)];
    for (let index = 0; index < 10; index += 1) await first.call(SCOPE, 'ec2:DescribeInstances', scripted([], index).send);
    // The burst is spent by the first scan: the second waits for the refill.
    await second.call(SCOPE, 'ec2:DescribeInstances', scripted([], 'late').send);
    expect(clock.sleeps).toEqual([100]);
    // Another region is another budget; a gateway with budgets of its own is not held back.
    await second.call({ ...SCOPE, region: 'ap-south-2' }, 'ec2:DescribeInstances', scripted([], 'other').send);
    await make(false).call(SCOPE, 'ec2:DescribeInstances', scripted([], 'own').send);
    expect(clock.sleeps).toEqual([100]);
  });

  it('serves the calls waiting for one bucket in arrival order, each after one wait', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('*', 1, 10)] });
    const sent: number[] = [];
    const calls = Array.from({ length: 5 }, (_, index) =>
      gateway.call(SCOPE, 'kms:DescribeKey', async () => {
        sent.push(index);
        return index;
      }),
    );
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4].map((value) => ({ value })));
    expect(sent).toEqual([0, 1, 2, 3, 4]);
    // Only the caller at the head of the line sleeps: one wait per token, none spent waking the others.
    expect(clock.sleeps).toEqual([100, 100, 100, 100]);
  });

  it('counts a call against the burst until it answers', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('*', 2, 10)] });
    let answer = () => {};
    const slow = gateway.call(SCOPE, 'kms:GetKeyPolicy', () => new Promise<string>((resolve) => (answer = () => resolve('slow'))));
    await gateway.call(SCOPE, 'kms:GetKeyPolicy', async () => 'quick');
    clock.time += 60_000;
    // A minute later one of the two tokens is still out with the slow call, so only one call goes at once.
    await gateway.call(SCOPE, 'kms:GetKeyPolicy', async () => 'next');
    await gateway.call(SCOPE, 'kms:GetKeyPolicy', async () => 'waits');
    expect(clock.sleeps).toEqual([100]);
    answer();
    expect(await slow).toEqual({ value: 'slow' });
  });

  it('shares one bucket across the APIs of one pattern, per account and region', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('ec2:Describe*', 1, 10), rule('*', 100, 100)] });
    await gateway.call(SCOPE, 'ec2:DescribeInstances', scripted([], 1).send);
    await gateway.call({ ...SCOPE, region: 'us-east-1' }, 'ec2:DescribeInstances', scripted([], 2).send);
    await gateway.call({ ...SCOPE, accountId: '210987654321' }, 'ec2:DescribeInstances', scripted([], 3).send);
    expect(clock.sleeps).toEqual([]);
    await gateway.call(SCOPE, 'ec2:DescribeSecurityGroups', scripted([], 4).send);
    expect(clock.sleeps).toEqual([100]);
  });

  it('slows a throttled API down: the bucket is drained and its rate cut by 30 %', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('*', 10, 10)], random: () => 0, baseDelayMs: 0 });
    const send = scripted([sdkError('RequestLimitExceeded', 'Request limit exceeded.', 503)], 'ok');
    await gateway.call(SCOPE, 'ec2:DescribeSnapshots', send.send);
    // After the throttle no token is left and the rate is 7/s: the retry waits 143 ms.
    expect(clock.sleeps).toEqual([0, 143]);
  });

  it('cuts the rate once for the throttles of calls sent before the cut', async () => {
    const { gateway, clock } = testGateway({ rateLimits: [rule('*', 10, 10)], baseDelayMs: 0 });
    const throttled = () => scripted([sdkError('ThrottlingException', 'Rate exceeded', 400)], 'ok').send;
    const results = await Promise.all([1, 2, 3].map(() => gateway.call(SCOPE, 'kms:DescribeKey', throttled())));
    expect(results).toEqual([1, 2, 3].map(() => ({ value: 'ok' })));
    expect(gateway.snapshotCounters()['kms']).toMatchObject({ calls: 6, throttles: 3 });
    // Three calls on their way at once were all throttled: one cut (10/s → 7/s, a token every
    // 143 ms for the retries), not three (3.4/s, 292 ms).
    expect(clock.sleeps.filter((ms) => ms > 0)).toEqual([143, 143, 143]);
  });
});

describe('AwsGateway.paginate', () => {
  type Page = { items: string[]; next?: string };

  it('follows tokens across pages and concatenates the items', async () => {
    const { gateway } = testGateway();
    const pages: Record<string, Page> = { start: { items: ['a', 'b'], next: 't2' }, t2: { items: ['c'], next: 't3' }, t3: { items: [] } };
    const tokens: (string | undefined)[] = [];
    const result = await gateway.paginate(
      SCOPE,
      'iam:ListRoles',
      async (token) => {
        tokens.push(token);
        return pages[token ?? 'start']!;
      },
      (page: Page) => page.items,
      (page) => page.next,
    );
    expect(result).toEqual({ value: ['a', 'b', 'c'] });
    expect(tokens).toEqual([undefined, 't2', 't3']);
    expect(gateway.snapshotCounters()['iam']).toMatchObject({ calls: 3, errors: 0 });
  });

  it('treats a page without an item list as empty', async () => {
    const { gateway } = testGateway();
    const result = await gateway.paginate(SCOPE, 'kms:ListKeys', async () => ({}), (page: { Keys?: string[] }) => page.Keys, () => undefined);
    expect(result).toEqual({ value: [] });
  });

  it('fails the whole list when a later page fails, even after retries', async () => {
    const { gateway } = testGateway({ maxAttempts: 2 });
    const result = await gateway.paginate(
      SCOPE,
      'ec2:DescribeSecurityGroups',
      async (token) => {
        if (token === 'page-2') throw sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
        return { items: ['sg-1'], next: 'page-2' };
      },
      (page: Page) => page.items,
      (page) => page.next,
    );
    expect(result.value).toBeUndefined();
    expect(result.error).toMatchObject({ api: 'ec2:DescribeSecurityGroups', code: 'UnauthorizedOperation', region: 'eu-west-1' });
  });

  it('retries a throttled page with the same token', async () => {
    const { gateway } = testGateway();
    const tokens: (string | undefined)[] = [];
    let throttled = false;
    const result = await gateway.paginate(
      SCOPE,
      'logs:DescribeLogGroups',
      async (token) => {
        tokens.push(token);
        if (token === 'p2' && !throttled) {
          throttled = true;
          throw sdkError('ThrottlingException', 'Rate exceeded');
        }
        return token === 'p2' ? { items: ['/b'] } : { items: ['/a'], next: 'p2' };
      },
      (page: Page) => page.items,
      (page) => page.next,
    );
    expect(result).toEqual({ value: ['/a', '/b'] });
    expect(tokens).toEqual([undefined, 'p2', 'p2']);
  });

  it('detects an API that returns the same token twice', async () => {
    const { gateway } = testGateway();
    const pages: Record<string, Page> = { start: { items: ['a'], next: 'x' }, x: { items: ['b'], next: 'y' }, y: { items: ['c'], next: 'x' } };
    const result = await gateway.paginate(SCOPE, 'sns:ListTopics', async (token) => pages[token ?? 'start']!, (page: Page) => page.items, (page) => page.next);
    expect(result.error).toMatchObject({ api: 'sns:ListTopics', code: 'PaginationLoop', region: 'eu-west-1' });
    expect(result.error?.message).toContain('x');
    expect(gateway.snapshotCounters()['sns']).toMatchObject({ calls: 3, errors: 1, errorCodes: { PaginationLoop: 1 } });
  });
});

describe('TokenBucket', () => {
  it('serves the burst, then asks to wait for the next token', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 4 }, clock.now);
    for (let index = 0; index < 10; index += 1) expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(250);
    clock.time += 250;
    expect(bucket.tryTake()).toBe(0);
  });

  it('never holds more than its capacity after a long idle time', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 5, refillPerSecond: 1 }, clock.now);
    clock.time += 3_600_000;
    expect(Array.from({ length: 5 }, () => bucket.tryTake())).toEqual([0, 0, 0, 0, 0]);
    expect(bucket.tryTake()).toBe(1000);
  });

  it('keeps tokens plus calls in flight within the capacity, so a stall does not end in a double burst', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 10 }, clock.now);
    for (let index = 0; index < 10; index += 1) bucket.tryTake();
    for (let index = 0; index < 4; index += 1) bucket.release();
    // Five seconds pass with six calls still on their way: the server counts them when they arrive,
    // so only four more may leave now.
    clock.time += 5000;
    expect(Array.from({ length: 5 }, () => bucket.tryTake())).toEqual([0, 0, 0, 0, 100]);
    // Answers free room in the burst, not tokens: those refill with time.
    for (let index = 0; index < 10; index += 1) bucket.release();
    expect(bucket.tryTake()).toBe(100);
    clock.time += 5000;
    expect(Array.from({ length: 11 }, () => bucket.tryTake())).toEqual([...Array.from({ length: 10 }, () => 0), 100]);
  });

  it('still refills one token when more calls are in flight than the capacity', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 10 }, clock.now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0, 100]);
    clock.time += 100;
    expect([bucket.tryTake(), bucket.tryTake()]).toEqual([0, 100]);
  });

  it('cuts its rate once for throttles of calls sent up to the last cut', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 20 }, clock.now);
    clock.time = 100;
    bucket.onThrottle(50);
    clock.time = 130;
    // Sent before the cut (at 100 ms), at the old rate: no news.
    bucket.onThrottle(80);
    bucket.onThrottle(100);
    expect(bucket.rate()).toBeCloseTo(14);
    // A call sent after the cut was paced at the new rate: its throttle cuts again.
    bucket.onThrottle(101);
    expect(bucket.rate()).toBeCloseTo(9.8);
  });

  it('cuts its rate by 30 % on each throttle, down to 5 %, and drains the tokens', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 20 }, clock.now);
    bucket.onThrottle();
    expect(bucket.rate()).toBeCloseTo(14);
    expect(bucket.tryTake()).toBe(72);
    bucket.onThrottle();
    expect(bucket.rate()).toBeCloseTo(9.8);
    for (let index = 0; index < 20; index += 1) bucket.onThrottle();
    expect(bucket.rate()).toBeCloseTo(1);
  });

  it('recovers slowly: each success restores 2 % of the rate, up to the limit', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 100 }, clock.now);
    bucket.onThrottle();
    expect(bucket.rate()).toBeCloseTo(70);
    bucket.onSuccess();
    expect(bucket.rate()).toBeCloseTo(72);
    for (let index = 0; index < 13; index += 1) bucket.onSuccess();
    expect(bucket.rate()).toBeCloseTo(98);
    for (let index = 0; index < 10; index += 1) bucket.onSuccess();
    expect(bucket.rate()).toBe(100);
  });

  it('rejects a limit that could never hand out a token', () => {
    expect(() => new TokenBucket({ capacity: 0.5, refillPerSecond: 1 }, () => 0)).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 5, refillPerSecond: 0 }, () => 0)).toThrow(RangeError);
  });
});

describe('resolveRateLimit', () => {
  it.each([
    ['ec2:DescribeInstances', 'ec2:Describe*'],
    ['ec2:GetEbsEncryptionByDefault', 'ec2:Get*'],
    ['ec2:ModifyInstanceAttribute', 'ec2:*'],
    ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarms'],
    ['cloudwatch:DescribeAlarmsForMetric', 'cloudwatch:*'],
    ['s3:GetBucketPolicy', 's3:*'],
    ['s3-control:GetPublicAccessBlock', 's3-control:*'],
    ['macie2:GetMacieSession', '*'],
  ])('%s uses the bucket %s', (api, pattern) => {
    expect(resolveRateLimit(api).pattern).toBe(pattern);
  });

  it('uses the published EC2 Describe limits', () => {
    expect(resolveRateLimit('ec2:DescribeInstances', DEFAULT_RATE_LIMITS)).toMatchObject({ capacity: 100, refillPerSecond: 20 });
  });

  it('prefers the most specific pattern whatever the table order', () => {
    const rules = [rule('*', 1, 1), rule('ec2:*', 2, 2), rule('ec2:Describe*', 3, 3)];
    expect(resolveRateLimit('ec2:DescribeInstances', rules).pattern).toBe('ec2:Describe*');
    expect(resolveRateLimit('ec2:RunInstances', [...rules].reverse()).pattern).toBe('ec2:*');
  });

  it('throws when no rule matches', () => {
    expect(() => resolveRateLimit('iam:ListUsers', [rule('ec2:*', 1, 1)])).toThrow('no rate limit rule matches iam:ListUsers');
  });
});

describe('error classification', () => {
  it('reads the code from the SDK error name, Code or Node code', () => {
    expect(toApiError('iam:ListUsers', sdkError('AccessDenied', 'denied', 403), 'us-east-1')).toEqual({
      api: 'iam:ListUsers',
      code: 'AccessDenied',
      message: 'denied',
      region: 'us-east-1',
      httpStatus: 403,
    });
    expect(toApiError('s3:GetBucketAcl', { name: 'S3ServiceException', Code: 'AccessDenied', message: 'Access Denied' }).code).toBe('AccessDenied');
    expect(toApiError('sts:GetCallerIdentity', Object.assign(new Error('getaddrinfo ENOTFOUND sts.amazonaws.com'), { code: 'ENOTFOUND' })).code).toBe('ENOTFOUND');
    expect(toApiError('sts:GetCallerIdentity', 'boom')).toEqual({ api: 'sts:GetCallerIdentity', code: 'UnknownError', message: 'boom' });
  });

  it('drops a message that only repeats the code', () => {
    expect(toApiError('iam:ListUsers', sdkError('Throttling', 'Throttling')).message).toBe('');
  });

  it('classifies throttling and transient errors', () => {
    const error = (code: string, httpStatus?: number): ApiError => ({ api: 'x:Y', code, message: '', ...(httpStatus ? { httpStatus } : {}) });
    expect(isThrottle(error('RequestLimitExceeded'))).toBe(true);
    expect(isThrottle(error('Whatever', 429))).toBe(true);
    expect(isThrottle(error('AccessDenied', 403))).toBe(false);
    expect(isTransient(error('InternalFailure'))).toBe(true);
    expect(isTransient(error('Whatever', 502))).toBe(true);
    expect(isTransient(error('ValidationException', 400))).toBe(false);
  });

  it.each([
    ['throttling', 'Throttling', 400, ''],
    ['throttling', 'SomethingNew', 429, ''],
    ['throttling', 'RequestLimitExceeded', 503, ''],
    ['transient', 'InternalError', 500, ''],
    ['transient', 'ServiceFailure', 500, ''],
    ['transient', 'KMSInternalException', 500, ''],
    ['transient', 'ServiceUnavailableException', 503, ''],
    ['transient', 'Unknown', 502, ''],
    ['transient', 'UnknownError', 503, '@aws-sdk XML parse error: unexpected content.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'],
    ['transient', 'RequestTimeout', 400, ''],
    ['transient', 'ECONNRESET', undefined, 'socket hang up'],
    ['transient', 'EPIPE', undefined, 'write EPIPE'],
    ['transient', 'TimeoutError', undefined, 'Connection timed out after 10000 ms'],
    ['transient', 'AttemptTimeout', undefined, 'no answer within 30000 ms'],
    ['permanent', 'Unknown', 500, ''],
    ['permanent', 'SyntaxError', 500, 'Unexpected token \'<\', "<html>" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'],
    ['permanent', 'UnknownError', 501, ''],
    ['permanent', 'UnknownError', 200, '@aws-sdk XML parse error: missing closing tag.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'],
    ['permanent', 'AccessDenied', 403, ''],
    ['permanent', 'ValidationException', 400, ''],
    ['permanent', 'NoSuchEntity', 404, ''],
    ['permanent', 'ENOTFOUND', undefined, 'getaddrinfo ENOTFOUND sts.example.invalid'],
  ] as const)('%s: %s with HTTP status %s', (expected, code, httpStatus, message) => {
    const error: ApiError = { api: 'x:Y', code, message, ...(httpStatus !== undefined ? { httpStatus } : {}) };
    expect(classifyFailure(error)).toBe(expected);
  });

  it('knows an unreadable answer only when there was an HTTP answer', () => {
    expect(isUnreadableAnswer({ api: 'x:Y', code: 'Unknown', message: '', httpStatus: 500 })).toBe(true);
    expect(isUnreadableAnswer({ api: 'x:Y', code: 'UnknownError', message: 'boom' })).toBe(false);
    expect(isUnreadableAnswer({ api: 'x:Y', code: 'InternalError', message: 'We encountered an internal error.', httpStatus: 500 })).toBe(false);
  });
});
