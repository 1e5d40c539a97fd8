import { mkdir, open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PalisadeError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ByteBuilder } from './byte-builder.ts';
import type { FindingWriter } from './writer.ts';

/** A part of a finding file: the bytes of whole records, and whatever assembling them needs. */
export interface EncodedPart {
  readonly bytes: Uint8Array;
}

/** Appends the records of `batch` to `out` and returns the part they make (its `bytes` are `out`'s). */
export type RecordEncoder<Part extends EncodedPart> = (batch: readonly Finding[], out: ByteBuilder) => Part;

/** The ordered half of a finding file: its header, each part in output order, its footer. */
export interface PartAssembler<Part extends EncodedPart> {
  readonly header: string;
  /**
   * The bytes that append `part`, which `source`'s encoder made (the parts of one source arrive in
   * the order it encoded them). What depends on the records before (a separator, an index into
   * entries written earlier) is added here. The bytes are valid until the next call.
   */
  assemble(part: Part, source: number): readonly Uint8Array[];
  /** The text that completes the file after the last part. */
  footer(): string;
}

/** A part of a JSON array file: the batch's records comma-separated, and how many there are. */
export interface JsonArrayPart extends EncodedPart {
  readonly records: number;
}

const FIRST_RECORD = Buffer.from('\n');
const NEXT_RECORD = Buffer.from(',\n');

/** A JSON array file: `[` on open, each non-empty part after a separator, `]` on close. */
export function jsonArrayAssembler(): PartAssembler<JsonArrayPart> {
  let first = true;
  return {
    header: '[',
    assemble(part) {
      if (!part.records) return [];
      const separator = first ? FIRST_RECORD : NEXT_RECORD;
      first = false;
      return [separator, part.bytes];
    },
    footer: () => '\n]\n',
  };
}

/**
 * A finding file format in two halves, so that findings can be encoded where they are produced: the
 * record encoder is pure apart from state bounded by the number of checks and may run in any
 * thread (each thread its own), while the file's one assembler puts the parts in order.
 */
export interface FindingFileCodec<Part extends EncodedPart> {
  readonly format: string;
  encoder(): RecordEncoder<Part>;
  assembler(): PartAssembler<Part>;
}

/** A finding writer that also appends parts encoded in another thread. */
export interface FindingFileWriter<Part extends EncodedPart = EncodedPart> extends FindingWriter {
  writePart(part: Part, source: number): Promise<void>;
}

/** The source of the parts a writer encodes itself (`write`). */
const OWN_ENCODER = -1;

/**
 * Opens `path` (creating its directory) and writes the codec's header. Each batch or part becomes
 * one write of complete records, queued in call order so concurrent callers cannot interleave bytes.
 */
export async function openFindingFile<Part extends EncodedPart>(path: string, codec: FindingFileCodec<Part>): Promise<FindingFileWriter<Part>> {
  let handle: FileHandle;
  try {
    await createDirectory(dirname(path));
    handle = await open(path, 'w');
  } catch (cause) {
    throw outputError(path, 'cannot be created', cause);
  }
  const assembler = codec.assembler();
  const writer = new FindingFile(codec.format, path, handle, codec.encoder(), assembler);
  try {
    await writeChunks(handle, [Buffer.from(assembler.header, 'utf8')]);
  } catch (cause) {
    await handle.close();
    throw outputError(path, 'cannot be written', cause);
  }
  return writer;
}

class FindingFile<Part extends EncodedPart> implements FindingFileWriter<Part> {
  private queue: Promise<void> = Promise.resolve();
  /** Set once a write failed: the file may hold a partial record, so nothing more is appended. */
  private failure: PalisadeError | undefined;
  private closing: Promise<void> | undefined;
  /** Reused from batch to batch: encoding and writing happen one batch at a time, in the queue. */
  private readonly records = new ByteBuilder();

  constructor(
    readonly format: string,
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly encoder: RecordEncoder<Part>,
    private readonly assembler: PartAssembler<Part>,
  ) {}

  write(batch: readonly Finding[]): Promise<void> {
    if (!batch.length) return this.closing ? this.closedError() : this.queue;
    return this.append(() => {
      this.records.reset();
      return this.assembler.assemble(this.encoder(batch, this.records), OWN_ENCODER);
    });
  }

  writePart(part: Part, source: number): Promise<void> {
    return this.append(() => this.assembler.assemble(part, source));
  }

  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private closedError(): Promise<never> {
    return Promise.reject(new PalisadeError('INTERNAL', `${this.format} output ${this.path} was written after it was closed.`));
  }

  /** Queued: the bytes are made when the writes before them are done, so the builders they live in can be reused. */
  private append(bytes: () => readonly Uint8Array[]): Promise<void> {
    if (this.closing) return this.closedError();
    const run = this.queue.then(async () => {
      if (this.failure) throw this.failure;
      const chunks = bytes();
      try {
        await writeChunks(this.handle, chunks);
      } catch (cause) {
        this.failure = outputError(this.path, 'could not be written', cause);
        throw this.failure;
      }
    });
    // The caller of `write` gets the failure; the queue itself keeps going so `close` still releases the handle.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async finish(): Promise<void> {
    await this.queue;
    try {
      if (!this.failure) await writeChunks(this.handle, [Buffer.from(this.assembler.footer(), 'utf8')]);
    } catch (cause) {
      throw outputError(this.path, 'could not be completed', cause);
    } finally {
      await this.handle.close();
    }
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

/** Writes every byte of `chunks`, in order; the loop only covers short writes, which a regular file seldom makes. */
async function writeChunks(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  let pending = chunks.filter((chunk) => chunk.length > 0);
  while (pending.length) {
    const { bytesWritten } = pending.length === 1 ? await handle.write(pending[0]!) : await handle.writev(pending);
    let written = bytesWritten;
    const rest: Uint8Array[] = [];
    for (const chunk of pending) {
      if (written >= chunk.length) {
        written -= chunk.length;
        continue;
      }
      rest.push(written ? chunk.subarray(written) : chunk);
      written = 0;
    }
    pending = rest;
  }
}

function outputError(path: string, what: string, cause: unknown): PalisadeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PalisadeError('OUTPUT', `Output file ${path} ${what}: ${reason}`, { cause });
}
