import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PalisadeError } from '@palisade/core';

/**
 * Writes `content` to `path` so that readers see either the old file or the complete new one: the
 * text goes to a temporary file in the same directory (a rename is only atomic within one file
 * system), is flushed to disk, and then replaces `path`. Missing directories are created.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (cause) {
    // The write failure is what the user must see; a leftover temporary file cannot be helped here.
    await rm(temporary, { force: true }).catch(() => undefined);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PalisadeError('OUTPUT', `Output file ${path} could not be written: ${reason}`, { cause });
  }
}
