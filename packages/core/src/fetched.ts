/**
 * The result of one API read, as data: either the value or the error that prevented it.
 * A check that reads a failed value must report ERROR, never treat it as "no resources".
 */

export interface ApiError {
  /** `service:Action`, e.g. `iam:GetCredentialReport`. */
  readonly api: string;
  /** The provider's error code, e.g. `AccessDenied`, `RequestTimeout`. */
  readonly code: string;
  readonly message: string;
  readonly region?: string;
  readonly httpStatus?: number;
  /** The resource whose detail call failed, when the call was for one resource. */
  readonly resourceUid?: string;
  /**
   * The answer itself says a retry may succeed, whatever its code: the SDK marked the error
   * retryable (`throttling` when as throttling), or a server error came with an empty body.
   */
  readonly retryable?: 'transient' | 'throttling';
}

export type Fetched<T> =
  | { readonly value: T; readonly error?: undefined }
  | { readonly value?: undefined; readonly error: ApiError };

export function fetchedValue<T>(value: T): Fetched<T> {
  return { value };
}

export function fetchedError<T = never>(error: ApiError): Fetched<T> {
  return { error };
}

export function describeApiError(error: ApiError): string {
  return `${error.api} failed with ${error.code}${error.message ? `: ${error.message}` : ''}`;
}
