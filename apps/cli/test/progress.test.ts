import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { notScannedInFile, notScannedLines } from '../src/console-report.ts';
import { ProgressState, createProgress, formatDuration, progressView, renderProgressBar, renderProgressLine } from '../src/progress.ts';
import { progressEncoder } from '../src/progress-encoder.ts';
import type { ProgressCounts } from '../src/progress-encoder.ts';

const finding = (accountId: string, uid: string) => ({ accountId, resource: { uid } }) as unknown as Finding;

/** Two live accounts of four: one collected and evaluated, one half collected. */
function liveState(): ProgressState {
  const state = new ProgressState(0);
  state.apply({ phase: 'connect', message: '4 member account(s) to scan', accounts: 4 });
  for (let done = 1; done <= 10; done += 1) state.apply({ phase: 'collect', accountId: '111111111111', region: 'us-east-1', service: 'ec2', done, total: 10 });
  state.observe(finding('111111111111', 'arn:aws:s3:::a'));
  state.observe(finding('111111111111', 'arn:aws:s3:::a'));
  state.observe(finding('111111111111', 'arn:aws:s3:::b'));
  state.apply({ phase: 'evaluate', accountId: '111111111111', findings: 3 });
  state.apply({ phase: 'collect', accountId: '222222222222', region: 'us-east-1', service: 'ec2', done: 5, total: 10 });
  state.observe(finding('222222222222', 'arn:aws:iam::222222222222:root'));
  return state;
}

describe('progress state and view', () => {
  it('counts accounts, tasks (estimating accounts not started), distinct resources and findings', () => {
    const view = progressView(liveState(), 20_000);
    expect(view.accounts).toEqual({ done: 1, total: 4 });
    // 15 of 20 tasks planned in the two accounts started, 10 per account estimated for the two others.
    expect(view.tasks).toEqual({ done: 15, total: 40 });
    expect(view.resources).toBe(3);
    expect(view.findings).toBe(4);
    expect(view.fraction).toBeCloseTo(15 / 40);
    expect(view.rate).toEqual({ value: 0.75, unit: 'tasks/s' });
    // 37.5 % in 20 s: about 33 s to go.
    expect(Math.round(view.etaMs! / 1000)).toBe(33);
  });

  it('counts the same from what worker threads send: findings and resources first seen, per account', () => {
    // The same events and findings as liveState(), the findings encoded by a worker's progress encoder.
    const encoder = progressEncoder();
    const counts = (batch: Finding[]) => encoder.encode(batch)!.data as ProgressCounts;
    const state = new ProgressState(0);
    state.apply({ phase: 'connect', message: '4 member account(s) to scan', accounts: 4 });
    for (let done = 1; done <= 10; done += 1) state.apply({ phase: 'collect', accountId: '111111111111', region: 'us-east-1', service: 'ec2', done, total: 10 });
    state.observeCounts(counts([finding('111111111111', 'arn:aws:s3:::a'), finding('111111111111', 'arn:aws:s3:::a')]));
    state.observeCounts(counts([finding('111111111111', 'arn:aws:s3:::b')]));
    // A resource seen in an earlier batch is not new.
    expect(counts([finding('111111111111', 'arn:aws:s3:::a')])).toEqual({ findings: 1, resources: [] });
    encoder.scopeDone?.('111111111111');
    state.apply({ phase: 'evaluate', accountId: '111111111111', findings: 3 });
    state.apply({ phase: 'collect', accountId: '222222222222', region: 'us-east-1', service: 'ec2', done: 5, total: 10 });
    state.observeCounts(counts([finding('222222222222', 'arn:aws:iam::222222222222:root')]));
    expect(progressView(state, 20_000)).toEqual(progressView(liveState(), 20_000));
    // A finished account is forgotten: its resources count again if they came back.
    expect(counts([finding('111111111111', 'arn:aws:s3:::a')]).resources).toEqual([['111111111111', 1]]);
  });

  it('measures a snapshot scan by the bytes read', () => {
    const state = new ProgressState(0);
    state.apply({ phase: 'evaluate', accountId: '111111111111', findings: 10, snapshot: { bytesRead: 250, fileBytes: 1000 } });
    const view = progressView(state, 4000);
    expect(view.fraction).toBe(0.25);
    expect(view.etaMs).toBe(12_000);
    expect(view.accounts).toEqual({ done: 1, total: undefined });
    expect(view.rate).toEqual({ value: 0.25, unit: 'accounts/s' });
  });

  it('gives no ETA before there is anything to measure', () => {
    const view = progressView(new ProgressState(0), 500);
    expect([view.fraction, view.etaMs, view.rate]).toEqual([undefined, undefined, undefined]);
  });
});

describe('progress rendering', () => {
  it('draws a bar with percent, accounts, tasks, resources, findings, elapsed, ETA and rate', () => {
    expect(renderProgressBar(progressView(liveState(), 20_000), 200)).toBe(
      '[█████████░░░░░░░░░░░░░░░]  37%  accounts 1/4  tasks 15/40  resources 3  findings 4  00:20 elapsed  ETA 00:33  0.8 tasks/s',
    );
  });

  it('keeps the most important parts on a narrow terminal, in reading order, never breaking the line', () => {
    expect(renderProgressBar(progressView(liveState(), 20_000), 80)).toBe('[█████░░░░░░░]  37%  accounts 1/4  tasks 15/40  findings 4  ETA 00:33');
    const narrow = renderProgressBar(progressView(liveState(), 20_000), 60);
    expect(narrow).toBe('[█████░░░░░░░]  37%  accounts 1/4  tasks 15/40  ETA 00:33');
    expect(narrow.length).toBeLessThanOrEqual(60);
  });

  it('shows the connection message until there is progress', () => {
    const state = new ProgressState(0);
    state.apply({ phase: 'connect', message: 'connecting to AWS', accounts: 1 });
    expect(renderProgressBar(progressView(state, 3000), 80)).toBe('connecting to AWS  00:03');
  });

  it('writes plain lines for logs', () => {
    expect(renderProgressLine(progressView(liveState(), 20_000))).toBe(
      'progress: 37% | accounts 1/4 | tasks 15/40 | resources 3 | findings 4 | 00:20 elapsed | ETA 00:33 | 0.8 tasks/s',
    );
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(61_000), formatDuration(3_725_000)]).toEqual(['00:00', '01:01', '1:02:05']);
  });

  it('writes one line at the first account, then at most one per interval when not on a terminal', () => {
    let time = 0;
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const progress = createProgress(stream, { quiet: false, now: () => time, lineIntervalMs: 10_000 });
    for (let index = 0; index < 5; index += 1) {
      time += 1000;
      progress.update({ phase: 'evaluate', accountId: String(100000000000 + index), findings: 1 });
    }
    time = 12_000;
    progress.update({ phase: 'evaluate', accountId: '200000000000', findings: 1 });
    progress.done();
    expect(written).toEqual([
      'progress: accounts 1 | resources 0 | findings 0 | 00:01 elapsed\n',
      'progress: accounts 6 | resources 0 | findings 0 | 00:12 elapsed\n',
    ]);
  });
});

describe('accounts not scanned', () => {
  const lines = (count: number) => Array.from({ length: count }, (_, index) => `account ${300000000000 + index}: not evaluated (interrupted)`);

  it('lists up to ten inline', () => {
    expect(notScannedInFile(lines(10))).toBe(false);
    expect(notScannedLines(lines(2), undefined)).toEqual([
      '  not scanned: account 300000000000: not evaluated (interrupted)',
      '  not scanned: account 300000000001: not evaluated (interrupted)',
    ]);
  });

  it('collapses more into a count and the file that lists them', () => {
    expect(notScannedInFile(lines(11))).toBe(true);
    expect(notScannedLines(lines(1200), '/out/scan.not-scanned.txt')).toEqual(['  not scanned: 1,200 accounts, listed in /out/scan.not-scanned.txt']);
  });
});
