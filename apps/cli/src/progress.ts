/**
 * Scan progress: a redrawn bar on a TTY, a plain line every few seconds otherwise (CI logs),
 * nothing with --quiet. The state is fed by the engine's progress events and by every finding;
 * what is drawn is a pure function of that state, so it is tested without a terminal.
 */
import type { Finding } from '@palisade/core';
import type { EncodingScanSink, ScanProgress } from '@palisade/engine';
import type { ProgressCounts } from './progress-encoder.ts';
import { formatNumber } from './terminal.ts';

export interface ProgressReporter {
  update(event: ScanProgress): void;
  /** Every in-scope finding, for the finding and resource counts. */
  observe(finding: Finding): void;
  /** The same counts, made by a worker thread from a batch of findings (progress-encoder.ts). */
  observeCounts(counts: ProgressCounts): void;
  done(): void;
}

/** The module a worker thread loads for the progress counts: beside this one, as TypeScript from the sources, as JavaScript in the bundle (an entry point of its own). */
const ENCODER_MODULE = new URL(import.meta.url.endsWith('.ts') ? './progress-encoder.ts' : './progress-encoder.js', import.meta.url).href;

/** The sink that feeds the progress counters: every finding in scope, whatever `--status` writes. */
export function progressSink(progress: ProgressReporter): EncodingScanSink {
  return {
    receives: 'all',
    write: async (batch) => {
      for (const finding of batch) progress.observe(finding);
    },
    workerEncoder: () => ({ module: ENCODER_MODULE, export: 'progressEncoder' }),
    writeEncoded: async (counts) => progress.observeCounts(counts as ProgressCounts),
  };
}

/** What the scan has done so far; built from events, read by the renderers. */
export class ProgressState {
  /** Accounts the scan covers, once known (live scans). */
  accountsTotal: number | undefined;
  accountsDone = 0;
  findings = 0;
  /** How far a snapshot file has been read; the measure of progress for snapshot scans. */
  snapshot: { readonly bytesRead: number; readonly fileBytes: number } | undefined;
  /** The latest connection message, shown until collection starts. */
  message: string | undefined;
  private resourcesOfFinishedAccounts = 0;
  /** Distinct resources per account still being evaluated: bounded by the accounts in flight. */
  private readonly resourcesInFlight = new Map<string, Set<string>>();
  /** The same, counted by worker threads (`observeCounts`). */
  private readonly resourceCountsInFlight = new Map<string, number>();
  private readonly tasks = new Map<string, { done: number; total: number }>();

  constructor(readonly startedAt: number) {}

  apply(event: ScanProgress): void {
    if (event.phase === 'connect') {
      this.message = event.message;
      if (event.accounts !== undefined) this.accountsTotal = event.accounts;
    } else if (event.phase === 'collect') {
      this.message = undefined;
      this.tasks.set(event.accountId, { done: event.done, total: event.total });
    } else {
      this.message = undefined;
      this.accountsDone += 1;
      if (event.snapshot) this.snapshot = event.snapshot;
      const resources = this.resourcesInFlight.get(event.accountId);
      this.resourcesOfFinishedAccounts += (resources?.size ?? 0) + (this.resourceCountsInFlight.get(event.accountId) ?? 0);
      this.resourcesInFlight.delete(event.accountId);
      this.resourceCountsInFlight.delete(event.accountId);
    }
  }

  observe(finding: Finding): void {
    this.findings += 1;
    let resources = this.resourcesInFlight.get(finding.accountId);
    if (!resources) {
      resources = new Set();
      this.resourcesInFlight.set(finding.accountId, resources);
    }
    resources.add(finding.resource.uid);
  }

  observeCounts(counts: ProgressCounts): void {
    this.findings += counts.findings;
    for (const [accountId, resources] of counts.resources) this.resourceCountsInFlight.set(accountId, (this.resourceCountsInFlight.get(accountId) ?? 0) + resources);
  }

  get resources(): number {
    let count = this.resourcesOfFinishedAccounts;
    for (const resources of this.resourcesInFlight.values()) count += resources.size;
    for (const resources of this.resourceCountsInFlight.values()) count += resources;
    return count;
  }

  /** Collection tasks done, and planned: exact for the accounts started, estimated for the rest. */
  get collection(): { readonly done: number; readonly total: number } | undefined {
    if (this.tasks.size === 0) return undefined;
    let done = 0;
    let planned = 0;
    for (const account of this.tasks.values()) {
      done += account.done;
      planned += account.total;
    }
    const notStarted = Math.max(0, (this.accountsTotal ?? this.tasks.size) - this.tasks.size);
    return { done, total: planned + Math.round((planned / this.tasks.size) * notStarted) };
  }
}

export interface ProgressView {
  readonly elapsedMs: number;
  /** 0..1 when it can be measured. */
  readonly fraction: number | undefined;
  readonly etaMs: number | undefined;
  readonly accounts: { readonly done: number; readonly total: number | undefined };
  readonly tasks: { readonly done: number; readonly total: number } | undefined;
  readonly resources: number;
  readonly findings: number;
  readonly rate: { readonly value: number; readonly unit: string } | undefined;
  readonly message: string | undefined;
}

export function progressView(state: ProgressState, now: number): ProgressView {
  const elapsedMs = Math.max(0, now - state.startedAt);
  const tasks = state.collection;
  let fraction: number | undefined;
  let rate: ProgressView['rate'];
  const seconds = elapsedMs / 1000;
  if (state.snapshot && state.snapshot.fileBytes > 0) {
    fraction = Math.min(1, state.snapshot.bytesRead / state.snapshot.fileBytes);
    if (seconds > 0) rate = { value: state.accountsDone / seconds, unit: 'accounts/s' };
  } else if (tasks && tasks.total > 0) {
    fraction = Math.min(1, tasks.done / tasks.total);
    if (seconds > 0) rate = { value: tasks.done / seconds, unit: 'tasks/s' };
  } else if (state.accountsTotal) {
    fraction = Math.min(1, state.accountsDone / state.accountsTotal);
  }
  // An estimate from the first percent or the first second is noise.
  const etaMs = fraction !== undefined && fraction >= 0.01 && elapsedMs >= 1000 && fraction < 1 ? (elapsedMs * (1 - fraction)) / fraction : undefined;
  return {
    elapsedMs,
    fraction,
    etaMs,
    accounts: { done: state.accountsDone, total: state.accountsTotal },
    tasks,
    resources: state.resources,
    findings: state.findings,
    rate,
    message: state.message,
  };
}

interface ProgressPart {
  readonly text: string;
  /** Lower is kept longer on a narrow terminal. */
  readonly rank: number;
}

/** The parts of a progress line in reading order, each with how much it matters. */
function progressParts(view: ProgressView): ProgressPart[] {
  const parts: ProgressPart[] = [{ text: `accounts ${formatNumber(view.accounts.done)}${view.accounts.total === undefined ? '' : `/${formatNumber(view.accounts.total)}`}`, rank: 1 }];
  if (view.tasks) parts.push({ text: `tasks ${formatNumber(view.tasks.done)}/${formatNumber(view.tasks.total)}`, rank: 2 });
  parts.push({ text: `resources ${formatNumber(view.resources)}`, rank: 5 }, { text: `findings ${formatNumber(view.findings)}`, rank: 4 });
  parts.push({ text: `${formatDuration(view.elapsedMs)} elapsed`, rank: 6 });
  if (view.etaMs !== undefined) parts.push({ text: `ETA ${formatDuration(view.etaMs)}`, rank: 3 });
  if (view.rate) parts.push({ text: `${view.rate.value >= 10 ? formatNumber(Math.round(view.rate.value)) : view.rate.value.toFixed(1)} ${view.rate.unit}`, rank: 7 });
  return parts;
}

/** One terminal line: a bar and the counts that fit in `width` columns, the most important kept. */
export function renderProgressBar(view: ProgressView, width: number): string {
  if (view.message && !view.tasks && view.accounts.done === 0) return fit(`${view.message}  ${formatDuration(view.elapsedMs)}`, width);
  const barWidth = width >= 120 ? 24 : 12;
  const percent = view.fraction === undefined ? '' : ` ${String(Math.floor(view.fraction * 100)).padStart(3)}%`;
  let bar: string;
  if (view.fraction === undefined) {
    // Unknown total: a marker moving with the elapsed time shows the scan is alive.
    const position = Math.floor(view.elapsedMs / 250) % barWidth;
    bar = `[${'░'.repeat(position)}█${'░'.repeat(barWidth - position - 1)}]`;
  } else {
    const filled = Math.round(view.fraction * barWidth);
    bar = `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]`;
  }
  const head = `${bar}${percent}`;
  const parts = progressParts(view);
  const kept = new Set<ProgressPart>();
  let length = head.length;
  for (const part of [...parts].sort((a, b) => a.rank - b.rank)) {
    if (length + 2 + part.text.length > width) continue;
    kept.add(part);
    length += 2 + part.text.length;
  }
  return fit([head, ...parts.filter((part) => kept.has(part)).map((part) => part.text)].join('  '), width);
}

/** A line for logs: no bar, no escape codes. */
export function renderProgressLine(view: ProgressView): string {
  const percent = view.fraction === undefined ? '' : `${Math.floor(view.fraction * 100)}% | `;
  return `progress: ${percent}${progressParts(view).map((part) => part.text).join(' | ')}`;
}

export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}

export interface ProgressOptions {
  readonly quiet: boolean;
  readonly now?: () => number;
  /** Plain mode: the least time between two lines. */
  readonly lineIntervalMs?: number;
}

export function createProgress(stream: NodeJS.WriteStream, options: ProgressOptions): ProgressReporter {
  if (options.quiet) return { update: () => {}, observe: () => {}, observeCounts: () => {}, done: () => {} };
  const now = options.now ?? (() => performance.now());
  const state = new ProgressState(now());

  if (!stream.isTTY) {
    const interval = options.lineIntervalMs ?? 10_000;
    let lastLine = state.startedAt;
    let wroteProgress = false;
    const write = (time: number) => {
      lastLine = time;
      wroteProgress = true;
      stream.write(`${renderProgressLine(progressView(state, time))}\n`);
    };
    const maybeWrite = () => {
      const time = now();
      if (time - lastLine >= interval) write(time);
    };
    const timer = setInterval(maybeWrite, interval);
    timer.unref();
    return {
      update(event) {
        state.apply(event);
        if (event.phase === 'connect') stream.write(`${event.message}\n`);
        // The first account done is shown at once, then a line per interval.
        else if (event.phase === 'evaluate' && !wroteProgress) write(now());
        else maybeWrite();
      },
      observe: (finding) => state.observe(finding),
      observeCounts: (counts) => state.observeCounts(counts),
      done: () => clearInterval(timer),
    };
  }

  let drawn = false;
  let lastDraw = -Infinity;
  const draw = (force: boolean) => {
    const time = now();
    // Collection reports thousands of tasks a second; ten frames a second are enough.
    if (!force && time - lastDraw < 100) return;
    lastDraw = time;
    drawn = true;
    stream.write(`\r\u001b[2K${renderProgressBar(progressView(state, time), Math.max(20, (stream.columns || 80) - 1))}`);
  };
  // Elapsed time and the moving marker keep going between events.
  const timer = setInterval(() => draw(true), 500);
  timer.unref();
  return {
    update(event) {
      state.apply(event);
      draw(event.phase !== 'collect');
    },
    observe: (finding) => state.observe(finding),
    observeCounts: (counts) => state.observeCounts(counts),
    done() {
      clearInterval(timer);
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
