/**
 * Messages of an SQS queue, read by long polling until stopped: how `palisade watch` receives the
 * change events an EventBridge rule forwards. A message is deleted only when its consumer says it
 * was handled, so one that was not stays on the queue for the next reader.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface SqsMessage {
  readonly id: string;
  readonly body: string;
  /** Deletes the message from the queue. */
  handled(): Promise<void>;
}

export interface SqsReadOptions {
  readonly queueUrl: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly signal?: AbortSignal;
  /** Long-poll wait per call (default 20 s, the most SQS allows). */
  readonly waitSeconds?: number;
}

/** An SQS call that failed, with the API and the service's own error code. */
export class SqsReadError extends Error {
  override readonly name = 'SqsReadError';
  constructor(
    readonly api: string,
    readonly code: string,
    message: string,
  ) {
    super(`${api} ${code}: ${message}`);
  }
}

export async function* readSqsMessages(options: SqsReadOptions): AsyncGenerator<SqsMessage> {
  const region = /sqs\.([a-z0-9-]+)\.amazonaws/.exec(options.queueUrl)?.[1] ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const client = new SQSClient({
    region,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    credentials: fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
  });
  const call = async <T>(api: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new SqsReadError(api, (error as { name?: string }).name ?? 'Error', (error as Error).message);
    }
  };
  try {
    while (!options.signal?.aborted) {
      let answer;
      try {
        answer = await call('sqs:ReceiveMessage', () =>
          client.send(new ReceiveMessageCommand({ QueueUrl: options.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: options.waitSeconds ?? 20 }), {
            ...(options.signal ? { abortSignal: options.signal } : {}),
          }),
        );
      } catch (error) {
        if (options.signal?.aborted) return;
        throw error;
      }
      for (const message of answer.Messages ?? []) {
        yield {
          id: message.MessageId ?? '',
          body: message.Body ?? '',
          handled: () => call('sqs:DeleteMessage', () => client.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }))).then(() => undefined),
        };
      }
    }
  } finally {
    client.destroy();
  }
}
