/**
 * The half of the file sinks that runs where findings are produced. A scan split across worker
 * threads loads this module by URL in each worker (the sinks name it in `workerEncoder()`): the
 * worker encodes its findings into the bytes of every finding file and tallies them per framework,
 * and the main thread only appends those bytes and merges the tallies (file-sinks.ts). The files
 * come out byte for byte as when the main thread encodes every finding itself.
 */
import type { Finding } from '@palisade/core';
import { ComplianceAccumulator, getFramework } from '@palisade/compliance';
import type { ComplianceState, Framework } from '@palisade/compliance';
import { InputError } from '@palisade/core';
import { asffCodec } from './asff.ts';
import { ByteBuilder } from './byte-builder.ts';
import { complianceFindingsCsvCodec, complianceFindingsJsonlCodec } from './compliance/compliance-findings.ts';
import { csvCodec } from './csv.ts';
import type { OutputFormat } from './format-names.ts';
import { htmlRecordEncoder } from './html.ts';
import { ocsfCodec } from './ocsf.ts';
import { sarifRecordEncoder } from './sarif.ts';
import type { EncodedPart, RecordEncoder } from './streaming-file.ts';
import type { ScanInfo } from './writer.ts';

/** What a worker needs to encode the finding files: plain data. */
export interface FindingFilesEncoderOptions {
  readonly formats: readonly OutputFormat[];
  readonly frameworks: readonly string[];
  readonly scan: ScanInfo;
}

/** What an encoder makes of a batch for the main thread, and the memory it hands over instead of copying. */
export interface EncodedBatch {
  readonly data: unknown;
  readonly transfer?: readonly ArrayBuffer[];
}

/** The engine's worker-side sink encoder, by shape. */
export interface SinkEncoder {
  encode(batch: readonly Finding[]): EncodedBatch | undefined;
  /** The memory of an earlier batch's `transfer`, in its order, once the main thread has written it. */
  reuse?(memory: readonly ArrayBuffer[]): void;
}

/** One finding file of a scan: a format's file, or a framework's findings behind its requirements. */
export type FindingFile = { readonly kind: OutputFormat } | { readonly kind: 'compliance-csv' | 'compliance-jsonl'; readonly framework: Framework };

/** The finding files of a scan in the order they are opened and written: the formats, then each framework's two. */
export function findingFiles(formats: readonly OutputFormat[], frameworks: readonly Framework[]): FindingFile[] {
  return [
    ...formats.map((kind) => ({ kind })),
    ...frameworks.flatMap((framework) => [
      { kind: 'compliance-csv', framework },
      { kind: 'compliance-jsonl', framework },
    ] as const),
  ];
}

export function frameworksOf(ids: readonly string[]): Framework[] {
  return ids.map((id) => {
    const framework = getFramework(id);
    if (!framework) throw new InputError('USAGE', `unknown framework "${id}"`);
    return framework;
  });
}

function recordEncoder(file: FindingFile, scan: ScanInfo): RecordEncoder<EncodedPart> {
  switch (file.kind) {
    case 'json-ocsf':
      return ocsfCodec(scan).encoder();
    case 'csv':
      return csvCodec(scan.provider).encoder();
    case 'html':
      return htmlRecordEncoder();
    case 'sarif':
      return sarifRecordEncoder();
    case 'asff':
      return asffCodec(scan).encoder();
    case 'compliance-csv':
      return complianceFindingsCsvCodec(file.framework).encoder();
    case 'compliance-jsonl':
      return complianceFindingsJsonlCodec(file.framework).encoder();
  }
}

/**
 * A batch as one part per finding file, each in memory of its own that moves to the main thread;
 * the memory comes back once written (`reuse`) and the next batches are encoded into it.
 */
export function findingFilesEncoder(options: FindingFilesEncoderOptions): SinkEncoder {
  const files = findingFiles(options.formats, frameworksOf(options.frameworks));
  const encoders = files.map((file) => ({ encode: recordEncoder(file, options.scan), out: new ByteBuilder() }));
  /** Per batch handed over, in order: which builder each transferred buffer came from (-1: none). */
  const owners: number[][] = [];
  return {
    encode(batch) {
      // `take` hands the builder's memory over with the part (the builder starts afresh).
      const parts = encoders.map(({ encode, out }) => ({ ...encode(batch, out), bytes: out.take() }));
      const transfer = transferables(parts);
      const ownBytes = new Map(parts.map((part, index) => [part.bytes.buffer, index]));
      if (transfer.length) owners.push(transfer.map((buffer) => ownBytes.get(buffer) ?? -1));
      return { data: parts, transfer };
    },
    reuse(memory) {
      const owner = owners.shift() ?? [];
      memory.forEach((buffer, index) => {
        const builder = encoders[owner[index] ?? -1]?.out;
        builder?.adopt(buffer);
      });
    },
  };
}

/** The memory behind the typed arrays of the parts, each once. */
function transferables(parts: readonly EncodedPart[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const part of parts) {
    for (const value of Object.values(part)) if (ArrayBuffer.isView(value) && value.byteLength > 0) buffers.add(value.buffer as ArrayBuffer);
  }
  return [...buffers];
}

/** Each batch tallied per framework on its own: the main thread merges the tallies into its accumulators in delivery order. */
export function complianceEncoder(options: { readonly frameworks: readonly string[] }): SinkEncoder {
  const frameworks = frameworksOf(options.frameworks);
  return {
    encode(batch) {
      const states: ComplianceState[] = frameworks.map((framework) => {
        const accumulator = new ComplianceAccumulator(framework);
        accumulator.addAll(batch);
        return accumulator.state();
      });
      return { data: states };
    },
  };
}
