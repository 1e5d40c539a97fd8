/**
 * An in-memory S3 bucket behind the SDK's `client.send(command)`: it tells commands apart by their
 * class name (`PutObjectCommand`, …) and reads their `input`, answers with the SDK's output shapes
 * and throws errors shaped like the SDK's (`name` is the S3 error code, `$metadata` the status), so
 * the S3 part store runs against it exactly as against the SDK's client.
 */
import type { S3PartStoreClient } from '../src/s3-part-store.ts';

export interface StoredObject {
  readonly body: string;
  readonly contentType: string | undefined;
  readonly serverSideEncryption: string | undefined;
  readonly kmsKeyId: string | undefined;
}

export interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** An error as the SDK throws it for an S3 error answer. */
export function s3Error(code: string, status: number, message = code): Error {
  return Object.assign(new Error(message), { name: code, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

export class FakeS3Client implements S3PartStoreClient {
  /** Objects by bucket, then key. */
  readonly buckets = new Map<string, Map<string, StoredObject>>();
  readonly sent: SentCommand[] = [];
  /** Keys DeleteObjects reports as not deleted (AccessDenied), as S3 does for keys a policy protects. */
  readonly undeletable = new Set<string>();
  /** An error to throw for the next command of this class name. */
  readonly failNext = new Map<string, Error>();

  constructor(
    bucketNames: readonly string[] = ['parts'],
    /** ListObjectsV2's page size when the request sets no MaxKeys (S3: 1,000). */
    private readonly pageSize = 1_000,
  ) {
    for (const name of bucketNames) this.buckets.set(name, new Map());
  }

  async send(command: object): Promise<unknown> {
    const name = command.constructor.name;
    const input = (command as { input?: Record<string, unknown> }).input ?? {};
    this.sent.push({ name, input });
    const failure = this.failNext.get(name);
    if (failure) {
      this.failNext.delete(name);
      throw failure;
    }
    const bucket = this.buckets.get(String(input['Bucket']));
    if (!bucket) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
    switch (name) {
      case 'PutObjectCommand':
        return this.putObject(bucket, input);
      case 'GetObjectCommand':
        return this.getObject(bucket, input);
      case 'ListObjectsV2Command':
        return this.listObjects(bucket, input);
      case 'DeleteObjectsCommand':
        return this.deleteObjects(bucket, input);
      default:
        throw new Error(`the fake S3 client does not know ${name}`);
    }
  }

  /** The stored object's keys in one bucket, sorted as S3 lists them. */
  keys(bucketName = 'parts'): string[] {
    return [...(this.buckets.get(bucketName)?.keys() ?? [])].sort();
  }

  private putObject(bucket: Map<string, StoredObject>, input: Record<string, unknown>) {
    const body = input['Body'];
    const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : String(body);
    bucket.set(String(input['Key']), {
      body: text,
      contentType: input['ContentType'] as string | undefined,
      serverSideEncryption: input['ServerSideEncryption'] as string | undefined,
      kmsKeyId: input['SSEKMSKeyId'] as string | undefined,
    });
    return { $metadata: { httpStatusCode: 200 }, ETag: '"fake"' };
  }

  private getObject(bucket: Map<string, StoredObject>, input: Record<string, unknown>) {
    const object = bucket.get(String(input['Key']));
    if (!object) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
    return { $metadata: { httpStatusCode: 200 }, ContentType: object.contentType, Body: { transformToString: async () => object.body } };
  }

  private listObjects(bucket: Map<string, StoredObject>, input: Record<string, unknown>) {
    const prefix = String(input['Prefix'] ?? '');
    const max = Number(input['MaxKeys'] ?? this.pageSize);
    // The token is opaque to clients; here it is the last key of the previous page.
    const after = input['ContinuationToken'] === undefined ? '' : Buffer.from(String(input['ContinuationToken']), 'base64url').toString('utf8');
    const matching = [...bucket.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
    const page = matching.slice(0, max);
    const truncated = matching.length > page.length;
    return {
      $metadata: { httpStatusCode: 200 },
      ...(page.length > 0 ? { Contents: page.map((key) => ({ Key: key, Size: bucket.get(key)!.body.length })) } : {}),
      KeyCount: page.length,
      IsTruncated: truncated,
      ...(truncated ? { NextContinuationToken: Buffer.from(page[page.length - 1]!, 'utf8').toString('base64url') } : {}),
    };
  }

  private deleteObjects(bucket: Map<string, StoredObject>, input: Record<string, unknown>) {
    const objects = ((input['Delete'] as { Objects?: { Key?: string }[] } | undefined)?.Objects ?? []).map((object) => String(object.Key));
    if (objects.length === 0 || objects.length > 1_000) throw s3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    const errors: { Key: string; Code: string; Message: string }[] = [];
    const deleted: { Key: string }[] = [];
    for (const key of objects) {
      if (this.undeletable.has(key)) {
        errors.push({ Key: key, Code: 'AccessDenied', Message: 'Access Denied' });
        continue;
      }
      // Deleting a key that does not exist succeeds, as in S3.
      bucket.delete(key);
      deleted.push({ Key: key });
    }
    const quiet = (input['Delete'] as { Quiet?: boolean }).Quiet === true;
    return { $metadata: { httpStatusCode: 200 }, ...(quiet ? {} : { Deleted: deleted }), ...(errors.length > 0 ? { Errors: errors } : {}) };
  }
}
