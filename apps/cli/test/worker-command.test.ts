/**
 * `palisade worker` and `palisade serve --executor queue`: what their flags must be, checked before
 * anything is opened, each problem named by its flag.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/program.ts';
import { workerOptionsFromFlags } from '../src/worker-command.ts';

const URL_ = 'postgres://app:secret@127.0.0.1:5432/palisade';

function io() {
  return { stdout: new PassThrough() as unknown as NodeJS.WriteStream, stderr: new PassThrough() as unknown as NodeJS.WriteStream };
}

describe('palisade worker flags', () => {
  it('turns the flags into the worker options, the owner URL defaulting to PALISADE_DATABASE_ADMIN_URL', () => {
    expect(workerOptionsFromFlags({ databaseUrl: URL_, partsDir: '/shared/parts', concurrency: 8 }, { PALISADE_DATABASE_ADMIN_URL: 'postgres://owner@127.0.0.1/palisade' })).toMatchObject({
      databaseUrl: URL_,
      databaseAdminUrl: 'postgres://owner@127.0.0.1/palisade',
      parts: { directory: '/shared/parts' },
      concurrency: 8,
    });
    expect(workerOptionsFromFlags({ databaseUrl: URL_, databaseAdminUrl: 'postgres://given@h/db', partsBucket: 'parts', partsPrefix: 'scans/' }, {})).toMatchObject({
      databaseAdminUrl: 'postgres://given@h/db',
      parts: { bucket: 'parts', prefix: 'scans/' },
    });
  });

  it.each([
    [{ partsDir: '/p' }, '--database-url is required'],
    [{ databaseUrl: '/tmp/palisade-data', partsDir: '/p' }, '--database-url must be a PostgreSQL URL'],
    [{ databaseUrl: URL_ }, 'give --parts-dir'],
    [{ databaseUrl: URL_, partsDir: '/p', partsBucket: 'b' }, '--parts-dir and --parts-bucket cannot be combined'],
    [{ databaseUrl: URL_, partsDir: '/p', partsPrefix: 'x/' }, '--parts-prefix goes with --parts-bucket'],
  ])('refuses %j', (flags, message) => {
    expect(() => workerOptionsFromFlags(flags, {})).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining(message) }));
  });

  it('is a command of the CLI whose flag problems are usage errors', async () => {
    await expect(runCli(['worker', '--parts-dir', '/p'], io())).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('--database-url is required') });
    await expect(runCli(['worker', '--database-url', URL_, '--concurrency', '0', '--parts-dir', '/p'], io())).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('palisade serve --executor', () => {
  it('refuses the queue executor on SQLite, and an unknown executor', async () => {
    await expect(runCli(['serve', '--executor', 'queue'], io())).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('--executor queue needs PostgreSQL (--database-url)') });
    await expect(runCli(['serve', '--executor', 'queue', '--data-dir', '/tmp/x'], io())).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('--executor queue needs PostgreSQL') });
    await expect(runCli(['serve', '--executor', 'lambda'], io())).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('in-process, queue') });
  });
});
