import { mkdir, open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PalisadeError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import type { FindingWriter } from './writer.ts';

/** Turns batches into text; it may keep state bounded by the number of checks, never by findings. */
export interface BatchEncoder {
  readonly header: string;
  /** The text for one batch: whole records only; '' when there is nothing to write. */
  encode(batch: readonly Finding[]): string;
  /** The text that completes the file after the last batch. */
  footer(): string;
}

/**
 * Opens `path` (creating its directory) and writes the encoder's header. Each batch becomes one
 * write of complete records, queued in call order so concurrent callers cannot interleave bytes.
 */
export async function openStreamingWriter(format: string, path: string, encoder: BatchEncoder): Promise<FindingWriter> {
  let handle: FileHandle;
  try {
    await createDirectory(dirname(path));
    handle = await open(path, 'w');
  } catch (cause) {
    throw outputError(path, 'cannot be created', cause);
  }
  const writer = new StreamingFileWriter(format, path, handle, encoder);
  try {
    await writeAll(handle, encoder.header);
  } catch (cause) {
    await handle.close();
    throw outputError(path, 'cannot be written', cause);
  }
  return writer;
}

class StreamingFileWriter implements FindingWriter {
  private queue: Promise<void> = Promise.resolve();
  /** Set once a write failed: the file may hold a partial record, so nothing more is appended. */
  private failure: PalisadeError | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly format: string,
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly encoder: BatchEncoder,
  ) {}

  write(batch: readonly Finding[]): Promise<void> {
    if (this.closing) {
      return Promise.reject(new PalisadeError('INTERNAL', `${this.format} output ${this.path} was written after it was closed.`));
    }
    // Encoding now, in call order, keeps stateful encoders (first record, checks seen) consistent with the byte order.
    let chunk: string;
    try {
      chunk = this.encoder.encode(batch);
    } catch (cause) {
      return Promise.reject(cause);
    }
    if (chunk === '') return this.queue;
    return this.enqueue(async () => {
      if (this.failure) throw this.failure;
      try {
        await writeAll(this.handle, chunk);
      } catch (cause) {
        this.failure = outputError(this.path, 'could not be written', cause);
        throw this.failure;
      }
    });
  }

  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    await this.queue;
    try {
      if (!this.failure) await writeAll(this.handle, this.encoder.footer());
    } catch (cause) {
      throw outputError(this.path, 'could not be completed', cause);
    } finally {
      await this.handle.close();
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    // The caller of `write` gets the failure; the queue itself keeps going so `close` still releases the handle.
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir never returns for a path whose parent
 * exists but refuses children with ENOENT (`-o /proc/x`): it retries the parent forever. A path
 * that exists must be a directory (or a link to one): an error with code ENOTDIR says otherwise.
 */
export async function createDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return requireDirectory(path);
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw error;
    await createDirectory(parent);
    await mkdir(path).catch(async (retry: NodeJS.ErrnoException) => {
      if (retry.code !== 'EEXIST') throw retry;
      await requireDirectory(path);
    });
  }
}

/** EEXIST says that something is there, not that it is a directory (`-o report.json`). */
async function requireDirectory(path: string): Promise<void> {
  if ((await stat(path)).isDirectory()) return;
  throw Object.assign(new Error(`ENOTDIR: ${path} exists and is not a directory`), { code: 'ENOTDIR', syscall: 'mkdir', path });
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  // A regular file normally takes the whole buffer in one write; the loop only covers short writes.
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

function outputError(path: string, what: string, cause: unknown): PalisadeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PalisadeError('OUTPUT', `Output file ${path} ${what}: ${reason}`, { cause });
}
