/** AWS SDK failures (Security Hub, S3) as delivery results that say whether another attempt may succeed. */
import { networkErrorCode } from './http.ts';
import { truncate } from './message-text.ts';
import type { DeliveryResult } from './types.ts';

/** Error names of the AWS SDK that mean "slow down", not "wrong". */
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'LimitExceededException', 'RequestLimitExceeded', 'Throttling', 'SlowDown']);

/** An AWS SDK error as a result: the code is the error's name (`AccessDeniedException`, `InvalidAccessException`). */
export function sdkFailure(error: unknown, context: { readonly timedOut: boolean; readonly aborted: boolean; readonly timeoutMs: number }): DeliveryResult {
  if (context.aborted) return { ok: false, retryable: false, code: 'ABORTED', message: 'the delivery was cancelled' };
  if (context.timedOut) return { ok: false, retryable: true, code: 'TIMEOUT', message: `no answer from AWS within ${context.timeoutMs} ms` };
  const details = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = typeof details.$metadata?.httpStatusCode === 'number' ? details.$metadata.httpStatusCode : undefined;
  const network = status === undefined ? networkErrorCode(error) : undefined;
  const name = typeof details.name === 'string' && details.name !== 'Error' && details.name !== 'TypeError' ? details.name : undefined;
  const code = network ?? name ?? 'AWS_ERROR';
  const retryable = network !== undefined || THROTTLING.has(code) || (status !== undefined && (status === 429 || status >= 500));
  const message = typeof details.message === 'string' ? details.message : String(error);
  return { ok: false, retryable, code, ...(status === undefined ? {} : { status }), message: truncate(message.replace(/\s+/g, ' '), 300) };
}
