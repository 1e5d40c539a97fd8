/**
 * `palisade watch`: CloudTrail change events in, re-evaluated findings out. Each record (one JSON
 * object a line: a CloudTrail record, an EventBridge envelope around one, or a CloudTrail log file's
 * `{"Records": [...]}`) that changes a resource the checks judge leads to a targeted re-scan of that
 * resource with the current credentials; records arriving together are coalesced, so a burst on one
 * resource reads it once. Every re-evaluated finding is printed as one OCSF JSON line on stdout (and
 * appended to a file in `--output-dir`); the exit code is 3 when any of them is an unmuted FAIL.
 *
 * Input comes from a file, standard input (`-`), or an SQS queue that an EventBridge rule feeds
 * (`--sqs-queue-url`, read until interrupted; a message is deleted once its re-scan ran).
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CredentialsError, InputError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import {
  DEFAULT_SCAN_CONFIG,
  SCAN_REQUEST_VERSION,
  changeTargetOf,
  cloudTrailRecordOf,
  coalesceTargets,
  loadMutelist,
  runScan,
  targetScanScope,
} from '@palisade/engine';
import type { ChangeTarget, IgnoredReason, ScanRequest } from '@palisade/engine';
import { toOcsfDetectionFinding } from '@palisade/outputs';
import { EXIT } from './exit-codes.ts';
import type { CommandIo } from './scan-command.ts';
import { PRODUCT_VERSION } from './version.ts';

export interface WatchFlags {
  readonly input?: string;
  readonly sqsQueueUrl?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly outputDir?: string;
  readonly mutelist?: string;
  /** How long records are gathered before their re-scans start (default 200 ms). */
  readonly coalesceMs?: number;
  readonly quiet?: boolean;
}

/** One input record with where it came from, for messages. */
interface InputRecord {
  readonly value: unknown;
  readonly where: string;
  /** Called once the record's re-scan ran (an SQS message is deleted then). */
  readonly done?: () => Promise<void>;
}

interface WatchTally {
  records: number;
  malformed: number;
  ignored: Record<IgnoredReason, number>;
  rescans: number;
  findings: Record<string, number>;
  failed: number;
  scanErrors: number;
}

export async function watchCommand(flags: WatchFlags, io: CommandIo): Promise<number> {
  if (Boolean(flags.input) === Boolean(flags.sqsQueueUrl)) throw new InputError('USAGE', 'give one input: --input <file|-> or --sqs-queue-url <url>');
  const mutelist = flags.mutelist ? (await loadMutelist(flags.mutelist)).spec : undefined;
  const startedAt = new Date();
  const outputFile = flags.outputDir ? join(flags.outputDir, `palisade-watch-${startedAt.toISOString().replace(/[:.]/g, '-')}.ocsf.jsonl`) : undefined;
  if (flags.outputDir) await mkdir(flags.outputDir, { recursive: true });
  const tally: WatchTally = {
    records: 0,
    malformed: 0,
    ignored: { unmapped: 0, 'failed-call': 0, 'read-only': 0, 'no-account': 0, 'no-resource': 0 },
    rescans: 0,
    findings: {},
    failed: 0,
    scanErrors: 0,
  };
  const say = (line: string) => {
    if (!flags.quiet) io.stderr.write(`${line}\n`);
  };

  const rescan = async (target: ChangeTarget): Promise<void> => {
    tally.rescans += 1;
    const request: ScanRequest = {
      version: SCAN_REQUEST_VERSION,
      provider: 'aws',
      source: { kind: 'live', credentials: { ...(flags.profile ? { profile: flags.profile } : {}), ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}) } },
      scope: { ...targetScanScope(target), frameworks: [] },
      config: DEFAULT_SCAN_CONFIG,
      ...(mutelist ? { mutelist } : {}),
      limits: {},
      output: {},
      execution: { workers: 1 },
    };
    const lines: string[] = [];
    const result = await runScan(
      request,
      [
        {
          write: async (batch: readonly Finding[]) => {
            for (const finding of batch) {
              tally.findings[finding.status] = (tally.findings[finding.status] ?? 0) + 1;
              if (finding.status === 'FAIL' && !finding.muted) tally.failed += 1;
              lines.push(JSON.stringify(toOcsfDetectionFinding(finding, { scanId: finding.scanId, startedAt: startedAt.toISOString(), productVersion: PRODUCT_VERSION })));
            }
          },
        },
      ],
      { productVersion: PRODUCT_VERSION, ...(io.signal ? { signal: io.signal } : {}) },
    );
    if (lines.length) {
      const text = `${lines.join('\n')}\n`;
      io.stdout.write(text);
      if (outputFile) await appendFile(outputFile, text);
    }
    const what = `${target.event.source} ${target.event.name} → ${target.service} in ${target.accountId}${target.region ? ` ${target.region}` : ''}${target.arns ? ` (${target.arns.join(', ')})` : ''}`;
    if (!result.accountsScanned.includes(target.accountId)) {
      tally.scanErrors += 1;
      say(`watch: ${what}: account ${target.accountId} was not scanned${result.notScanned.length ? ` (${result.notScanned.join('; ')})` : ' — the credentials are for another account'}`);
    }
    for (const error of result.errors) {
      tally.scanErrors += 1;
      say(`watch: ${what}: ${error.error.api} ${error.error.code}: ${error.error.message}`);
    }
    say(`watch: ${what}: ${lines.length} finding(s) re-evaluated`);
  };

  // Records gathered within the coalescing window run as one set of re-scans.
  const windowMs = flags.coalesceMs ?? 200;
  let pending: { target: ChangeTarget; record: InputRecord }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    running = running.then(async () => {
      for (const target of coalesceTargets(batch.map((entry) => entry.target))) await rescan(target);
      // A record may hold several targets (a log file's records): it is done once.
      for (const record of new Set(batch.map((entry) => entry.record))) await record.done?.();
    });
    return running;
  };

  for await (const record of flags.sqsQueueUrl ? sqsRecords(flags, io, say) : lineRecords(flags.input!, io)) {
    if (io.signal?.aborted) break;
    if (record.value instanceof Error) {
      tally.malformed += 1;
      say(`watch: ${record.where}: ${record.value.message}`);
      continue;
    }
    let queued = false;
    for (const value of expandLogFile(record.value)) {
      tally.records += 1;
      const trail = cloudTrailRecordOf(value);
      if (!trail) {
        tally.malformed += 1;
        say(`watch: ${record.where}: not a CloudTrail record or an EventBridge envelope of one (no eventName)`);
        continue;
      }
      const target = changeTargetOf(trail);
      if ('ignored' in target) {
        tally.ignored[target.ignored] += 1;
        continue;
      }
      pending.push({ target, record });
      queued = true;
    }
    if (pending.length && !timer) timer = setTimeout(() => void flush(), windowMs);
    // A record that leads to no re-scan is done at once.
    if (!queued) await record.done?.();
  }
  if (timer) clearTimeout(timer);
  await flush();

  const counts = Object.entries(tally.findings)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  const ignored = Object.entries(tally.ignored)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
  say(
    `watch: ${tally.records} record(s), ${tally.rescans} re-scan(s)${ignored ? `, ignored: ${ignored}` : ''}${tally.malformed ? `, ${tally.malformed} malformed` : ''}; findings: ${counts || 'none'}${outputFile ? `; written to ${outputFile}` : ''}`,
  );
  if (tally.failed > 0) return EXIT.FAILED_CHECKS;
  if (tally.malformed > 0) return EXIT.USAGE;
  return tally.scanErrors > 0 ? EXIT.RUNTIME_ERROR : EXIT.OK;
}

/** A CloudTrail log file's records, or the value itself. */
function expandLogFile(value: unknown): unknown[] {
  if (typeof value === 'object' && value !== null && Array.isArray((value as { Records?: unknown }).Records)) return (value as { Records: unknown[] }).Records;
  return [value];
}

/** One JSON value a line of a file or of standard input; a line that is not JSON is an Error naming it. */
async function* lineRecords(input: string, io: CommandIo): AsyncGenerator<InputRecord> {
  const stream = input === '-' ? process.stdin : createReadStream(input);
  const name = input === '-' ? 'stdin' : input;
  const opened = new Promise<void>((resolve, reject) => {
    if (input === '-') resolve();
    else {
      stream.once('open', () => resolve());
      stream.once('error', (error: NodeJS.ErrnoException) => reject(new InputError('USAGE', `--input ${input}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)));
    }
  });
  await opened;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  io.signal?.addEventListener('abort', () => lines.close(), { once: true });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    try {
      yield { value: JSON.parse(line) as unknown, where: `${name}:${number}` };
    } catch (error) {
      yield { value: new Error(`not JSON (${(error as Error).message})`), where: `${name}:${number}` };
    }
  }
}

/** Messages of an SQS queue (long polling), each body one JSON value; read until interrupted. */
async function* sqsRecords(flags: WatchFlags, io: CommandIo, say: (line: string) => void): AsyncGenerator<InputRecord> {
  const { SqsReadError, readSqsMessages } = await import('@palisade/providers');
  say(`watch: reading ${flags.sqsQueueUrl} (Ctrl-C to stop)`);
  try {
    for await (const message of readSqsMessages({
      queueUrl: flags.sqsQueueUrl!,
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    })) {
      const where = `message ${message.id}`;
      let value: unknown;
      try {
        value = JSON.parse(message.body) as unknown;
      } catch (error) {
        yield { value: new Error(`not JSON (${(error as Error).message})`), where };
        await message.handled();
        continue;
      }
      yield { value, where, done: () => message.handled() };
    }
  } catch (error) {
    if (error instanceof SqsReadError) throw new CredentialsError(`--sqs-queue-url: ${error.message}`);
    throw error;
  }
}
