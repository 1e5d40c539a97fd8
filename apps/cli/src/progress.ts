/**
 * Scan progress: a redrawn bar on a TTY, plain lines otherwise (CI logs), nothing with --quiet.
 */
import type { ScanProgress } from '@palisade/engine';

export interface ProgressReporter {
  update(event: ScanProgress): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream, quiet: boolean): ProgressReporter {
  if (quiet) return { update: () => {}, done: () => {} };
  if (!stream.isTTY) {
    let lastPercent = -1;
    return {
      update(event) {
        if (event.phase === 'connect') stream.write(`${event.message}\n`);
        else if (event.phase === 'collect') {
          const percent = Math.floor((event.done / event.total) * 10) * 10;
          if (percent !== lastPercent) {
            lastPercent = percent;
            stream.write(`collecting ${event.accountId}: ${event.done}/${event.total} tasks (${percent}%)\n`);
          }
        } else stream.write(`evaluated account ${event.accountId}: ${event.findings} findings\n`);
      },
      done: () => {},
    };
  }
  let line = '';
  const draw = (text: string) => {
    line = text.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
    stream.write(`\r\u001b[2K${line}`);
  };
  return {
    update(event) {
      if (event.phase === 'connect') draw(event.message);
      else if (event.phase === 'collect') {
        const width = 30;
        const filled = Math.round((event.done / event.total) * width);
        draw(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${event.done}/${event.total} ${event.accountId} ${event.region} ${event.service}`);
      } else draw(`evaluated ${event.accountId}: ${event.findings} findings`);
    },
    done() {
      if (line) stream.write('\r\u001b[2K');
      line = '';
    },
  };
}
