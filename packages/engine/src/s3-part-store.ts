/**
 * Parts as objects in an S3 bucket, for tasks that run on several machines (queue workers, Lambda):
 * `<prefix>/<key>.json`, with the directory store's key rules. A PutObject replaces an object
 * whole, so a reader sees a whole part or none, as with the directory store's rename. Parts are
 * encrypted with KMS (`aws:kms`, with the given key or the account's default S3 key): they hold
 * the collected configuration of the accounts scanned.
 *
 * The caller owns the client (region, credentials, endpoint); the SDK's command classes load on the
 * first call, so the engine stays free of the SDK until a scan uses this store.
 */
import { InputError } from '@palisade/core';
import { checkPartKey } from './part-store.ts';
import type { PartStore } from './part-store.ts';

/** What the store needs of the SDK's `S3Client`: an S3Client is one. */
export interface S3PartStoreClient {
  send(command: object): Promise<unknown>;
}

export interface S3PartStoreOptions {
  readonly client: S3PartStoreClient;
  readonly bucket: string;
  /** Key prefix ("folder") of every part; trailing slashes are ignored. */
  readonly prefix?: string;
  /** The KMS key (id, ARN or alias) parts are encrypted with; default: the bucket's default encryption. */
  readonly kmsKeyId?: string;
}

/** DeleteObjects takes at most this many keys. */
export const S3_DELETE_BATCH = 1_000;

// The fields of the SDK's answers the store reads.
interface ListAnswer {
  readonly Contents?: readonly { readonly Key?: string }[];
  readonly IsTruncated?: boolean;
  readonly NextContinuationToken?: string;
}
interface GetAnswer {
  readonly Body?: { transformToString(encoding?: string): Promise<string> };
}
interface DeleteAnswer {
  readonly Errors?: readonly { readonly Key?: string; readonly Code?: string; readonly Message?: string }[];
}

const loadSdk = () => import('@aws-sdk/client-s3');

export class S3PartStore implements PartStore {
  readonly bucket: string;
  /** `<prefix>/`, or empty without a prefix. */
  private readonly root: string;
  private readonly client: S3PartStoreClient;
  private readonly kmsKeyId: string | undefined;
  private sdk: ReturnType<typeof loadSdk> | undefined;

  constructor(options: S3PartStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? '').replace(/\/+$/, '');
    this.root = prefix ? `${prefix}/` : '';
    this.kmsKeyId = options.kmsKeyId;
  }

  async put(key: string, value: unknown): Promise<void> {
    const objectKey = this.objectKey(key);
    const { PutObjectCommand } = await this.commands();
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: objectKey,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
      // With a key named, that key; without, the bucket's default encryption (naming only `aws:kms` would pick the account's AWS managed key instead).
      ...(this.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.kmsKeyId } : {}),
    });
    await this.send(command, 'PutObject', objectKey);
  }

  async get(key: string): Promise<unknown> {
    const objectKey = this.objectKey(key);
    const { GetObjectCommand } = await this.commands();
    let text: string;
    try {
      const answer = (await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }))) as GetAnswer;
      text = (await answer.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (codeOf(error) === 'NoSuchKey') return undefined;
      throw this.failure('GetObject', objectKey, error);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new InputError('SNAPSHOT_INVALID', `damaged part: ${(cause as Error).message}`, { file: this.uri(objectKey) });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const folder = checkPartKey(prefix.replace(/\/$/, ''));
    // Without a trailing slash the prefix may also name one part: `<folder>` lists both (and
    // siblings such as `<folder>0/…`, left out below).
    const objects = await this.objectKeys(`${this.root}${folder}${prefix.endsWith('/') ? '/' : ''}`);
    const keys: string[] = [];
    for (const objectKey of objects) {
      if (!objectKey.endsWith('.json')) continue;
      const key = objectKey.slice(this.root.length, -'.json'.length);
      if (under(key, prefix)) keys.push(key);
    }
    return keys.sort();
  }

  async delete(prefix: string): Promise<void> {
    const key = checkPartKey(prefix.replace(/\/$/, ''));
    // Everything in the folder, as removing the directory store's folder does, and the part the prefix names.
    const objects = [...(await this.objectKeys(`${this.root}${key}/`)), `${this.root}${key}.json`];
    const { DeleteObjectsCommand } = await this.commands();
    for (let start = 0; start < objects.length; start += S3_DELETE_BATCH) {
      const batch = objects.slice(start, start + S3_DELETE_BATCH);
      const command = new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((objectKey) => ({ Key: objectKey })), Quiet: true } });
      const answer = (await this.send(command, 'DeleteObjects', `${this.root}${key}`)) as DeleteAnswer;
      // DeleteObjects answers 200 and lists the keys it could not delete.
      const failed = answer.Errors?.[0];
      if (failed) {
        const more = answer.Errors!.length > 1 ? ` (and ${answer.Errors!.length - 1} more)` : '';
        throw new Error(`S3 DeleteObjects of ${this.uri(failed.Key ?? key)} failed: ${failed.Code ?? 'UnknownError'}: ${failed.Message ?? ''}${more}`);
      }
    }
  }

  private objectKey(key: string): string {
    return `${this.root}${checkPartKey(key)}.json`;
  }

  /** Every object key starting with `prefix` (ListObjectsV2, page after page). */
  private async objectKeys(prefix: string): Promise<string[]> {
    const { ListObjectsV2Command } = await this.commands();
    const keys: string[] = [];
    let token: string | undefined;
    for (;;) {
      const command = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) });
      const page = (await this.send(command, 'ListObjectsV2', prefix)) as ListAnswer;
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      if (!page.IsTruncated) return keys;
      // A truncated page without a token would list the same page again, for ever.
      if (!page.NextContinuationToken || page.NextContinuationToken === token) throw new Error(`S3 ListObjectsV2 of ${this.uri(prefix)} returned a truncated page without a new continuation token`);
      token = page.NextContinuationToken;
    }
  }

  private commands(): ReturnType<typeof loadSdk> {
    this.sdk ??= loadSdk();
    return this.sdk;
  }

  private async send(command: object, operation: string, objectKey: string): Promise<unknown> {
    try {
      return await this.client.send(command);
    } catch (error) {
      throw this.failure(operation, objectKey, error);
    }
  }

  private failure(operation: string, objectKey: string, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`S3 ${operation} of ${this.uri(objectKey)} failed: ${codeOf(error)}: ${message}`, { cause: error });
  }

  private uri(objectKey: string): string {
    return `s3://${this.bucket}/${objectKey}`;
  }
}

/** The SDK's error code: the exception's name (`NoSuchKey`, `AccessDenied`), or `Code` for an unmodelled one. */
function codeOf(error: unknown): string {
  const shaped = error as { name?: string; Code?: string; code?: string } | undefined;
  if (shaped?.Code) return shaped.Code;
  if (shaped?.name && shaped.name !== 'Error') return shaped.name;
  return shaped?.code ?? 'UnknownError';
}

/** `key` is `prefix` itself or lies in its folder (whole segments), as in the other stores. */
function under(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}
